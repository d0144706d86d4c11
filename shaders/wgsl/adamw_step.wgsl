@group(0) @binding(3) var<storage, read_write> v19: array<f32>;
@group(0) @binding(2) var<storage, read_write> v13: array<f32>;
@group(0) @binding(1) var<storage, read_write> v7: array<f32>;
@group(0) @binding(0) var<storage, read_write> v1: array<f32>;
struct info_st { scalars_usize: array<u32, 8>, scalars_f32: array<f32, 10>, static_meta: array<u32, 12>, dynamic_meta: array<u32> }
@group(0) @binding(4) var<storage, read> info_var: info_st;
@compute @workgroup_size(256, 1, 1)
fn adamw_step_f_f32_7b2d8f13(@builtin(workgroup_id) v111: vec3<u32>, @builtin(num_workgroups) v113: vec3<u32>, @builtin(local_invocation_index) v120: u32) {
let v127 = &v19;
let v128 = &v13;
let v129 = &v7;
let v130 = &v1;
let v2 = info_var.scalars_usize[0];
let v25 = info_var.scalars_f32[0];
let v26 = info_var.scalars_f32[1];
let v27 = info_var.scalars_f32[2];
let v28 = info_var.scalars_f32[3];
let v29 = info_var.scalars_f32[4];
let v30 = info_var.scalars_f32[5];
let v31 = info_var.scalars_f32[6];
let v32 = info_var.scalars_f32[7];
let v33 = info_var.scalars_f32[8];
let v112 = v111[2];
let v89 = u32(v112);
let v114 = v113[1];
let v91 = u32(v114);
let v92 = v89 * v91;
let v115 = v113[0];
let v94 = u32(v115);
let v95 = v92 * v94;
let v116 = v111[1];
let v97 = u32(v116);
let v100 = v97 * v94;
let v101 = v95 + v100;
let v118 = v111[0];
let v103 = u32(v118);
let v104 = v101 + v103;
let v122 = u32(256);
let v107 = v104 * v122;
let v121 = v120;
let v109 = u32(v121);
let v110 = v107 + v109;
let v35 = v110 < v2;
if v35 {
let v39 = &(*v129)[v110];
let v40 = *v39;
let v44 = &(*v128)[v110];
let v45 = *v44;
let v47 = v40 * v27;
let v123 = fma(v45, v26, v47);
let v52 = &(*v127)[v110];
let v53 = *v52;
let v55 = v40 * v40;
let v56 = v55 * v29;
let v124 = fma(v53, v28, v56);
*v44 = v123;
*v52 = v124;
let v66 = v123 / v30;
let v67 = v124 / v31;
let v68 = sqrt(v67);
let v69 = v68 + v32;
let v70 = v66 / v69;
let v74 = &(*v130)[v110];
let v75 = *v74;
let v77 = v70 * v25;
let v125 = -v77;
let v126 = fma(v75, v33, v125);
*v74 = v126;

}
return;

}
