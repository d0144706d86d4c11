var<workgroup> shared_v22: array<f32, 128>;
@group(0) @binding(2) var<storage, read_write> v13: array<f32>;
@group(0) @binding(1) var<storage, read_write> v7: array<f32>;
@group(0) @binding(0) var<storage, read_write> v1: array<f32>;
struct info_st { scalars_usize: array<u32, 6>, scalars_f32: array<f32, 2>, static_meta: array<u32, 10>, dynamic_meta: array<u32> }
@group(0) @binding(3) var<storage, read> info_var: info_st;
@compute @workgroup_size(128, 1, 1)
fn rms_norm_forward_f_f32(@builtin(local_invocation_index) v170: u32, @builtin(workgroup_id) v180: vec3<u32>, @builtin(num_workgroups) v182: vec3<u32>) {
let v192 = &v13;
let v193 = &v7;
let v194 = &v1;
let v5 = u32(0);
let v8 = info_var.scalars_usize[2];
let v19 = info_var.scalars_f32[0];
let v181 = v180[2];
let v154 = u32(v181);
let v183 = v182[1];
let v156 = u32(v183);
let v157 = v154 * v156;
let v184 = v182[0];
let v159 = u32(v184);
let v160 = v157 * v159;
let v185 = v180[1];
let v162 = u32(v185);
let v165 = v162 * v159;
let v166 = v160 + v165;
let v187 = v180[0];
let v168 = u32(v187);
let v169 = v166 + v168;
let v21 = v169 * v8;
let v144 = &shared_v22;
let v24 = u32(128);
let v26 = f32(0.0);
var<function> v145_store: f32;
let v145 = &v145_store;
*v145 = v26;
let v171 = v170;
let v30 = u32(v171);
var<function> v146_store: u32;
let v146 = &v146_store;
*v146 = v30;
loop {
let v32 = *v146;
let v33 = v32 < v8;
if !v33 { break; }
let v35 = *v146;
let v36 = v21 + v35;
let v40 = &(*v194)[v36];
let v41 = *v40;
let v43 = *v145;
let v191 = fma(v41, v41, v43);
*v145 = v191;
let v47 = *v146;
let v48 = v47 + v24;
*v146 = v48;

}
let v54 = &(*v144)[v30];
let v55 = *v145;
*v54 = v55;
workgroupBarrier();
let v174 = u32(128);
var<function> v148_store: u32;
let v148 = &v148_store;
*v148 = v174;
let v58 = u32(1);
var<function> v149_store: u32;
let v149 = &v149_store;
*v149 = v58;
loop {
let v61 = *v148;
let v63 = v61 > v58;
if !v63 { break; }
let v65 = *v148;
let v66 = u32(2);
let v67 = v65 / v66;
*v148 = v67;
let v69 = *v148;
let v70 = v171 < v69;
if v70 {
let v71 = *v149;
let v73 = v71 * v66;
let v75 = v73 * v171;
let v76 = u32(v75);
let v79 = v66 * v171;
let v81 = v79 + v58;
let v83 = v71 * v81;
let v84 = u32(v83);
let v88 = &(*v144)[v84];
let v89 = *v88;
let v93 = &(*v144)[v76];
let v94 = *v93;
let v95 = v94 + v89;
*v93 = v95;

}
let v96 = *v149;
let v98 = v96 * v66;
*v149 = v98;
workgroupBarrier();

}
let v103 = &(*v144)[v5];
let v104 = *v103;
workgroupBarrier();
let v105 = f32(v8);
let v106 = v104 / v105;
let v107 = v106 + v19;
let v108 = sqrt(v107);
var<function> v151_store: u32;
let v151 = &v151_store;
*v151 = v30;
loop {
let v112 = *v151;
let v113 = v112 < v8;
if !v113 { break; }
let v115 = *v151;
let v116 = v21 + v115;
let v120 = &(*v194)[v116];
let v121 = *v120;
let v122 = v121 / v108;
let v127 = &(*v193)[v115];
let v128 = *v127;
let v129 = v122 * v128;
let v135 = &(*v192)[v116];
*v135 = v129;
let v139 = v115 + v24;
*v151 = v139;

}
return;

}
