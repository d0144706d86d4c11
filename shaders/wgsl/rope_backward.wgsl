@group(0) @binding(3) var<storage, read_write> v19: array<f32>;
@group(0) @binding(2) var<storage, read_write> v13: array<f32>;
@group(0) @binding(1) var<storage, read_write> v7: array<f32>;
@group(0) @binding(0) var<storage, read_write> v1: array<f32>;
struct info_st { scalars_usize: array<u32, 8>, static_meta: array<u32, 12>, dynamic_meta: array<u32> }
@group(0) @binding(4) var<storage, read> info_var: info_st;
@compute @workgroup_size(256, 1, 1)
fn rope_f_f32(@builtin(workgroup_id) v126: vec3<u32>, @builtin(num_workgroups) v128: vec3<u32>, @builtin(local_invocation_index) v135: u32) {
let v141 = &v19;
let v142 = &v13;
let v143 = &v7;
let v144 = &v1;
let v3 = info_var.scalars_usize[1];
let v20 = info_var.scalars_usize[6];
let v127 = v126[2];
let v104 = u32(v127);
let v129 = v128[1];
let v106 = u32(v129);
let v107 = v104 * v106;
let v130 = v128[0];
let v109 = u32(v130);
let v110 = v107 * v109;
let v131 = v126[1];
let v112 = u32(v131);
let v115 = v112 * v109;
let v116 = v110 + v115;
let v133 = v126[0];
let v118 = u32(v133);
let v119 = v116 + v118;
let v137 = u32(256);
let v122 = v119 * v137;
let v136 = v135;
let v124 = u32(v136);
let v125 = v122 + v124;
let v26 = v125 < v20;
if v26 {
let v27 = u32(1);
let v28 = v3 - v27;
let v97 = info_var.static_meta[4];
let v98 = v97 + v28;
let v99 = info_var.dynamic_meta[v98];
let v31 = u32(2);
let v32 = v3 - v31;
let v101 = v97 + v32;
let v102 = info_var.dynamic_meta[v101];
let v36 = v99 / v31;
let v37 = v125 % v99;
let v38 = v125 / v99;
let v39 = v38 % v102;
let v40 = v39 * v99;
let v44 = &(*v144)[v125];
let v45 = *v44;
let v46 = v40 + v37;
let v50 = &(*v143)[v46];
let v51 = *v50;
let v52 = v45 * v51;
let v53 = v37 < v36;
if v53 {
let v54 = v125 + v36;
let v58 = &(*v144)[v54];
let v59 = *v58;
let v61 = v46 + v36;
let v65 = &(*v142)[v61];
let v66 = *v65;
let v138 = fma(v59, v66, v52);
let v72 = &(*v141)[v125];
*v72 = v138;

} else {
let v73 = v125 - v36;
let v77 = &(*v144)[v73];
let v78 = *v77;
let v80 = v46 - v36;
let v84 = &(*v142)[v80];
let v85 = *v84;
let v139 = -v78;
let v140 = fma(v139, v85, v52);
let v91 = &(*v141)[v125];
*v91 = v140;

}

}
return;

}
