enable f16;
@group(0) @binding(2) var<storage, read_write> v13: array<f16>;
@group(0) @binding(1) var<storage, read_write> v7: array<f16>;
@group(0) @binding(0) var<storage, read_write> v1: array<f16>;
struct info_st { scalars_usize: array<u32, 6>, static_meta: array<u32, 10>, dynamic_meta: array<u32> }
@group(0) @binding(3) var<storage, read> info_var: info_st;
@compute @workgroup_size(256, 1, 1)
fn swiglu_forward_f_(@builtin(workgroup_id) v73: vec3<u32>, @builtin(num_workgroups) v75: vec3<u32>, @builtin(local_invocation_index) v82: u32) {
let v85 = &v13;
let v86 = &v7;
let v87 = &v1;
let v14 = info_var.scalars_usize[4];
let v74 = v73[2];
let v51 = u32(v74);
let v76 = v75[1];
let v53 = u32(v76);
let v54 = v51 * v53;
let v77 = v75[0];
let v56 = u32(v77);
let v57 = v54 * v56;
let v78 = v73[1];
let v59 = u32(v78);
let v62 = v59 * v56;
let v63 = v57 + v62;
let v80 = v73[0];
let v65 = u32(v80);
let v66 = v63 + v65;
let v84 = u32(256);
let v69 = v66 * v84;
let v83 = v82;
let v71 = u32(v83);
let v72 = v69 + v71;
let v20 = v72 < v14;
if v20 {
let v24 = &(*v87)[v72];
let v25 = *v24;
let v26 = f32(v25);
let v27 = -v26;
let v28 = exp(v27);
let v29 = f32(1.0);
let v30 = v29 + v28;
let v32 = v29 / v30;
let v33 = v26 * v32;
let v37 = &(*v86)[v72];
let v38 = *v37;
let v39 = f32(v38);
let v40 = v33 * v39;
let v41 = f16(v40);
let v45 = &(*v85)[v72];
*v45 = v41;

}
return;

}
