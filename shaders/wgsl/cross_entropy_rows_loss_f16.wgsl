enable f16;
var<workgroup> shared_v34: array<f32, 256>;
@group(0) @binding(2) var<storage, read_write> v13: array<f32>;
@group(0) @binding(1) var<storage, read_write> v7: array<i32>;
@group(0) @binding(0) var<storage, read_write> v1: array<f16>;
struct info_st { scalars_usize: array<u32, 6>, scalars_f32: array<f32, 2>, scalars_u32: array<u32, 2>, static_meta: array<u32, 10>, dynamic_meta: array<u32> }
@group(0) @binding(3) var<storage, read> info_var: info_st;
@compute @workgroup_size(256, 1, 1)
fn cross_entropy_rows_f__i_i32(@builtin(local_invocation_index) v286: u32, @builtin(workgroup_id) v302: vec3<u32>, @builtin(num_workgroups) v304: vec3<u32>) {
let v320 = &v13;
let v321 = &v7;
let v322 = &v1;
let v5 = u32(0);
let v19 = info_var.scalars_u32[0];
let v20 = info_var.scalars_f32[0];
let v21 = u32(1);
let v235 = info_var.static_meta[3];
let v236 = v235 + v21;
let v237 = info_var.dynamic_meta[v236];
let v303 = v302[2];
let v253 = u32(v303);
let v305 = v304[1];
let v255 = u32(v305);
let v256 = v253 * v255;
let v306 = v304[0];
let v258 = u32(v306);
let v259 = v256 * v258;
let v307 = v302[1];
let v261 = u32(v307);
let v264 = v261 * v258;
let v265 = v259 + v264;
let v309 = v302[0];
let v267 = u32(v309);
let v268 = v265 + v267;
let v25 = v268 * v237;
let v26 = u32(v19);
let v28 = v26 + v268;
let v32 = &(*v321)[v28];
let v33 = *v32;
let v238 = &shared_v34;
let v36 = u32(256);
let v41 = &(*v322)[v25];
let v42 = *v41;
let v43 = f32(v42);
var<function> v239_store: f32;
let v239 = &v239_store;
*v239 = v43;
let v287 = v286;
let v46 = u32(v287);
var<function> v240_store: u32;
let v240 = &v240_store;
*v240 = v46;
loop {
let v48 = *v240;
let v49 = v48 < v237;
if !v49 { break; }
let v51 = *v240;
let v52 = v25 + v51;
let v56 = &(*v322)[v52];
let v57 = *v56;
let v58 = f32(v57);
let v59 = *v239;
let v60 = max(v59, v58);
*v239 = v60;
let v63 = *v240;
let v64 = v63 + v36;
*v240 = v64;

}
let v70 = &(*v238)[v46];
let v71 = *v239;
*v70 = v71;
workgroupBarrier();
let v290 = u32(256);
var<function> v242_store: u32;
let v242 = &v242_store;
*v242 = v290;
let v74 = u32(1);
var<function> v243_store: u32;
let v243 = &v243_store;
*v243 = v74;
loop {
let v77 = *v242;
let v79 = v77 > v74;
if !v79 { break; }
let v81 = *v242;
let v82 = u32(2);
let v83 = v81 / v82;
*v242 = v83;
let v85 = *v242;
let v86 = v287 < v85;
if v86 {
let v87 = *v243;
let v89 = v87 * v82;
let v91 = v89 * v287;
let v92 = u32(v91);
let v95 = v82 * v287;
let v97 = v95 + v74;
let v99 = v87 * v97;
let v100 = u32(v99);
let v104 = &(*v238)[v100];
let v105 = *v104;
let v109 = &(*v238)[v92];
let v110 = *v109;
let v111 = max(v110, v105);
*v109 = v111;

}
let v116 = *v243;
let v118 = v116 * v82;
*v243 = v118;
workgroupBarrier();

}
let v123 = &(*v238)[v5];
let v124 = *v123;
workgroupBarrier();
let v125 = f32(0.0);
var<function> v245_store: f32;
let v245 = &v245_store;
*v245 = v125;
var<function> v246_store: u32;
let v246 = &v246_store;
*v246 = v46;
loop {
let v131 = *v246;
let v132 = v131 < v237;
if !v132 { break; }
let v134 = *v246;
let v135 = v25 + v134;
let v139 = &(*v322)[v135];
let v140 = *v139;
let v141 = f32(v140);
let v142 = v141 - v124;
let v143 = exp(v142);
let v144 = *v245;
let v145 = v144 + v143;
*v245 = v145;
let v148 = *v246;
let v149 = v148 + v36;
*v246 = v149;

}
let v156 = *v245;
*v70 = v156;
workgroupBarrier();
var<function> v248_store: u32;
let v248 = &v248_store;
*v248 = v290;
var<function> v249_store: u32;
let v249 = &v249_store;
*v249 = v74;
loop {
let v162 = *v248;
let v164 = v162 > v74;
if !v164 { break; }
let v166 = *v248;
let v167 = u32(2);
let v168 = v166 / v167;
*v248 = v168;
let v170 = *v248;
let v171 = v287 < v170;
if v171 {
let v172 = *v249;
let v174 = v172 * v167;
let v176 = v174 * v287;
let v177 = u32(v176);
let v180 = v167 * v287;
let v182 = v180 + v74;
let v184 = v172 * v182;
let v185 = u32(v184);
let v189 = &(*v238)[v185];
let v190 = *v189;
let v194 = &(*v238)[v177];
let v195 = *v194;
let v196 = v195 + v190;
*v194 = v196;

}
let v197 = *v249;
let v199 = v197 * v167;
*v249 = v199;
workgroupBarrier();

}
let v205 = *v123;
workgroupBarrier();
let v206 = log(v205);
let v207 = v206 + v124;
let v208 = i32(0);
let v209 = v33 >= v208;
let v211 = u32(0);
let v212 = v287 == v211;
if v212 {
var<function> v251_store: f32;
let v251 = &v251_store;
*v251 = v125;
if v209 {
let v216 = u32(v33);
let v217 = v25 + v216;
let v221 = &(*v322)[v217];
let v222 = *v221;
let v223 = f32(v222);
let v224 = v207 - v223;
let v225 = v224 * v20;
*v251 = v225;

}
let v229 = &(*v320)[v28];
let v230 = *v251;
*v229 = v230;

}
return;

}
