enable f16;
var<workgroup> shared_v34: array<f32, 128>;
@group(0) @binding(4) var<storage, read_write> v25: array<f32>;
@group(0) @binding(3) var<storage, read_write> v19: array<f16>;
@group(0) @binding(2) var<storage, read_write> v13: array<f16>;
@group(0) @binding(1) var<storage, read_write> v7: array<f16>;
@group(0) @binding(0) var<storage, read_write> v1: array<f16>;
struct info_st { scalars_usize: array<u32, 10>, scalars_f32: array<f32, 2>, static_meta: array<u32, 16>, dynamic_meta: array<u32> }
@group(0) @binding(5) var<storage, read> info_var: info_st;
@compute @workgroup_size(128, 1, 1)
fn rms_norm_backward_input_f_(@builtin(local_invocation_index) v315: u32, @builtin(workgroup_id) v350: vec3<u32>, @builtin(num_workgroups) v352: vec3<u32>) {
let v373 = &v25;
let v374 = &v19;
let v375 = &v13;
let v376 = &v7;
let v377 = &v1;
let v5 = u32(0);
let v8 = info_var.scalars_usize[2];
let v31 = info_var.scalars_f32[0];
let v351 = v350[2];
let v299 = u32(v351);
let v353 = v352[1];
let v301 = u32(v353);
let v302 = v299 * v301;
let v354 = v352[0];
let v304 = u32(v354);
let v305 = v302 * v304;
let v355 = v350[1];
let v307 = u32(v355);
let v310 = v307 * v304;
let v311 = v305 + v310;
let v357 = v350[0];
let v313 = u32(v357);
let v314 = v311 + v313;
let v33 = v314 * v8;
let v283 = &shared_v34;
let v36 = u32(128);
let v38 = f32(0.0);
var<function> v284_store: f32;
let v284 = &v284_store;
*v284 = v38;
let v316 = v315;
let v42 = u32(v316);
var<function> v285_store: u32;
let v285 = &v285_store;
*v285 = v42;
loop {
let v44 = *v285;
let v45 = v44 < v8;
if !v45 { break; }
let v47 = *v285;
let v48 = v33 + v47;
let v52 = &(*v377)[v48];
let v53 = *v52;
let v54 = f32(v53);
let v56 = *v284;
let v369 = fma(v54, v54, v56);
*v284 = v369;
let v60 = *v285;
let v61 = v60 + v36;
*v285 = v61;

}
let v67 = &(*v283)[v42];
let v68 = *v284;
*v67 = v68;
workgroupBarrier();
let v319 = u32(128);
var<function> v287_store: u32;
let v287 = &v287_store;
*v287 = v319;
let v71 = u32(1);
var<function> v288_store: u32;
let v288 = &v288_store;
*v288 = v71;
loop {
let v74 = *v287;
let v76 = v74 > v71;
if !v76 { break; }
let v78 = *v287;
let v79 = u32(2);
let v80 = v78 / v79;
*v287 = v80;
let v82 = *v287;
let v83 = v316 < v82;
if v83 {
let v84 = *v288;
let v86 = v84 * v79;
let v88 = v86 * v316;
let v89 = u32(v88);
let v92 = v79 * v316;
let v94 = v92 + v71;
let v96 = v84 * v94;
let v97 = u32(v96);
let v101 = &(*v283)[v97];
let v102 = *v101;
let v106 = &(*v283)[v89];
let v107 = *v106;
let v108 = v107 + v102;
*v106 = v108;

}
let v109 = *v288;
let v111 = v109 * v79;
*v288 = v111;
workgroupBarrier();

}
let v116 = &(*v283)[v5];
let v117 = *v116;
workgroupBarrier();
let v118 = f32(v8);
let v119 = v117 / v118;
let v120 = v119 + v31;
let v121 = sqrt(v120);
let v122 = f32(1.0);
let v123 = v122 / v121;
var<function> v290_store: f32;
let v290 = &v290_store;
*v290 = v38;
var<function> v291_store: u32;
let v291 = &v291_store;
*v291 = v42;
loop {
let v130 = *v291;
let v131 = v130 < v8;
if !v131 { break; }
let v135 = *v291;
let v137 = &(*v376)[v135];
let v138 = *v137;
let v139 = f32(v138);
let v141 = v33 + v135;
let v145 = &(*v375)[v141];
let v146 = *v145;
let v147 = f32(v146);
let v148 = v139 * v147;
let v154 = &(*v377)[v141];
let v155 = *v154;
let v156 = f32(v155);
let v158 = *v290;
let v370 = fma(v148, v156, v158);
*v290 = v370;
let v162 = *v291;
let v163 = v162 + v36;
*v291 = v163;

}
let v170 = *v290;
*v67 = v170;
workgroupBarrier();
var<function> v293_store: u32;
let v293 = &v293_store;
*v293 = v319;
var<function> v294_store: u32;
let v294 = &v294_store;
*v294 = v71;
loop {
let v176 = *v293;
let v178 = v176 > v71;
if !v178 { break; }
let v180 = *v293;
let v181 = u32(2);
let v182 = v180 / v181;
*v293 = v182;
let v184 = *v293;
let v185 = v316 < v184;
if v185 {
let v186 = *v294;
let v188 = v186 * v181;
let v190 = v188 * v316;
let v191 = u32(v190);
let v194 = v181 * v316;
let v196 = v194 + v71;
let v198 = v186 * v196;
let v199 = u32(v198);
let v203 = &(*v283)[v199];
let v204 = *v203;
let v208 = &(*v283)[v191];
let v209 = *v208;
let v210 = v209 + v204;
*v208 = v210;

}
let v211 = *v294;
let v213 = v211 * v181;
*v294 = v213;
workgroupBarrier();

}
let v219 = *v116;
workgroupBarrier();
let v220 = v123 * v123;
let v221 = v220 * v123;
let v222 = v221 * v219;
let v224 = v222 / v118;
var<function> v296_store: u32;
let v296 = &v296_store;
*v296 = v42;
loop {
let v228 = *v296;
let v229 = v228 < v8;
if !v229 { break; }
let v233 = *v296;
let v235 = &(*v376)[v233];
let v236 = *v235;
let v237 = f32(v236);
let v239 = v33 + v233;
let v243 = &(*v375)[v239];
let v244 = *v243;
let v245 = f32(v244);
let v251 = &(*v377)[v239];
let v252 = *v251;
let v253 = f32(v252);
let v254 = v123 * v237;
let v256 = v224 * v253;
let v371 = -v256;
let v372 = fma(v254, v245, v371);
let v258 = f16(v372);
let v264 = &(*v374)[v239];
*v264 = v258;
let v268 = v233 + v36;
*v296 = v268;

}
let v270 = u32(0);
let v271 = v316 == v270;
if v271 {
let v276 = &(*v373)[v314];
*v276 = v123;

}
return;

}
