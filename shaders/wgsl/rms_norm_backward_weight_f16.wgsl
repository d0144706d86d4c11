enable f16;
@group(0) @binding(3) var<storage, read_write> v19: array<f16>;
@group(0) @binding(2) var<storage, read_write> v13: array<f32>;
@group(0) @binding(1) var<storage, read_write> v7: array<f16>;
@group(0) @binding(0) var<storage, read_write> v1: array<f16>;
struct info_st { scalars_usize: array<u32, 8>, static_meta: array<u32, 12>, dynamic_meta: array<u32> }
@group(0) @binding(4) var<storage, read> info_var: info_st;
@compute @workgroup_size(64, 1, 1)
fn rms_norm_backward_weight_f_(@builtin(workgroup_id) v93: vec3<u32>, @builtin(num_workgroups) v95: vec3<u32>, @builtin(local_invocation_index) v102: u32) {
let v106 = &v19;
let v107 = &v13;
let v108 = &v7;
let v109 = &v1;
let v5 = u32(0);
let v14 = info_var.scalars_usize[4];
let v20 = info_var.scalars_usize[6];
let v94 = v93[2];
let v71 = u32(v94);
let v96 = v95[1];
let v73 = u32(v96);
let v74 = v71 * v73;
let v97 = v95[0];
let v76 = u32(v97);
let v77 = v74 * v76;
let v98 = v93[1];
let v79 = u32(v98);
let v82 = v79 * v76;
let v83 = v77 + v82;
let v100 = v93[0];
let v85 = u32(v100);
let v86 = v83 + v85;
let v104 = u32(64);
let v89 = v86 * v104;
let v103 = v102;
let v91 = u32(v103);
let v92 = v89 + v91;
let v26 = v92 < v20;
if v26 {
let v27 = f32(0.0);
var<function> v68_store: f32;
let v68 = &v68_store;
*v68 = v27;
let v31 = u32(1);
for(var v32: u32 = v5; v32 < v14; v32 += v31) {
let v34 = v32 * v20;
let v35 = v34 + v92;
let v39 = &(*v108)[v35];
let v40 = *v39;
let v41 = f32(v40);
let v45 = &(*v109)[v35];
let v46 = *v45;
let v47 = f32(v46);
let v48 = v41 * v47;
let v52 = &(*v107)[v32];
let v53 = *v52;
let v55 = *v68;
let v105 = fma(v48, v53, v55);
*v68 = v105;

}
let v57 = *v68;
let v58 = f16(v57);
let v62 = &(*v106)[v92];
*v62 = v58;

}
return;

}
