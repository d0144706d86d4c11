@group(0) @binding(2) var<storage, read_write> v13: array<f32>;
@group(0) @binding(1) var<storage, read_write> v7: array<f32>;
@group(0) @binding(0) var<storage, read_write> v1: array<f32>;
struct info_st { scalars_usize: array<u32, 6>, static_meta: array<u32, 10>, dynamic_meta: array<u32> }
@group(0) @binding(3) var<storage, read> info_var: info_st;
@compute @workgroup_size(256, 1, 1)
fn swiglu_forward_f_f32(@builtin(workgroup_id) v70: vec3<u32>, @builtin(num_workgroups) v72: vec3<u32>, @builtin(local_invocation_index) v79: u32) {
let v82 = &v13;
let v83 = &v7;
let v84 = &v1;
let v14 = info_var.scalars_usize[4];
let v71 = v70[2];
let v48 = u32(v71);
let v73 = v72[1];
let v50 = u32(v73);
let v51 = v48 * v50;
let v74 = v72[0];
let v53 = u32(v74);
let v54 = v51 * v53;
let v75 = v70[1];
let v56 = u32(v75);
let v59 = v56 * v53;
let v60 = v54 + v59;
let v77 = v70[0];
let v62 = u32(v77);
let v63 = v60 + v62;
let v81 = u32(256);
let v66 = v63 * v81;
let v80 = v79;
let v68 = u32(v80);
let v69 = v66 + v68;
let v20 = v69 < v14;
if v20 {
let v24 = &(*v84)[v69];
let v25 = *v24;
let v26 = -v25;
let v27 = exp(v26);
let v28 = f32(1.0);
let v29 = v28 + v27;
let v31 = v28 / v29;
let v32 = v25 * v31;
let v36 = &(*v83)[v69];
let v37 = *v36;
let v38 = v32 * v37;
let v42 = &(*v82)[v69];
*v42 = v38;

}
return;

}
