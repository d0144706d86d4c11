enable f16;
@group(0) @binding(4) var<storage, read_write> v25: array<f16>;
@group(0) @binding(3) var<storage, read_write> v19: array<f16>;
@group(0) @binding(2) var<storage, read_write> v13: array<f16>;
@group(0) @binding(1) var<storage, read_write> v7: array<f16>;
@group(0) @binding(0) var<storage, read_write> v1: array<f16>;
struct info_st { scalars_usize: array<u32, 10>, static_meta: array<u32, 16>, dynamic_meta: array<u32> }
@group(0) @binding(5) var<storage, read> info_var: info_st;
@compute @workgroup_size(256, 1, 1)
fn swiglu_backward_f_(@builtin(workgroup_id) v106: vec3<u32>, @builtin(num_workgroups) v108: vec3<u32>, @builtin(local_invocation_index) v115: u32) {
let v119 = &v25;
let v120 = &v19;
let v121 = &v13;
let v122 = &v7;
let v123 = &v1;
let v14 = info_var.scalars_usize[4];
let v107 = v106[2];
let v84 = u32(v107);
let v109 = v108[1];
let v86 = u32(v109);
let v87 = v84 * v86;
let v110 = v108[0];
let v89 = u32(v110);
let v90 = v87 * v89;
let v111 = v106[1];
let v92 = u32(v111);
let v95 = v92 * v89;
let v96 = v90 + v95;
let v113 = v106[0];
let v98 = u32(v113);
let v99 = v96 + v98;
let v117 = u32(256);
let v102 = v99 * v117;
let v116 = v115;
let v104 = u32(v116);
let v105 = v102 + v104;
let v32 = v105 < v14;
if v32 {
let v36 = &(*v123)[v105];
let v37 = *v36;
let v38 = f32(v37);
let v42 = &(*v121)[v105];
let v43 = *v42;
let v44 = f32(v43);
let v45 = -v38;
let v46 = exp(v45);
let v47 = f32(1.0);
let v48 = v47 + v46;
let v50 = v47 / v48;
let v54 = &(*v122)[v105];
let v55 = *v54;
let v56 = f32(v55);
let v57 = v44 * v56;
let v58 = v57 * v50;
let v60 = v47 - v50;
let v118 = fma(v38, v60, v47);
let v64 = v58 * v118;
let v65 = f16(v64);
let v69 = &(*v120)[v105];
*v69 = v65;
let v70 = v44 * v38;
let v71 = v70 * v50;
let v72 = f16(v71);
let v76 = &(*v119)[v105];
*v76 = v72;

}
return;

}
