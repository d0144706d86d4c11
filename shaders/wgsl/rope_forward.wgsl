@group(0) @binding(3) var<storage, read_write> v19: array<f32>;
@group(0) @binding(2) var<storage, read_write> v13: array<f32>;
@group(0) @binding(1) var<storage, read_write> v7: array<f32>;
@group(0) @binding(0) var<storage, read_write> v1: array<f32>;
struct info_st { scalars_usize: array<u32, 8>, static_meta: array<u32, 12>, dynamic_meta: array<u32> }
@group(0) @binding(4) var<storage, read> info_var: info_st;
@compute @workgroup_size(256, 1, 1)
fn rope_f_f32_14efe614(@builtin(workgroup_id) v136: vec3<u32>, @builtin(num_workgroups) v138: vec3<u32>, @builtin(local_invocation_index) v145: u32) {
let v151 = &v19;
let v152 = &v13;
let v153 = &v7;
let v154 = &v1;
let v3 = info_var.scalars_usize[1];
let v20 = info_var.scalars_usize[6];
let v137 = v136[2];
let v114 = u32(v137);
let v139 = v138[1];
let v116 = u32(v139);
let v117 = v114 * v116;
let v140 = v138[0];
let v119 = u32(v140);
let v120 = v117 * v119;
let v141 = v136[1];
let v122 = u32(v141);
let v125 = v122 * v119;
let v126 = v120 + v125;
let v143 = v136[0];
let v128 = u32(v143);
let v129 = v126 + v128;
let v147 = u32(256);
let v132 = v129 * v147;
let v146 = v145;
let v134 = u32(v146);
let v135 = v132 + v134;
let v26 = v135 < v20;
if v26 {
let v27 = u32(1);
let v28 = v3 - v27;
let v107 = info_var.static_meta[4];
let v108 = v107 + v28;
let v109 = info_var.dynamic_meta[v108];
let v31 = u32(2);
let v32 = v3 - v31;
let v111 = v107 + v32;
let v112 = info_var.dynamic_meta[v111];
let v36 = v109 / v31;
let v37 = v135 % v109;
let v38 = v135 / v109;
let v39 = v38 % v112;
let v40 = v39 * v109;
let v41 = v37 < v36;
if v41 {
let v42 = v135 + v36;
let v46 = &(*v154)[v135];
let v47 = *v46;
let v48 = v40 + v37;
let v52 = &(*v153)[v48];
let v53 = *v52;
let v58 = &(*v154)[v42];
let v59 = *v58;
let v64 = &(*v152)[v48];
let v65 = *v64;
let v66 = v59 * v65;
let v148 = -v66;
let v149 = fma(v47, v53, v148);
let v71 = &(*v151)[v135];
*v71 = v149;

} else {
let v72 = v135 - v36;
let v76 = &(*v154)[v135];
let v77 = *v76;
let v78 = v40 + v37;
let v82 = &(*v153)[v78];
let v83 = *v82;
let v88 = &(*v154)[v72];
let v89 = *v88;
let v94 = &(*v152)[v78];
let v95 = *v94;
let v96 = v89 * v95;
let v150 = fma(v77, v83, v96);
let v101 = &(*v151)[v135];
*v101 = v150;

}

}
return;

}
