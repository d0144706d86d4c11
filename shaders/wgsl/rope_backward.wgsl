@group(0) @binding(3) var<storage, read_write> v19: array<f32>;
@group(0) @binding(2) var<storage, read_write> v13: array<f32>;
@group(0) @binding(1) var<storage, read_write> v7: array<f32>;
@group(0) @binding(0) var<storage, read_write> v1: array<f32>;
struct info_st { scalars_usize: array<u32, 8>, static_meta: array<u32, 12>, dynamic_meta: array<u32> }
@group(0) @binding(4) var<storage, read> info_var: info_st;
@compute @workgroup_size(256, 1, 1)
fn rope_f_f32_94f407f2(@builtin(workgroup_id) v138: vec3<u32>, @builtin(num_workgroups) v140: vec3<u32>, @builtin(local_invocation_index) v147: u32) {
let v153 = &v19;
let v154 = &v13;
let v155 = &v7;
let v156 = &v1;
let v3 = info_var.scalars_usize[1];
let v20 = info_var.scalars_usize[6];
let v139 = v138[2];
let v116 = u32(v139);
let v141 = v140[1];
let v118 = u32(v141);
let v119 = v116 * v118;
let v142 = v140[0];
let v121 = u32(v142);
let v122 = v119 * v121;
let v143 = v138[1];
let v124 = u32(v143);
let v127 = v124 * v121;
let v128 = v122 + v127;
let v145 = v138[0];
let v130 = u32(v145);
let v131 = v128 + v130;
let v149 = u32(256);
let v134 = v131 * v149;
let v148 = v147;
let v136 = u32(v148);
let v137 = v134 + v136;
let v26 = v137 < v20;
if v26 {
let v27 = u32(1);
let v28 = v3 - v27;
let v109 = info_var.static_meta[4];
let v110 = v109 + v28;
let v111 = info_var.dynamic_meta[v110];
let v31 = u32(2);
let v32 = v3 - v31;
let v113 = v109 + v32;
let v114 = info_var.dynamic_meta[v113];
let v36 = v111 / v31;
let v37 = v137 % v111;
let v38 = v137 / v111;
let v39 = v38 % v114;
let v40 = v39 * v111;
let v41 = v37 < v36;
if v41 {
let v42 = v137 + v36;
let v46 = &(*v156)[v137];
let v47 = *v46;
let v48 = v40 + v37;
let v52 = &(*v155)[v48];
let v53 = *v52;
let v58 = &(*v156)[v42];
let v59 = *v58;
let v61 = v48 + v36;
let v65 = &(*v154)[v61];
let v66 = *v65;
let v67 = v59 * v66;
let v150 = fma(v47, v53, v67);
let v72 = &(*v153)[v137];
*v72 = v150;

} else {
let v73 = v137 - v36;
let v77 = &(*v156)[v137];
let v78 = *v77;
let v79 = v40 + v37;
let v83 = &(*v155)[v79];
let v84 = *v83;
let v89 = &(*v156)[v73];
let v90 = *v89;
let v92 = v79 - v36;
let v96 = &(*v154)[v92];
let v97 = *v96;
let v98 = v90 * v97;
let v151 = -v98;
let v152 = fma(v78, v84, v151);
let v103 = &(*v153)[v137];
*v103 = v152;

}

}
return;

}
