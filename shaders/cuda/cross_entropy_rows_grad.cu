typedef unsigned int uint32_t;
typedef unsigned char uint8_t;
typedef unsigned short uint16_t;
typedef unsigned long long int uint64_t;
typedef signed char int8_t;
typedef signed short int16_t;
typedef signed int int32_t;
typedef signed long long int int64_t;

template <typename T, size_t N>
struct array {
    T data[N];
    __device__ T& operator[](size_t i) { return data[i]; }
    __device__ const T& operator[](size_t i) const { return data[i]; }
};


typedef struct CUtensorMap_st {
alignas(128) unsigned long long int opaque[16];
} CUtensorMap;

struct info_st {
    uint32_t scalars_usize[6];
float scalars_f32[2];
uint32_t scalars_u32[2];uint32_t static_meta[10];
};
extern "C" __global__ void __launch_bounds__(256)  cross_entropy_rows_f_f32_i_i32(float * const __restrict__ v1, int32_t const* const __restrict__ v7, float * const __restrict__ v13, uint32_t const* const __restrict__ dynamic_meta_v264, __grid_constant__ info_st const info_v265) {
extern __shared__ __align__(4) char v279[];uint32_t const v5 = 0;
uint32_t const v272 = info_v265.scalars_u32[0];
float const v273 = info_v265.scalars_f32[0];
uint32_t const v21 = 1;
uint32_t const v277 = info_v265.static_meta[3];
uint32_t const v278 = dynamic_meta_v264[v277 + v21];
uint32_t const v298 = blockIdx.z;
uint32_t const v299 = uint32_t(v298);
uint32_t const v300 = gridDim.y;
uint32_t const v301 = uint32_t(v300);
uint32_t const v302 = v299 * v301;
uint32_t const v303 = gridDim.x;
uint32_t const v304 = uint32_t(v303);
uint32_t const v305 = v302 * v304;
uint32_t const v306 = blockIdx.y;
uint32_t const v307 = uint32_t(v306);
uint32_t const v310 = v307 * v304;
uint32_t const v311 = v305 + v310;
uint32_t const v312 = blockIdx.x;
uint32_t const v313 = uint32_t(v312);
uint32_t const v314 = v311 + v313;
uint32_t const v25 = v314 * v278;
uint32_t const v26 = uint32_t(v272);
uint32_t const v28 = v26 + v314;
int32_t const* const v32 = &v7[v28];
int32_t const v33 = *v32;
array<float, 256> * const v280 = reinterpret_cast<array<float, 256> *>(&v279[0]);
uint32_t const v36 = 256;
float * const v41 = &v1[v25];
float const v42 = *v41;
float v282_store;
float * v282 = &v282_store;*v282 = v42;
uint32_t const v332 = threadIdx.x;
uint32_t const v469 = 0;
uint32_t const v470 = 256;
uint32_t const v473 = 1;
uint32_t const v45 = uint32_t(v332);
uint32_t v283_store;
uint32_t * v283 = &v283_store;*v283 = v45;
while([&]{
uint32_t const v47 = *v283;
bool const v48 = v47 < v278;
return v48;
}()) {
uint32_t const v50 = *v283;
uint32_t const v51 = v25 + v50;
float * const v55 = &v1[v51];
float const v56 = *v55;
float const v57 = *v282;
float const v58 = max(v57, v56);
*v282 = v58;
uint32_t const v62 = v50 + v36;
*v283 = v62;
}
float * const v68 = &(*v280)[v45];
float const v69 = *v282;
*v68 = v69;
__syncthreads();
uint32_t v285_store;
uint32_t * v285 = &v285_store;*v285 = v470;
uint32_t v286_store;
uint32_t * v286 = &v286_store;*v286 = v473;
while([&]{
uint32_t const v75 = *v285;
bool const v77 = v75 > v473;
return v77;
}()) {
uint32_t const v79 = *v285;
uint32_t const v80 = 2;
uint32_t const v81 = v79 / v80;
*v285 = v81;
uint32_t const v83 = *v285;
bool const v84 = v332 < v83;
if(v84) {
uint32_t const v85 = *v286;
uint32_t const v87 = v85 * v80;
uint32_t const v89 = v87 * v332;
uint32_t const v90 = uint32_t(v89);
uint32_t const v93 = v80 * v332;
uint32_t const v95 = v93 + v473;
uint32_t const v97 = v85 * v95;
uint32_t const v98 = uint32_t(v97);
float * const v102 = &(*v280)[v98];
float const v103 = *v102;
float * const v107 = &(*v280)[v90];
float const v108 = *v107;
float const v109 = max(v108, v103);
*v107 = v109;
}
uint32_t const v114 = *v286;
uint32_t const v116 = v114 * v80;
*v286 = v116;
__syncthreads();
}
float * const v121 = &(*v280)[v5];
float const v122 = *v121;
__syncthreads();
float const v123 = 0;
float v288_store;
float * v288 = &v288_store;*v288 = v123;
uint32_t v289_store;
uint32_t * v289 = &v289_store;*v289 = v45;
while([&]{
uint32_t const v129 = *v289;
bool const v130 = v129 < v278;
return v130;
}()) {
uint32_t const v132 = *v289;
uint32_t const v133 = v25 + v132;
float * const v137 = &v1[v133];
float const v138 = *v137;
float const v139 = v138 - v122;
float const v140 = exp(v139);float const v141 = *v288;
float const v142 = v141 + v140;
*v288 = v142;
uint32_t const v146 = v132 + v36;
*v289 = v146;
}
float const v153 = *v288;
*v68 = v153;
__syncthreads();
uint32_t v291_store;
uint32_t * v291 = &v291_store;*v291 = v470;
uint32_t v292_store;
uint32_t * v292 = &v292_store;*v292 = v473;
while([&]{
uint32_t const v159 = *v291;
bool const v161 = v159 > v473;
return v161;
}()) {
uint32_t const v163 = *v291;
uint32_t const v164 = 2;
uint32_t const v165 = v163 / v164;
*v291 = v165;
uint32_t const v167 = *v291;
bool const v168 = v332 < v167;
if(v168) {
uint32_t const v169 = *v292;
uint32_t const v171 = v169 * v164;
uint32_t const v173 = v171 * v332;
uint32_t const v174 = uint32_t(v173);
uint32_t const v177 = v164 * v332;
uint32_t const v179 = v177 + v473;
uint32_t const v181 = v169 * v179;
uint32_t const v182 = uint32_t(v181);
float * const v186 = &(*v280)[v182];
float const v187 = *v186;
float * const v191 = &(*v280)[v174];
float const v192 = *v191;
float const v193 = v192 + v187;
*v191 = v193;
}
uint32_t const v194 = *v292;
uint32_t const v196 = v194 * v164;
*v292 = v196;
__syncthreads();
}
float const v202 = *v121;
__syncthreads();
float const v203 = log(v202);float const v204 = v203 + v122;
int32_t const v205 = 0;
bool const v206 = v33 >= v205;
bool const v209 = v332 == v469;
if(v209) {
float v294_store;
float * v294 = &v294_store;*v294 = v123;
if(v206) {
uint32_t const v213 = uint32_t(v33);
uint32_t const v214 = v25 + v213;
float * const v218 = &v1[v214];
float const v219 = *v218;
float const v220 = v204 - v219;
float const v221 = v220 * v273;
*v294 = v221;
}
float * const v225 = &v13[v28];
float const v226 = *v294;
*v225 = v226;
}
__syncthreads();
uint32_t v295_store;
uint32_t * v295 = &v295_store;*v295 = v45;
while([&]{
uint32_t const v230 = *v295;
bool const v231 = v230 < v278;
return v231;
}()) {
float v297_store;
float * v297 = &v297_store;*v297 = v123;
if(v206) {
uint32_t const v236 = *v295;
uint32_t const v237 = v25 + v236;
float * const v241 = &v1[v237];
float const v242 = *v241;
float const v243 = v242 - v204;
float const v244 = exp(v243);*v297 = v244;
uint32_t const v245 = uint32_t(v33);
bool const v247 = v236 == v245;
if(v247) {
float const v248 = *v297;
float const v249 = 1;
float const v250 = v248 - v249;
*v297 = v250;
}
float const v251 = *v297;
float const v252 = v251 * v273;
*v297 = v252;
}
float const v253 = *v297;
uint32_t const v254 = *v295;
uint32_t const v255 = v25 + v254;
float * const v259 = &v1[v255];
*v259 = v253;
uint32_t const v263 = v254 + v36;
*v295 = v263;
}
return;
}
