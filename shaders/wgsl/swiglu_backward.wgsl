@group(0) @binding(4) var<storage, read_write> v25: array<f32>;
@group(0) @binding(3) var<storage, read_write> v19: array<f32>;
@group(0) @binding(2) var<storage, read_write> v13: array<f32>;
@group(0) @binding(1) var<storage, read_write> v7: array<f32>;
@group(0) @binding(0) var<storage, read_write> v1: array<f32>;
struct info_st { scalars_usize: array<u32, 10>, static_meta: array<u32, 16>, dynamic_meta: array<u32> }
@group(0) @binding(5) var<storage, read> info_var: info_st;
@compute @workgroup_size(256, 1, 1)
fn swiglu_backward_f_f32(@builtin(workgroup_id) v101: vec3<u32>, @builtin(num_workgroups) v103: vec3<u32>, @builtin(local_invocation_index) v110: u32) {
let v114 = &v25;
let v115 = &v19;
let v116 = &v13;
let v117 = &v7;
let v118 = &v1;
let v14 = info_var.scalars_usize[4];
let v102 = v101[2];
let v79 = u32(v102);
let v104 = v103[1];
let v81 = u32(v104);
let v82 = v79 * v81;
let v105 = v103[0];
let v84 = u32(v105);
let v85 = v82 * v84;
let v106 = v101[1];
let v87 = u32(v106);
let v90 = v87 * v84;
let v91 = v85 + v90;
let v108 = v101[0];
let v93 = u32(v108);
let v94 = v91 + v93;
let v112 = u32(256);
let v97 = v94 * v112;
let v111 = v110;
let v99 = u32(v111);
let v100 = v97 + v99;
let v32 = v100 < v14;
if v32 {
let v36 = &(*v118)[v100];
let v37 = *v36;
let v41 = &(*v116)[v100];
let v42 = *v41;
let v43 = -v37;
let v44 = exp(v43);
let v45 = f32(1.0);
let v46 = v45 + v44;
let v48 = v45 / v46;
let v52 = &(*v117)[v100];
let v53 = *v52;
let v54 = v42 * v53;
let v55 = v54 * v48;
let v57 = v45 - v48;
let v113 = fma(v37, v57, v45);
let v61 = v55 * v113;
let v65 = &(*v115)[v100];
*v65 = v61;
let v66 = v42 * v37;
let v67 = v66 * v48;
let v71 = &(*v114)[v100];
*v71 = v67;

}
return;

}
