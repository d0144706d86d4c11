@group(0) @binding(3) var<storage, read_write> v19: array<f32>;
@group(0) @binding(2) var<storage, read_write> v13: array<f32>;
@group(0) @binding(1) var<storage, read_write> v7: array<f32>;
@group(0) @binding(0) var<storage, read_write> v1: array<f32>;
struct info_st { scalars_usize: array<u32, 8>, static_meta: array<u32, 12>, dynamic_meta: array<u32> }
@group(0) @binding(4) var<storage, read> info_var: info_st;
@compute @workgroup_size(256, 1, 1)
fn rope_f_f32(@builtin(workgroup_id) v124: vec3<u32>, @builtin(num_workgroups) v126: vec3<u32>, @builtin(local_invocation_index) v133: u32) {
let v139 = &v19;
let v140 = &v13;
let v141 = &v7;
let v142 = &v1;
let v3 = info_var.scalars_usize[1];
let v20 = info_var.scalars_usize[6];
let v125 = v124[2];
let v102 = u32(v125);
let v127 = v126[1];
let v104 = u32(v127);
let v105 = v102 * v104;
let v128 = v126[0];
let v107 = u32(v128);
let v108 = v105 * v107;
let v129 = v124[1];
let v110 = u32(v129);
let v113 = v110 * v107;
let v114 = v108 + v113;
let v131 = v124[0];
let v116 = u32(v131);
let v117 = v114 + v116;
let v135 = u32(256);
let v120 = v117 * v135;
let v134 = v133;
let v122 = u32(v134);
let v123 = v120 + v122;
let v26 = v123 < v20;
if v26 {
let v27 = u32(1);
let v28 = v3 - v27;
let v95 = info_var.static_meta[4];
let v96 = v95 + v28;
let v97 = info_var.dynamic_meta[v96];
let v31 = u32(2);
let v32 = v3 - v31;
let v99 = v95 + v32;
let v100 = info_var.dynamic_meta[v99];
let v36 = v97 / v31;
let v37 = v123 % v97;
let v38 = v123 / v97;
let v39 = v38 % v100;
let v40 = v39 * v97;
let v44 = &(*v142)[v123];
let v45 = *v44;
let v46 = v40 + v37;
let v50 = &(*v141)[v46];
let v51 = *v50;
let v52 = v45 * v51;
let v53 = v37 < v36;
if v53 {
let v54 = v123 + v36;
let v58 = &(*v142)[v54];
let v59 = *v58;
let v64 = &(*v140)[v46];
let v65 = *v64;
let v136 = -v59;
let v137 = fma(v136, v65, v52);
let v71 = &(*v139)[v123];
*v71 = v137;

} else {
let v72 = v123 - v36;
let v76 = &(*v142)[v72];
let v77 = *v76;
let v82 = &(*v140)[v46];
let v83 = *v82;
let v138 = fma(v77, v83, v52);
let v89 = &(*v139)[v123];
*v89 = v138;

}

}
return;

}
