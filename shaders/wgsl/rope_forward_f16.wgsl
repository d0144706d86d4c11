enable f16;
@group(0) @binding(3) var<storage, read_write> v19: array<f16>;
@group(0) @binding(2) var<storage, read_write> v13: array<f16>;
@group(0) @binding(1) var<storage, read_write> v7: array<f16>;
@group(0) @binding(0) var<storage, read_write> v1: array<f16>;
struct info_st { scalars_usize: array<u32, 8>, static_meta: array<u32, 12>, dynamic_meta: array<u32> }
@group(0) @binding(4) var<storage, read> info_var: info_st;
@compute @workgroup_size(256, 1, 1)
fn rope_f_(@builtin(workgroup_id) v132: vec3<u32>, @builtin(num_workgroups) v134: vec3<u32>, @builtin(local_invocation_index) v141: u32) {
let v147 = &v19;
let v148 = &v13;
let v149 = &v7;
let v150 = &v1;
let v3 = info_var.scalars_usize[1];
let v20 = info_var.scalars_usize[6];
let v133 = v132[2];
let v110 = u32(v133);
let v135 = v134[1];
let v112 = u32(v135);
let v113 = v110 * v112;
let v136 = v134[0];
let v115 = u32(v136);
let v116 = v113 * v115;
let v137 = v132[1];
let v118 = u32(v137);
let v121 = v118 * v115;
let v122 = v116 + v121;
let v139 = v132[0];
let v124 = u32(v139);
let v125 = v122 + v124;
let v143 = u32(256);
let v128 = v125 * v143;
let v142 = v141;
let v130 = u32(v142);
let v131 = v128 + v130;
let v26 = v131 < v20;
if v26 {
let v27 = u32(1);
let v28 = v3 - v27;
let v103 = info_var.static_meta[4];
let v104 = v103 + v28;
let v105 = info_var.dynamic_meta[v104];
let v31 = u32(2);
let v32 = v3 - v31;
let v107 = v103 + v32;
let v108 = info_var.dynamic_meta[v107];
let v36 = v105 / v31;
let v37 = v131 % v105;
let v38 = v131 / v105;
let v39 = v38 % v108;
let v40 = v39 * v105;
let v44 = &(*v150)[v131];
let v45 = *v44;
let v46 = f32(v45);
let v47 = v40 + v37;
let v51 = &(*v149)[v47];
let v52 = *v51;
let v53 = f32(v52);
let v54 = v46 * v53;
let v55 = v37 < v36;
if v55 {
let v56 = v131 + v36;
let v60 = &(*v150)[v56];
let v61 = *v60;
let v62 = f32(v61);
let v67 = &(*v148)[v47];
let v68 = *v67;
let v69 = f32(v68);
let v144 = -v62;
let v145 = fma(v144, v69, v54);
let v72 = f16(v145);
let v76 = &(*v147)[v131];
*v76 = v72;

} else {
let v77 = v131 - v36;
let v81 = &(*v150)[v77];
let v82 = *v81;
let v83 = f32(v82);
let v88 = &(*v148)[v47];
let v89 = *v88;
let v90 = f32(v89);
let v146 = fma(v83, v90, v54);
let v93 = f16(v146);
let v97 = &(*v147)[v131];
*v97 = v93;

}

}
return;

}
