enable f16;
var<workgroup> shared_v22: array<f32, 128>;
@group(0) @binding(2) var<storage, read_write> v13: array<f16>;
@group(0) @binding(1) var<storage, read_write> v7: array<f16>;
@group(0) @binding(0) var<storage, read_write> v1: array<f16>;
struct info_st { scalars_usize: array<u32, 6>, scalars_f32: array<f32, 2>, static_meta: array<u32, 10>, dynamic_meta: array<u32> }
@group(0) @binding(3) var<storage, read> info_var: info_st;
@compute @workgroup_size(128, 1, 1)
fn rms_norm_forward_f_(@builtin(local_invocation_index) v173: u32, @builtin(workgroup_id) v183: vec3<u32>, @builtin(num_workgroups) v185: vec3<u32>) {
let v195 = &v13;
let v196 = &v7;
let v197 = &v1;
let v5 = u32(0);
let v8 = info_var.scalars_usize[2];
let v19 = info_var.scalars_f32[0];
let v184 = v183[2];
let v157 = u32(v184);
let v186 = v185[1];
let v159 = u32(v186);
let v160 = v157 * v159;
let v187 = v185[0];
let v162 = u32(v187);
let v163 = v160 * v162;
let v188 = v183[1];
let v165 = u32(v188);
let v168 = v165 * v162;
let v169 = v163 + v168;
let v190 = v183[0];
let v171 = u32(v190);
let v172 = v169 + v171;
let v21 = v172 * v8;
let v147 = &shared_v22;
let v24 = u32(128);
let v26 = f32(0.0);
var<function> v148_store: f32;
let v148 = &v148_store;
*v148 = v26;
let v174 = v173;
let v30 = u32(v174);
var<function> v149_store: u32;
let v149 = &v149_store;
*v149 = v30;
loop {
let v32 = *v149;
let v33 = v32 < v8;
if !v33 { break; }
let v35 = *v149;
let v36 = v21 + v35;
let v40 = &(*v197)[v36];
let v41 = *v40;
let v42 = f32(v41);
let v44 = *v148;
let v194 = fma(v42, v42, v44);
*v148 = v194;
let v48 = *v149;
let v49 = v48 + v24;
*v149 = v49;

}
let v55 = &(*v147)[v30];
let v56 = *v148;
*v55 = v56;
workgroupBarrier();
let v177 = u32(128);
var<function> v151_store: u32;
let v151 = &v151_store;
*v151 = v177;
let v59 = u32(1);
var<function> v152_store: u32;
let v152 = &v152_store;
*v152 = v59;
loop {
let v62 = *v151;
let v64 = v62 > v59;
if !v64 { break; }
let v66 = *v151;
let v67 = u32(2);
let v68 = v66 / v67;
*v151 = v68;
let v70 = *v151;
let v71 = v174 < v70;
if v71 {
let v72 = *v152;
let v74 = v72 * v67;
let v76 = v74 * v174;
let v77 = u32(v76);
let v80 = v67 * v174;
let v82 = v80 + v59;
let v84 = v72 * v82;
let v85 = u32(v84);
let v89 = &(*v147)[v85];
let v90 = *v89;
let v94 = &(*v147)[v77];
let v95 = *v94;
let v96 = v95 + v90;
*v94 = v96;

}
let v97 = *v152;
let v99 = v97 * v67;
*v152 = v99;
workgroupBarrier();

}
let v104 = &(*v147)[v5];
let v105 = *v104;
workgroupBarrier();
let v106 = f32(v8);
let v107 = v105 / v106;
let v108 = v107 + v19;
let v109 = sqrt(v108);
var<function> v154_store: u32;
let v154 = &v154_store;
*v154 = v30;
loop {
let v113 = *v154;
let v114 = v113 < v8;
if !v114 { break; }
let v116 = *v154;
let v117 = v21 + v116;
let v121 = &(*v197)[v117];
let v122 = *v121;
let v123 = f32(v122);
let v124 = v123 / v109;
let v125 = f16(v124);
let v130 = &(*v196)[v116];
let v131 = *v130;
let v132 = v125 * v131;
let v138 = &(*v195)[v117];
*v138 = v132;
let v142 = v116 + v24;
*v154 = v142;

}
return;

}
