var<workgroup> shared_v34: array<f32, 256>;
@group(0) @binding(2) var<storage, read_write> v13: array<f32>;
@group(0) @binding(1) var<storage, read_write> v7: array<i32>;
@group(0) @binding(0) var<storage, read_write> v1: array<f32>;
struct info_st { scalars_usize: array<u32, 6>, scalars_f32: array<f32, 2>, scalars_u32: array<u32, 2>, static_meta: array<u32, 10>, dynamic_meta: array<u32> }
@group(0) @binding(3) var<storage, read> info_var: info_st;
@compute @workgroup_size(256, 1, 1)
fn cross_entropy_rows_f_f32_i_i32(@builtin(local_invocation_index) v282: u32, @builtin(workgroup_id) v298: vec3<u32>, @builtin(num_workgroups) v300: vec3<u32>) {
let v316 = &v13;
let v317 = &v7;
let v318 = &v1;
let v5 = u32(0);
let v19 = info_var.scalars_u32[0];
let v20 = info_var.scalars_f32[0];
let v21 = u32(1);
let v231 = info_var.static_meta[3];
let v232 = v231 + v21;
let v233 = info_var.dynamic_meta[v232];
let v299 = v298[2];
let v249 = u32(v299);
let v301 = v300[1];
let v251 = u32(v301);
let v252 = v249 * v251;
let v302 = v300[0];
let v254 = u32(v302);
let v255 = v252 * v254;
let v303 = v298[1];
let v257 = u32(v303);
let v260 = v257 * v254;
let v261 = v255 + v260;
let v305 = v298[0];
let v263 = u32(v305);
let v264 = v261 + v263;
let v25 = v264 * v233;
let v26 = u32(v19);
let v28 = v26 + v264;
let v32 = &(*v317)[v28];
let v33 = *v32;
let v234 = &shared_v34;
let v36 = u32(256);
let v41 = &(*v318)[v25];
let v42 = *v41;
var<function> v235_store: f32;
let v235 = &v235_store;
*v235 = v42;
let v283 = v282;
let v45 = u32(v283);
var<function> v236_store: u32;
let v236 = &v236_store;
*v236 = v45;
loop {
let v47 = *v236;
let v48 = v47 < v233;
if !v48 { break; }
let v50 = *v236;
let v51 = v25 + v50;
let v55 = &(*v318)[v51];
let v56 = *v55;
let v57 = *v235;
let v58 = max(v57, v56);
*v235 = v58;
let v61 = *v236;
let v62 = v61 + v36;
*v236 = v62;

}
let v68 = &(*v234)[v45];
let v69 = *v235;
*v68 = v69;
workgroupBarrier();
let v286 = u32(256);
var<function> v238_store: u32;
let v238 = &v238_store;
*v238 = v286;
let v72 = u32(1);
var<function> v239_store: u32;
let v239 = &v239_store;
*v239 = v72;
loop {
let v75 = *v238;
let v77 = v75 > v72;
if !v77 { break; }
let v79 = *v238;
let v80 = u32(2);
let v81 = v79 / v80;
*v238 = v81;
let v83 = *v238;
let v84 = v283 < v83;
if v84 {
let v85 = *v239;
let v87 = v85 * v80;
let v89 = v87 * v283;
let v90 = u32(v89);
let v93 = v80 * v283;
let v95 = v93 + v72;
let v97 = v85 * v95;
let v98 = u32(v97);
let v102 = &(*v234)[v98];
let v103 = *v102;
let v107 = &(*v234)[v90];
let v108 = *v107;
let v109 = max(v108, v103);
*v107 = v109;

}
let v114 = *v239;
let v116 = v114 * v80;
*v239 = v116;
workgroupBarrier();

}
let v121 = &(*v234)[v5];
let v122 = *v121;
workgroupBarrier();
let v123 = f32(0.0);
var<function> v241_store: f32;
let v241 = &v241_store;
*v241 = v123;
var<function> v242_store: u32;
let v242 = &v242_store;
*v242 = v45;
loop {
let v129 = *v242;
let v130 = v129 < v233;
if !v130 { break; }
let v132 = *v242;
let v133 = v25 + v132;
let v137 = &(*v318)[v133];
let v138 = *v137;
let v139 = v138 - v122;
let v140 = exp(v139);
let v141 = *v241;
let v142 = v141 + v140;
*v241 = v142;
let v145 = *v242;
let v146 = v145 + v36;
*v242 = v146;

}
let v153 = *v241;
*v68 = v153;
workgroupBarrier();
var<function> v244_store: u32;
let v244 = &v244_store;
*v244 = v286;
var<function> v245_store: u32;
let v245 = &v245_store;
*v245 = v72;
loop {
let v159 = *v244;
let v161 = v159 > v72;
if !v161 { break; }
let v163 = *v244;
let v164 = u32(2);
let v165 = v163 / v164;
*v244 = v165;
let v167 = *v244;
let v168 = v283 < v167;
if v168 {
let v169 = *v245;
let v171 = v169 * v164;
let v173 = v171 * v283;
let v174 = u32(v173);
let v177 = v164 * v283;
let v179 = v177 + v72;
let v181 = v169 * v179;
let v182 = u32(v181);
let v186 = &(*v234)[v182];
let v187 = *v186;
let v191 = &(*v234)[v174];
let v192 = *v191;
let v193 = v192 + v187;
*v191 = v193;

}
let v194 = *v245;
let v196 = v194 * v164;
*v245 = v196;
workgroupBarrier();

}
let v202 = *v121;
workgroupBarrier();
let v203 = log(v202);
let v204 = v203 + v122;
let v205 = i32(0);
let v206 = v33 >= v205;
let v208 = u32(0);
let v209 = v283 == v208;
if v209 {
var<function> v247_store: f32;
let v247 = &v247_store;
*v247 = v123;
if v206 {
let v213 = u32(v33);
let v214 = v25 + v213;
let v218 = &(*v318)[v214];
let v219 = *v218;
let v220 = v204 - v219;
let v221 = v220 * v20;
*v247 = v221;

}
let v225 = &(*v316)[v28];
let v226 = *v247;
*v225 = v226;

}
return;

}
