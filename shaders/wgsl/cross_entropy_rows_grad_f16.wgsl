enable f16;
var<workgroup> shared_v34: array<f32, 256>;
@group(0) @binding(2) var<storage, read_write> v13: array<f32>;
@group(0) @binding(1) var<storage, read_write> v7: array<i32>;
@group(0) @binding(0) var<storage, read_write> v1: array<f16>;
struct info_st { scalars_usize: array<u32, 6>, scalars_f32: array<f32, 2>, scalars_u32: array<u32, 2>, static_meta: array<u32, 10>, dynamic_meta: array<u32> }
@group(0) @binding(3) var<storage, read> info_var: info_st;
@compute @workgroup_size(256, 1, 1)
fn cross_entropy_rows_f__i_i32(@builtin(local_invocation_index) v328: u32, @builtin(workgroup_id) v346: vec3<u32>, @builtin(num_workgroups) v348: vec3<u32>) {
let v365 = &v13;
let v366 = &v7;
let v367 = &v1;
let v5 = u32(0);
let v19 = info_var.scalars_u32[0];
let v20 = info_var.scalars_f32[0];
let v21 = u32(1);
let v274 = info_var.static_meta[3];
let v275 = v274 + v21;
let v276 = info_var.dynamic_meta[v275];
let v347 = v346[2];
let v295 = u32(v347);
let v349 = v348[1];
let v297 = u32(v349);
let v298 = v295 * v297;
let v350 = v348[0];
let v300 = u32(v350);
let v301 = v298 * v300;
let v351 = v346[1];
let v303 = u32(v351);
let v306 = v303 * v300;
let v307 = v301 + v306;
let v353 = v346[0];
let v309 = u32(v353);
let v310 = v307 + v309;
let v25 = v310 * v276;
let v26 = u32(v19);
let v28 = v26 + v310;
let v32 = &(*v366)[v28];
let v33 = *v32;
let v277 = &shared_v34;
let v36 = u32(256);
let v41 = &(*v367)[v25];
let v42 = *v41;
let v43 = f32(v42);
var<function> v278_store: f32;
let v278 = &v278_store;
*v278 = v43;
let v329 = v328;
let v46 = u32(v329);
var<function> v279_store: u32;
let v279 = &v279_store;
*v279 = v46;
loop {
let v48 = *v279;
let v49 = v48 < v276;
if !v49 { break; }
let v51 = *v279;
let v52 = v25 + v51;
let v56 = &(*v367)[v52];
let v57 = *v56;
let v58 = f32(v57);
let v59 = *v278;
let v60 = max(v59, v58);
*v278 = v60;
let v63 = *v279;
let v64 = v63 + v36;
*v279 = v64;

}
let v70 = &(*v277)[v46];
let v71 = *v278;
*v70 = v71;
workgroupBarrier();
let v332 = u32(256);
var<function> v281_store: u32;
let v281 = &v281_store;
*v281 = v332;
let v74 = u32(1);
var<function> v282_store: u32;
let v282 = &v282_store;
*v282 = v74;
loop {
let v77 = *v281;
let v79 = v77 > v74;
if !v79 { break; }
let v81 = *v281;
let v82 = u32(2);
let v83 = v81 / v82;
*v281 = v83;
let v85 = *v281;
let v86 = v329 < v85;
if v86 {
let v87 = *v282;
let v89 = v87 * v82;
let v91 = v89 * v329;
let v92 = u32(v91);
let v95 = v82 * v329;
let v97 = v95 + v74;
let v99 = v87 * v97;
let v100 = u32(v99);
let v104 = &(*v277)[v100];
let v105 = *v104;
let v109 = &(*v277)[v92];
let v110 = *v109;
let v111 = max(v110, v105);
*v109 = v111;

}
let v116 = *v282;
let v118 = v116 * v82;
*v282 = v118;
workgroupBarrier();

}
let v123 = &(*v277)[v5];
let v124 = *v123;
workgroupBarrier();
let v125 = f32(0.0);
var<function> v284_store: f32;
let v284 = &v284_store;
*v284 = v125;
var<function> v285_store: u32;
let v285 = &v285_store;
*v285 = v46;
loop {
let v131 = *v285;
let v132 = v131 < v276;
if !v132 { break; }
let v134 = *v285;
let v135 = v25 + v134;
let v139 = &(*v367)[v135];
let v140 = *v139;
let v141 = f32(v140);
let v142 = v141 - v124;
let v143 = exp(v142);
let v144 = *v284;
let v145 = v144 + v143;
*v284 = v145;
let v148 = *v285;
let v149 = v148 + v36;
*v285 = v149;

}
let v156 = *v284;
*v70 = v156;
workgroupBarrier();
var<function> v287_store: u32;
let v287 = &v287_store;
*v287 = v332;
var<function> v288_store: u32;
let v288 = &v288_store;
*v288 = v74;
loop {
let v162 = *v287;
let v164 = v162 > v74;
if !v164 { break; }
let v166 = *v287;
let v167 = u32(2);
let v168 = v166 / v167;
*v287 = v168;
let v170 = *v287;
let v171 = v329 < v170;
if v171 {
let v172 = *v288;
let v174 = v172 * v167;
let v176 = v174 * v329;
let v177 = u32(v176);
let v180 = v167 * v329;
let v182 = v180 + v74;
let v184 = v172 * v182;
let v185 = u32(v184);
let v189 = &(*v277)[v185];
let v190 = *v189;
let v194 = &(*v277)[v177];
let v195 = *v194;
let v196 = v195 + v190;
*v194 = v196;

}
let v197 = *v288;
let v199 = v197 * v167;
*v288 = v199;
workgroupBarrier();

}
let v205 = *v123;
workgroupBarrier();
let v206 = log(v205);
let v207 = v206 + v124;
let v208 = i32(0);
let v209 = v33 >= v208;
let v211 = u32(0);
let v212 = v329 == v211;
if v212 {
var<function> v290_store: f32;
let v290 = &v290_store;
*v290 = v125;
if v209 {
let v216 = u32(v33);
let v217 = v25 + v216;
let v221 = &(*v367)[v217];
let v222 = *v221;
let v223 = f32(v222);
let v224 = v207 - v223;
let v225 = v224 * v20;
*v290 = v225;

}
let v229 = &(*v365)[v28];
let v230 = *v290;
*v229 = v230;

}
workgroupBarrier();
var<function> v291_store: u32;
let v291 = &v291_store;
*v291 = v46;
loop {
let v234 = *v291;
let v235 = v234 < v276;
if !v235 { break; }
var<function> v293_store: f32;
let v293 = &v293_store;
*v293 = v125;
if v209 {
let v240 = *v291;
let v241 = v25 + v240;
let v245 = &(*v367)[v241];
let v246 = *v245;
let v247 = f32(v246);
let v248 = v247 - v207;
let v249 = exp(v248);
*v293 = v249;
let v250 = u32(v33);
let v251 = *v291;
let v252 = v251 == v250;
if v252 {
let v253 = *v293;
let v254 = f32(1.0);
let v255 = v253 - v254;
*v293 = v255;

}
let v256 = *v293;
let v257 = v256 * v20;
*v293 = v257;

}
let v258 = *v293;
let v259 = f16(v258);
let v260 = *v291;
let v261 = v25 + v260;
let v265 = &(*v367)[v261];
*v265 = v259;
let v269 = v260 + v36;
*v291 = v269;

}
return;

}
