@group(0) @binding(3) var<storage, read_write> v19: array<f32>;
@group(0) @binding(2) var<storage, read_write> v13: array<f32>;
@group(0) @binding(1) var<storage, read_write> v7: array<f32>;
@group(0) @binding(0) var<storage, read_write> v1: array<f32>;
struct info_st { scalars_usize: array<u32, 8>, scalars_f32: array<f32, 8>, static_meta: array<u32, 12>, dynamic_meta: array<u32> }
@group(0) @binding(4) var<storage, read> info_var: info_st;
@compute @workgroup_size(256, 1, 1)
fn adamw_step_f_f32(@builtin(workgroup_id) v113: vec3<u32>, @builtin(num_workgroups) v115: vec3<u32>, @builtin(local_invocation_index) v122: u32) {
let v129 = &v19;
let v130 = &v13;
let v131 = &v7;
let v132 = &v1;
let v2 = info_var.scalars_usize[0];
let v25 = info_var.scalars_f32[0];
let v26 = info_var.scalars_f32[1];
let v27 = info_var.scalars_f32[2];
let v28 = info_var.scalars_f32[3];
let v29 = info_var.scalars_f32[4];
let v30 = info_var.scalars_f32[5];
let v31 = info_var.scalars_f32[6];
let v114 = v113[2];
let v91 = u32(v114);
let v116 = v115[1];
let v93 = u32(v116);
let v94 = v91 * v93;
let v117 = v115[0];
let v96 = u32(v117);
let v97 = v94 * v96;
let v118 = v113[1];
let v99 = u32(v118);
let v102 = v99 * v96;
let v103 = v97 + v102;
let v120 = v113[0];
let v105 = u32(v120);
let v106 = v103 + v105;
let v124 = u32(256);
let v109 = v106 * v124;
let v123 = v122;
let v111 = u32(v123);
let v112 = v109 + v111;
let v33 = v112 < v2;
if v33 {
let v37 = &(*v131)[v112];
let v38 = *v37;
let v42 = &(*v130)[v112];
let v43 = *v42;
let v45 = f32(1.0);
let v46 = v45 - v26;
let v47 = v38 * v46;
let v125 = fma(v43, v26, v47);
let v52 = &(*v129)[v112];
let v53 = *v52;
let v55 = v38 * v38;
let v57 = v45 - v27;
let v58 = v55 * v57;
let v126 = fma(v53, v27, v58);
*v42 = v125;
*v52 = v126;
let v68 = v125 / v28;
let v69 = v126 / v29;
let v70 = sqrt(v69);
let v71 = v70 + v30;
let v72 = v68 / v71;
let v76 = &(*v132)[v112];
let v77 = *v76;
let v79 = v72 * v25;
let v127 = -v79;
let v128 = fma(v77, v31, v127);
*v76 = v128;

}
return;

}
