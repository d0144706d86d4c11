var<workgroup> shared_v34: array<f32, 128>;
@group(0) @binding(4) var<storage, read_write> v25: array<f32>;
@group(0) @binding(3) var<storage, read_write> v19: array<f32>;
@group(0) @binding(2) var<storage, read_write> v13: array<f32>;
@group(0) @binding(1) var<storage, read_write> v7: array<f32>;
@group(0) @binding(0) var<storage, read_write> v1: array<f32>;
struct info_st { scalars_usize: array<u32, 10>, scalars_f32: array<f32, 2>, static_meta: array<u32, 16>, dynamic_meta: array<u32> }
@group(0) @binding(5) var<storage, read> info_var: info_st;
@compute @workgroup_size(128, 1, 1)
fn rms_norm_backward_input_f_f32(@builtin(local_invocation_index) v307: u32, @builtin(workgroup_id) v342: vec3<u32>, @builtin(num_workgroups) v344: vec3<u32>) {
let v365 = &v25;
let v366 = &v19;
let v367 = &v13;
let v368 = &v7;
let v369 = &v1;
let v5 = u32(0);
let v8 = info_var.scalars_usize[2];
let v31 = info_var.scalars_f32[0];
let v343 = v342[2];
let v291 = u32(v343);
let v345 = v344[1];
let v293 = u32(v345);
let v294 = v291 * v293;
let v346 = v344[0];
let v296 = u32(v346);
let v297 = v294 * v296;
let v347 = v342[1];
let v299 = u32(v347);
let v302 = v299 * v296;
let v303 = v297 + v302;
let v349 = v342[0];
let v305 = u32(v349);
let v306 = v303 + v305;
let v33 = v306 * v8;
let v275 = &shared_v34;
let v36 = u32(128);
let v38 = f32(0.0);
var<function> v276_store: f32;
let v276 = &v276_store;
*v276 = v38;
let v308 = v307;
let v42 = u32(v308);
var<function> v277_store: u32;
let v277 = &v277_store;
*v277 = v42;
loop {
let v44 = *v277;
let v45 = v44 < v8;
if !v45 { break; }
let v47 = *v277;
let v48 = v33 + v47;
let v52 = &(*v369)[v48];
let v53 = *v52;
let v55 = *v276;
let v361 = fma(v53, v53, v55);
*v276 = v361;
let v59 = *v277;
let v60 = v59 + v36;
*v277 = v60;

}
let v66 = &(*v275)[v42];
let v67 = *v276;
*v66 = v67;
workgroupBarrier();
let v311 = u32(128);
var<function> v279_store: u32;
let v279 = &v279_store;
*v279 = v311;
let v70 = u32(1);
var<function> v280_store: u32;
let v280 = &v280_store;
*v280 = v70;
loop {
let v73 = *v279;
let v75 = v73 > v70;
if !v75 { break; }
let v77 = *v279;
let v78 = u32(2);
let v79 = v77 / v78;
*v279 = v79;
let v81 = *v279;
let v82 = v308 < v81;
if v82 {
let v83 = *v280;
let v85 = v83 * v78;
let v87 = v85 * v308;
let v88 = u32(v87);
let v91 = v78 * v308;
let v93 = v91 + v70;
let v95 = v83 * v93;
let v96 = u32(v95);
let v100 = &(*v275)[v96];
let v101 = *v100;
let v105 = &(*v275)[v88];
let v106 = *v105;
let v107 = v106 + v101;
*v105 = v107;

}
let v108 = *v280;
let v110 = v108 * v78;
*v280 = v110;
workgroupBarrier();

}
let v115 = &(*v275)[v5];
let v116 = *v115;
workgroupBarrier();
let v117 = f32(v8);
let v118 = v116 / v117;
let v119 = v118 + v31;
let v120 = sqrt(v119);
let v121 = f32(1.0);
let v122 = v121 / v120;
var<function> v282_store: f32;
let v282 = &v282_store;
*v282 = v38;
var<function> v283_store: u32;
let v283 = &v283_store;
*v283 = v42;
loop {
let v129 = *v283;
let v130 = v129 < v8;
if !v130 { break; }
let v134 = *v283;
let v136 = &(*v368)[v134];
let v137 = *v136;
let v139 = v33 + v134;
let v143 = &(*v367)[v139];
let v144 = *v143;
let v145 = v137 * v144;
let v151 = &(*v369)[v139];
let v152 = *v151;
let v154 = *v282;
let v362 = fma(v145, v152, v154);
*v282 = v362;
let v158 = *v283;
let v159 = v158 + v36;
*v283 = v159;

}
let v166 = *v282;
*v66 = v166;
workgroupBarrier();
var<function> v285_store: u32;
let v285 = &v285_store;
*v285 = v311;
var<function> v286_store: u32;
let v286 = &v286_store;
*v286 = v70;
loop {
let v172 = *v285;
let v174 = v172 > v70;
if !v174 { break; }
let v176 = *v285;
let v177 = u32(2);
let v178 = v176 / v177;
*v285 = v178;
let v180 = *v285;
let v181 = v308 < v180;
if v181 {
let v182 = *v286;
let v184 = v182 * v177;
let v186 = v184 * v308;
let v187 = u32(v186);
let v190 = v177 * v308;
let v192 = v190 + v70;
let v194 = v182 * v192;
let v195 = u32(v194);
let v199 = &(*v275)[v195];
let v200 = *v199;
let v204 = &(*v275)[v187];
let v205 = *v204;
let v206 = v205 + v200;
*v204 = v206;

}
let v207 = *v286;
let v209 = v207 * v177;
*v286 = v209;
workgroupBarrier();

}
let v215 = *v115;
workgroupBarrier();
let v216 = v122 * v122;
let v217 = v216 * v122;
let v218 = v217 * v215;
let v220 = v218 / v117;
var<function> v288_store: u32;
let v288 = &v288_store;
*v288 = v42;
loop {
let v224 = *v288;
let v225 = v224 < v8;
if !v225 { break; }
let v229 = *v288;
let v231 = &(*v368)[v229];
let v232 = *v231;
let v234 = v33 + v229;
let v238 = &(*v367)[v234];
let v239 = *v238;
let v245 = &(*v369)[v234];
let v246 = *v245;
let v247 = v122 * v232;
let v249 = v220 * v246;
let v363 = -v249;
let v364 = fma(v247, v239, v363);
let v256 = &(*v366)[v234];
*v256 = v364;
let v260 = v229 + v36;
*v288 = v260;

}
let v262 = u32(0);
let v263 = v308 == v262;
if v263 {
let v268 = &(*v365)[v306];
*v268 = v122;

}
return;

}
