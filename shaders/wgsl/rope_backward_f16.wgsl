enable f16;
@group(0) @binding(3) var<storage, read_write> v19: array<f16>;
@group(0) @binding(2) var<storage, read_write> v13: array<f16>;
@group(0) @binding(1) var<storage, read_write> v7: array<f16>;
@group(0) @binding(0) var<storage, read_write> v1: array<f16>;
struct info_st { scalars_usize: array<u32, 8>, static_meta: array<u32, 12>, dynamic_meta: array<u32> }
@group(0) @binding(4) var<storage, read> info_var: info_st;
@compute @workgroup_size(256, 1, 1)
fn rope_f_(@builtin(workgroup_id) v134: vec3<u32>, @builtin(num_workgroups) v136: vec3<u32>, @builtin(local_invocation_index) v143: u32) {
let v149 = &v19;
let v150 = &v13;
let v151 = &v7;
let v152 = &v1;
let v3 = info_var.scalars_usize[1];
let v20 = info_var.scalars_usize[6];
let v135 = v134[2];
let v112 = u32(v135);
let v137 = v136[1];
let v114 = u32(v137);
let v115 = v112 * v114;
let v138 = v136[0];
let v117 = u32(v138);
let v118 = v115 * v117;
let v139 = v134[1];
let v120 = u32(v139);
let v123 = v120 * v117;
let v124 = v118 + v123;
let v141 = v134[0];
let v126 = u32(v141);
let v127 = v124 + v126;
let v145 = u32(256);
let v130 = v127 * v145;
let v144 = v143;
let v132 = u32(v144);
let v133 = v130 + v132;
let v26 = v133 < v20;
if v26 {
let v27 = u32(1);
let v28 = v3 - v27;
let v105 = info_var.static_meta[4];
let v106 = v105 + v28;
let v107 = info_var.dynamic_meta[v106];
let v31 = u32(2);
let v32 = v3 - v31;
let v109 = v105 + v32;
let v110 = info_var.dynamic_meta[v109];
let v36 = v107 / v31;
let v37 = v133 % v107;
let v38 = v133 / v107;
let v39 = v38 % v110;
let v40 = v39 * v107;
let v44 = &(*v152)[v133];
let v45 = *v44;
let v46 = f32(v45);
let v47 = v40 + v37;
let v51 = &(*v151)[v47];
let v52 = *v51;
let v53 = f32(v52);
let v54 = v46 * v53;
let v55 = v37 < v36;
if v55 {
let v56 = v133 + v36;
let v60 = &(*v152)[v56];
let v61 = *v60;
let v62 = f32(v61);
let v64 = v47 + v36;
let v68 = &(*v150)[v64];
let v69 = *v68;
let v70 = f32(v69);
let v146 = fma(v62, v70, v54);
let v73 = f16(v146);
let v77 = &(*v149)[v133];
*v77 = v73;

} else {
let v78 = v133 - v36;
let v82 = &(*v152)[v78];
let v83 = *v82;
let v84 = f32(v83);
let v86 = v47 - v36;
let v90 = &(*v150)[v86];
let v91 = *v90;
let v92 = f32(v91);
let v147 = -v84;
let v148 = fma(v147, v92, v54);
let v95 = f16(v148);
let v99 = &(*v149)[v133];
*v99 = v95;

}

}
return;

}
