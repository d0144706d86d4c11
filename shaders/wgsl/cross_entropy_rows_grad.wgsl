var<workgroup> shared_v34: array<f32, 256>;
@group(0) @binding(2) var<storage, read_write> v13: array<f32>;
@group(0) @binding(1) var<storage, read_write> v7: array<i32>;
@group(0) @binding(0) var<storage, read_write> v1: array<f32>;
struct info_st { scalars_usize: array<u32, 6>, scalars_f32: array<f32, 2>, scalars_u32: array<u32, 2>, static_meta: array<u32, 10>, dynamic_meta: array<u32> }
@group(0) @binding(3) var<storage, read> info_var: info_st;
@compute @workgroup_size(256, 1, 1)
fn cross_entropy_rows_f_f32_i_i32(@builtin(local_invocation_index) v322: u32, @builtin(workgroup_id) v340: vec3<u32>, @builtin(num_workgroups) v342: vec3<u32>) {
let v359 = &v13;
let v360 = &v7;
let v361 = &v1;
let v5 = u32(0);
let v19 = info_var.scalars_u32[0];
let v20 = info_var.scalars_f32[0];
let v21 = u32(1);
let v268 = info_var.static_meta[3];
let v269 = v268 + v21;
let v270 = info_var.dynamic_meta[v269];
let v341 = v340[2];
let v289 = u32(v341);
let v343 = v342[1];
let v291 = u32(v343);
let v292 = v289 * v291;
let v344 = v342[0];
let v294 = u32(v344);
let v295 = v292 * v294;
let v345 = v340[1];
let v297 = u32(v345);
let v300 = v297 * v294;
let v301 = v295 + v300;
let v347 = v340[0];
let v303 = u32(v347);
let v304 = v301 + v303;
let v25 = v304 * v270;
let v26 = u32(v19);
let v28 = v26 + v304;
let v32 = &(*v360)[v28];
let v33 = *v32;
let v271 = &shared_v34;
let v36 = u32(256);
let v41 = &(*v361)[v25];
let v42 = *v41;
var<function> v272_store: f32;
let v272 = &v272_store;
*v272 = v42;
let v323 = v322;
let v45 = u32(v323);
var<function> v273_store: u32;
let v273 = &v273_store;
*v273 = v45;
loop {
let v47 = *v273;
let v48 = v47 < v270;
if !v48 { break; }
let v50 = *v273;
let v51 = v25 + v50;
let v55 = &(*v361)[v51];
let v56 = *v55;
let v57 = *v272;
let v58 = max(v57, v56);
*v272 = v58;
let v61 = *v273;
let v62 = v61 + v36;
*v273 = v62;

}
let v68 = &(*v271)[v45];
let v69 = *v272;
*v68 = v69;
workgroupBarrier();
let v326 = u32(256);
var<function> v275_store: u32;
let v275 = &v275_store;
*v275 = v326;
let v72 = u32(1);
var<function> v276_store: u32;
let v276 = &v276_store;
*v276 = v72;
loop {
let v75 = *v275;
let v77 = v75 > v72;
if !v77 { break; }
let v79 = *v275;
let v80 = u32(2);
let v81 = v79 / v80;
*v275 = v81;
let v83 = *v275;
let v84 = v323 < v83;
if v84 {
let v85 = *v276;
let v87 = v85 * v80;
let v89 = v87 * v323;
let v90 = u32(v89);
let v93 = v80 * v323;
let v95 = v93 + v72;
let v97 = v85 * v95;
let v98 = u32(v97);
let v102 = &(*v271)[v98];
let v103 = *v102;
let v107 = &(*v271)[v90];
let v108 = *v107;
let v109 = max(v108, v103);
*v107 = v109;

}
let v114 = *v276;
let v116 = v114 * v80;
*v276 = v116;
workgroupBarrier();

}
let v121 = &(*v271)[v5];
let v122 = *v121;
workgroupBarrier();
let v123 = f32(0.0);
var<function> v278_store: f32;
let v278 = &v278_store;
*v278 = v123;
var<function> v279_store: u32;
let v279 = &v279_store;
*v279 = v45;
loop {
let v129 = *v279;
let v130 = v129 < v270;
if !v130 { break; }
let v132 = *v279;
let v133 = v25 + v132;
let v137 = &(*v361)[v133];
let v138 = *v137;
let v139 = v138 - v122;
let v140 = exp(v139);
let v141 = *v278;
let v142 = v141 + v140;
*v278 = v142;
let v145 = *v279;
let v146 = v145 + v36;
*v279 = v146;

}
let v153 = *v278;
*v68 = v153;
workgroupBarrier();
var<function> v281_store: u32;
let v281 = &v281_store;
*v281 = v326;
var<function> v282_store: u32;
let v282 = &v282_store;
*v282 = v72;
loop {
let v159 = *v281;
let v161 = v159 > v72;
if !v161 { break; }
let v163 = *v281;
let v164 = u32(2);
let v165 = v163 / v164;
*v281 = v165;
let v167 = *v281;
let v168 = v323 < v167;
if v168 {
let v169 = *v282;
let v171 = v169 * v164;
let v173 = v171 * v323;
let v174 = u32(v173);
let v177 = v164 * v323;
let v179 = v177 + v72;
let v181 = v169 * v179;
let v182 = u32(v181);
let v186 = &(*v271)[v182];
let v187 = *v186;
let v191 = &(*v271)[v174];
let v192 = *v191;
let v193 = v192 + v187;
*v191 = v193;

}
let v194 = *v282;
let v196 = v194 * v164;
*v282 = v196;
workgroupBarrier();

}
let v202 = *v121;
workgroupBarrier();
let v203 = log(v202);
let v204 = v203 + v122;
let v205 = i32(0);
let v206 = v33 >= v205;
let v208 = u32(0);
let v209 = v323 == v208;
if v209 {
var<function> v284_store: f32;
let v284 = &v284_store;
*v284 = v123;
if v206 {
let v213 = u32(v33);
let v214 = v25 + v213;
let v218 = &(*v361)[v214];
let v219 = *v218;
let v220 = v204 - v219;
let v221 = v220 * v20;
*v284 = v221;

}
let v225 = &(*v359)[v28];
let v226 = *v284;
*v225 = v226;

}
workgroupBarrier();
var<function> v285_store: u32;
let v285 = &v285_store;
*v285 = v45;
loop {
let v230 = *v285;
let v231 = v230 < v270;
if !v231 { break; }
var<function> v287_store: f32;
let v287 = &v287_store;
*v287 = v123;
if v206 {
let v236 = *v285;
let v237 = v25 + v236;
let v241 = &(*v361)[v237];
let v242 = *v241;
let v243 = v242 - v204;
let v244 = exp(v243);
*v287 = v244;
let v245 = u32(v33);
let v246 = *v285;
let v247 = v246 == v245;
if v247 {
let v248 = *v287;
let v249 = f32(1.0);
let v250 = v248 - v249;
*v287 = v250;

}
let v251 = *v287;
let v252 = v251 * v20;
*v287 = v252;

}
let v253 = *v287;
let v254 = *v285;
let v255 = v25 + v254;
let v259 = &(*v361)[v255];
*v259 = v253;
let v263 = v254 + v36;
*v285 = v263;

}
return;

}
