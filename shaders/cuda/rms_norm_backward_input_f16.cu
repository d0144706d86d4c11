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
#include <cuda_fp16.h>

struct info_st {
    uint32_t scalars_usize[10];
float scalars_f32[2];uint32_t static_meta[16];
};
extern "C" __global__ void __launch_bounds__(128)  rms_norm_backward_input_f_(__half const* const __restrict__ v1, __half const* const __restrict__ v7, __half const* const __restrict__ v13, __half * const __restrict__ v19, float * const __restrict__ v25, uint32_t const* const __restrict__ dynamic_meta_v277, __grid_constant__ info_st const info_v278) {
extern __shared__ __align__(4) char v295[];uint32_t const v5 = 0;
uint32_t const v281 = info_v278.scalars_usize[2];
float const v289 = info_v278.scalars_f32[0];
uint32_t const v312 = blockIdx.z;
uint32_t const v313 = uint32_t(v312);
uint32_t const v314 = gridDim.y;
uint32_t const v315 = uint32_t(v314);
uint32_t const v316 = v313 * v315;
uint32_t const v317 = gridDim.x;
uint32_t const v318 = uint32_t(v317);
uint32_t const v319 = v316 * v318;
uint32_t const v320 = blockIdx.y;
uint32_t const v321 = uint32_t(v320);
uint32_t const v324 = v321 * v318;
uint32_t const v325 = v319 + v324;
uint32_t const v326 = blockIdx.x;
uint32_t const v327 = uint32_t(v326);
uint32_t const v328 = v325 + v327;
uint32_t const v33 = v328 * v281;
array<float, 128> * const v296 = reinterpret_cast<array<float, 128> *>(&v295[0]);
uint32_t const v36 = 128;
float const v38 = 0;
float v298_store;
float * v298 = &v298_store;*v298 = v38;
uint32_t const v329 = threadIdx.x;
uint32_t const v483 = 0;
uint32_t const v484 = 128;
uint32_t const v487 = 1;
uint32_t const v42 = uint32_t(v329);
uint32_t v299_store;
uint32_t * v299 = &v299_store;*v299 = v42;
while([&]{
uint32_t const v44 = *v299;
bool const v45 = v44 < v281;
return v45;
}()) {
uint32_t const v47 = *v299;
uint32_t const v48 = v33 + v47;
__half const* const v52 = &v1[v48];
__half const v53 = *v52;
float const v54 = float(v53);
float const v56 = *v298;
float const v584 = fma(v54, v54, v56);
*v298 = v584;
uint32_t const v61 = v47 + v36;
*v299 = v61;
}
float * const v67 = &(*v296)[v42];
float const v68 = *v298;
*v67 = v68;
__syncthreads();
uint32_t v301_store;
uint32_t * v301 = &v301_store;*v301 = v484;
uint32_t v302_store;
uint32_t * v302 = &v302_store;*v302 = v487;
while([&]{
uint32_t const v74 = *v301;
bool const v76 = v74 > v487;
return v76;
}()) {
uint32_t const v78 = *v301;
uint32_t const v79 = 2;
uint32_t const v80 = v78 / v79;
*v301 = v80;
uint32_t const v82 = *v301;
bool const v83 = v329 < v82;
if(v83) {
uint32_t const v84 = *v302;
uint32_t const v86 = v84 * v79;
uint32_t const v88 = v86 * v329;
uint32_t const v89 = uint32_t(v88);
uint32_t const v92 = v79 * v329;
uint32_t const v94 = v92 + v487;
uint32_t const v96 = v84 * v94;
uint32_t const v97 = uint32_t(v96);
float * const v101 = &(*v296)[v97];
float const v102 = *v101;
float * const v106 = &(*v296)[v89];
float const v107 = *v106;
float const v108 = v107 + v102;
*v106 = v108;
}
uint32_t const v109 = *v302;
uint32_t const v111 = v109 * v79;
*v302 = v111;
__syncthreads();
}
float * const v116 = &(*v296)[v5];
float const v117 = *v116;
__syncthreads();
float const v118 = float(v281);
float const v119 = v117 / v118;
float const v120 = v119 + v289;
float const v121 = sqrt(v120);float const v122 = 1;
float const v123 = v122 / v121;
float v304_store;
float * v304 = &v304_store;*v304 = v38;
uint32_t v305_store;
uint32_t * v305 = &v305_store;*v305 = v42;
while([&]{
uint32_t const v130 = *v305;
bool const v131 = v130 < v281;
return v131;
}()) {
uint32_t const v135 = *v305;
__half const* const v137 = &v7[v135];
__half const v138 = *v137;
float const v139 = float(v138);
uint32_t const v141 = v33 + v135;
__half const* const v145 = &v13[v141];
__half const v146 = *v145;
float const v147 = float(v146);
float const v148 = v139 * v147;
__half const* const v154 = &v1[v141];
__half const v155 = *v154;
float const v156 = float(v155);
float const v158 = *v304;
float const v585 = fma(v148, v156, v158);
*v304 = v585;
uint32_t const v163 = v135 + v36;
*v305 = v163;
}
float const v170 = *v304;
*v67 = v170;
__syncthreads();
uint32_t v307_store;
uint32_t * v307 = &v307_store;*v307 = v484;
uint32_t v308_store;
uint32_t * v308 = &v308_store;*v308 = v487;
while([&]{
uint32_t const v176 = *v307;
bool const v178 = v176 > v487;
return v178;
}()) {
uint32_t const v180 = *v307;
uint32_t const v181 = 2;
uint32_t const v182 = v180 / v181;
*v307 = v182;
uint32_t const v184 = *v307;
bool const v185 = v329 < v184;
if(v185) {
uint32_t const v186 = *v308;
uint32_t const v188 = v186 * v181;
uint32_t const v190 = v188 * v329;
uint32_t const v191 = uint32_t(v190);
uint32_t const v194 = v181 * v329;
uint32_t const v196 = v194 + v487;
uint32_t const v198 = v186 * v196;
uint32_t const v199 = uint32_t(v198);
float * const v203 = &(*v296)[v199];
float const v204 = *v203;
float * const v208 = &(*v296)[v191];
float const v209 = *v208;
float const v210 = v209 + v204;
*v208 = v210;
}
uint32_t const v211 = *v308;
uint32_t const v213 = v211 * v181;
*v308 = v213;
__syncthreads();
}
float const v219 = *v116;
__syncthreads();
float const v220 = v123 * v123;
float const v221 = v220 * v123;
float const v222 = v221 * v219;
float const v224 = v222 / v118;
uint32_t v310_store;
uint32_t * v310 = &v310_store;*v310 = v42;
while([&]{
uint32_t const v228 = *v310;
bool const v229 = v228 < v281;
return v229;
}()) {
uint32_t const v233 = *v310;
__half const* const v235 = &v7[v233];
__half const v236 = *v235;
float const v237 = float(v236);
uint32_t const v239 = v33 + v233;
__half const* const v243 = &v13[v239];
__half const v244 = *v243;
float const v245 = float(v244);
__half const* const v251 = &v1[v239];
__half const v252 = *v251;
float const v253 = float(v252);
float const v254 = v123 * v237;
float const v256 = v224 * v253;
float const v586 = -v256;
float const v587 = fma(v254, v245, v586);
__half const v258 = __half(v587);
__half * const v264 = &v19[v239];
*v264 = v258;
uint32_t const v268 = v233 + v36;
*v310 = v268;
}
bool const v271 = v329 == v483;
if(v271) {
float * const v276 = &v25[v328];
*v276 = v123;
}
return;
}
