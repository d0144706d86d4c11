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
#include <cuda_bf16.h>

struct info_st {
    uint32_t scalars_usize[6];
float scalars_f32[2];
uint32_t scalars_u32[2];uint32_t static_meta[10];
};
extern "C" __global__ void __launch_bounds__(256)  cross_entropy_rows_f__i_i32(__nv_bfloat16 * const __restrict__ v1, int32_t const* const __restrict__ v7, float * const __restrict__ v13, uint32_t const* const __restrict__ dynamic_meta_v270, __grid_constant__ info_st const info_v271) {
extern __shared__ __align__(4) char v285[];uint32_t const v5 = 0;
uint32_t const v278 = info_v271.scalars_u32[0];
float const v279 = info_v271.scalars_f32[0];
uint32_t const v21 = 1;
uint32_t const v283 = info_v271.static_meta[3];
uint32_t const v284 = dynamic_meta_v270[v283 + v21];
uint32_t const v304 = blockIdx.z;
uint32_t const v305 = uint32_t(v304);
uint32_t const v306 = gridDim.y;
uint32_t const v307 = uint32_t(v306);
uint32_t const v308 = v305 * v307;
uint32_t const v309 = gridDim.x;
uint32_t const v310 = uint32_t(v309);
uint32_t const v311 = v308 * v310;
uint32_t const v312 = blockIdx.y;
uint32_t const v313 = uint32_t(v312);
uint32_t const v316 = v313 * v310;
uint32_t const v317 = v311 + v316;
uint32_t const v318 = blockIdx.x;
uint32_t const v319 = uint32_t(v318);
uint32_t const v320 = v317 + v319;
uint32_t const v25 = v320 * v284;
uint32_t const v26 = uint32_t(v278);
uint32_t const v28 = v26 + v320;
int32_t const* const v32 = &v7[v28];
int32_t const v33 = *v32;
array<float, 256> * const v286 = reinterpret_cast<array<float, 256> *>(&v285[0]);
uint32_t const v36 = 256;
__nv_bfloat16 * const v41 = &v1[v25];
__nv_bfloat16 const v42 = *v41;
float const v43 = float(v42);
float v288_store;
float * v288 = &v288_store;*v288 = v43;
uint32_t const v338 = threadIdx.x;
uint32_t const v475 = 0;
uint32_t const v476 = 256;
uint32_t const v479 = 1;
uint32_t const v46 = uint32_t(v338);
uint32_t v289_store;
uint32_t * v289 = &v289_store;*v289 = v46;
while([&]{
uint32_t const v48 = *v289;
bool const v49 = v48 < v284;
return v49;
}()) {
uint32_t const v51 = *v289;
uint32_t const v52 = v25 + v51;
__nv_bfloat16 * const v56 = &v1[v52];
__nv_bfloat16 const v57 = *v56;
float const v58 = float(v57);
float const v59 = *v288;
float const v60 = max(v59, v58);
*v288 = v60;
uint32_t const v64 = v51 + v36;
*v289 = v64;
}
float * const v70 = &(*v286)[v46];
float const v71 = *v288;
*v70 = v71;
__syncthreads();
uint32_t v291_store;
uint32_t * v291 = &v291_store;*v291 = v476;
uint32_t v292_store;
uint32_t * v292 = &v292_store;*v292 = v479;
while([&]{
uint32_t const v77 = *v291;
bool const v79 = v77 > v479;
return v79;
}()) {
uint32_t const v81 = *v291;
uint32_t const v82 = 2;
uint32_t const v83 = v81 / v82;
*v291 = v83;
uint32_t const v85 = *v291;
bool const v86 = v338 < v85;
if(v86) {
uint32_t const v87 = *v292;
uint32_t const v89 = v87 * v82;
uint32_t const v91 = v89 * v338;
uint32_t const v92 = uint32_t(v91);
uint32_t const v95 = v82 * v338;
uint32_t const v97 = v95 + v479;
uint32_t const v99 = v87 * v97;
uint32_t const v100 = uint32_t(v99);
float * const v104 = &(*v286)[v100];
float const v105 = *v104;
float * const v109 = &(*v286)[v92];
float const v110 = *v109;
float const v111 = max(v110, v105);
*v109 = v111;
}
uint32_t const v116 = *v292;
uint32_t const v118 = v116 * v82;
*v292 = v118;
__syncthreads();
}
float * const v123 = &(*v286)[v5];
float const v124 = *v123;
__syncthreads();
float const v125 = 0;
float v294_store;
float * v294 = &v294_store;*v294 = v125;
uint32_t v295_store;
uint32_t * v295 = &v295_store;*v295 = v46;
while([&]{
uint32_t const v131 = *v295;
bool const v132 = v131 < v284;
return v132;
}()) {
uint32_t const v134 = *v295;
uint32_t const v135 = v25 + v134;
__nv_bfloat16 * const v139 = &v1[v135];
__nv_bfloat16 const v140 = *v139;
float const v141 = float(v140);
float const v142 = v141 - v124;
float const v143 = exp(v142);float const v144 = *v294;
float const v145 = v144 + v143;
*v294 = v145;
uint32_t const v149 = v134 + v36;
*v295 = v149;
}
float const v156 = *v294;
*v70 = v156;
__syncthreads();
uint32_t v297_store;
uint32_t * v297 = &v297_store;*v297 = v476;
uint32_t v298_store;
uint32_t * v298 = &v298_store;*v298 = v479;
while([&]{
uint32_t const v162 = *v297;
bool const v164 = v162 > v479;
return v164;
}()) {
uint32_t const v166 = *v297;
uint32_t const v167 = 2;
uint32_t const v168 = v166 / v167;
*v297 = v168;
uint32_t const v170 = *v297;
bool const v171 = v338 < v170;
if(v171) {
uint32_t const v172 = *v298;
uint32_t const v174 = v172 * v167;
uint32_t const v176 = v174 * v338;
uint32_t const v177 = uint32_t(v176);
uint32_t const v180 = v167 * v338;
uint32_t const v182 = v180 + v479;
uint32_t const v184 = v172 * v182;
uint32_t const v185 = uint32_t(v184);
float * const v189 = &(*v286)[v185];
float const v190 = *v189;
float * const v194 = &(*v286)[v177];
float const v195 = *v194;
float const v196 = v195 + v190;
*v194 = v196;
}
uint32_t const v197 = *v298;
uint32_t const v199 = v197 * v167;
*v298 = v199;
__syncthreads();
}
float const v205 = *v123;
__syncthreads();
float const v206 = log(v205);float const v207 = v206 + v124;
int32_t const v208 = 0;
bool const v209 = v33 >= v208;
bool const v212 = v338 == v475;
if(v212) {
float v300_store;
float * v300 = &v300_store;*v300 = v125;
if(v209) {
uint32_t const v216 = uint32_t(v33);
uint32_t const v217 = v25 + v216;
__nv_bfloat16 * const v221 = &v1[v217];
__nv_bfloat16 const v222 = *v221;
float const v223 = float(v222);
float const v224 = v207 - v223;
float const v225 = v224 * v279;
*v300 = v225;
}
float * const v229 = &v13[v28];
float const v230 = *v300;
*v229 = v230;
}
__syncthreads();
uint32_t v301_store;
uint32_t * v301 = &v301_store;*v301 = v46;
while([&]{
uint32_t const v234 = *v301;
bool const v235 = v234 < v284;
return v235;
}()) {
float v303_store;
float * v303 = &v303_store;*v303 = v125;
if(v209) {
uint32_t const v240 = *v301;
uint32_t const v241 = v25 + v240;
__nv_bfloat16 * const v245 = &v1[v241];
__nv_bfloat16 const v246 = *v245;
float const v247 = float(v246);
float const v248 = v247 - v207;
float const v249 = exp(v248);*v303 = v249;
uint32_t const v250 = uint32_t(v33);
bool const v252 = v240 == v250;
if(v252) {
float const v253 = *v303;
float const v254 = 1;
float const v255 = v253 - v254;
*v303 = v255;
}
float const v256 = *v303;
float const v257 = v256 * v279;
*v303 = v257;
}
float const v258 = *v303;
__nv_bfloat16 const v259 = __nv_bfloat16(v258);
uint32_t const v260 = *v301;
uint32_t const v261 = v25 + v260;
__nv_bfloat16 * const v265 = &v1[v261];
*v265 = v259;
uint32_t const v269 = v260 + v36;
*v301 = v269;
}
return;
}
