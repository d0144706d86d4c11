@group(0) @binding(3) var<storage, read_write> v19: array<f32>;
@group(0) @binding(2) var<storage, read_write> v13: array<f32>;
@group(0) @binding(1) var<storage, read_write> v7: array<f32>;
@group(0) @binding(0) var<storage, read_write> v1: array<f32>;
struct info_st { scalars_usize: array<u32, 8>, static_meta: array<u32, 12>, dynamic_meta: array<u32> }
@group(0) @binding(4) var<storage, read> info_var: info_st;
@compute @workgroup_size(64, 1, 1)
fn rms_norm_backward_weight_f_f32(@builtin(workgroup_id) v90: vec3<u32>, @builtin(num_workgroups) v92: vec3<u32>, @builtin(local_invocation_index) v99: u32) {
let v103 = &v19;
let v104 = &v13;
let v105 = &v7;
let v106 = &v1;
let v5 = u32(0);
let v14 = info_var.scalars_usize[4];
let v20 = info_var.scalars_usize[6];
let v91 = v90[2];
let v68 = u32(v91);
let v93 = v92[1];
let v70 = u32(v93);
let v71 = v68 * v70;
let v94 = v92[0];
let v73 = u32(v94);
let v74 = v71 * v73;
let v95 = v90[1];
let v76 = u32(v95);
let v79 = v76 * v73;
let v80 = v74 + v79;
let v97 = v90[0];
let v82 = u32(v97);
let v83 = v80 + v82;
let v101 = u32(64);
let v86 = v83 * v101;
let v100 = v99;
let v88 = u32(v100);
let v89 = v86 + v88;
let v26 = v89 < v20;
if v26 {
let v27 = f32(0.0);
var<function> v65_store: f32;
let v65 = &v65_store;
*v65 = v27;
let v31 = u32(1);
for(var v32: u32 = v5; v32 < v14; v32 += v31) {
let v34 = v32 * v20;
let v35 = v34 + v89;
let v39 = &(*v105)[v35];
let v40 = *v39;
let v44 = &(*v106)[v35];
let v45 = *v44;
let v46 = v40 * v45;
let v50 = &(*v104)[v32];
let v51 = *v50;
let v53 = *v65;
let v102 = fma(v46, v51, v53);
*v65 = v102;

}
let v55 = *v65;
let v59 = &(*v103)[v89];
*v59 = v55;

}
return;

}
