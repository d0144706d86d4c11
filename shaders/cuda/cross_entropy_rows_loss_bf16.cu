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
extern "C" __global__ void __launch_bounds__(256)  cross_entropy_rows_f__i_i32(__nv_bfloat16 const* const __restrict__ v1, int32_t const* const __restrict__ v7, float * const __restrict__ v13, uint32_t const* const __restrict__ dynamic_meta_v231, __grid_constant__ info_st const info_v232) {
extern __shared__ __align__(4) char v246[];uint32_t const v5 = 0;
uint32_t const v239 = info_v232.scalars_u32[0];
float const v240 = info_v232.scalars_f32[0];
uint32_t const v21 = 1;
uint32_t const v244 = info_v232.static_meta[3];
uint32_t const v245 = dynamic_meta_v231[v244 + v21];
uint32_t const v262 = blockIdx.z;
uint32_t const v263 = uint32_t(v262);
uint32_t const v264 = gridDim.y;
uint32_t const v265 = uint32_t(v264);
uint32_t const v266 = v263 * v265;
uint32_t const v267 = gridDim.x;
uint32_t const v268 = uint32_t(v267);
uint32_t const v269 = v266 * v268;
uint32_t const v270 = blockIdx.y;
uint32_t const v271 = uint32_t(v270);
uint32_t const v274 = v271 * v268;
uint32_t const v275 = v269 + v274;
uint32_t const v276 = blockIdx.x;
uint32_t const v277 = uint32_t(v276);
uint32_t const v278 = v275 + v277;
uint32_t const v25 = v278 * v245;
uint32_t const v26 = uint32_t(v239);
uint32_t const v28 = v26 + v278;
int32_t const* const v32 = &v7[v28];
int32_t const v33 = *v32;
array<float, 256> * const v247 = reinterpret_cast<array<float, 256> *>(&v246[0]);
uint32_t const v36 = 256;
__nv_bfloat16 const* const v41 = &v1[v25];
__nv_bfloat16 const v42 = *v41;
float const v43 = float(v42);
float v249_store;
float * v249 = &v249_store;*v249 = v43;
uint32_t const v296 = threadIdx.x;
uint32_t const v421 = 0;
uint32_t const v422 = 256;
uint32_t const v425 = 1;
uint32_t const v46 = uint32_t(v296);
uint32_t v250_store;
uint32_t * v250 = &v250_store;*v250 = v46;
while([&]{
uint32_t const v48 = *v250;
bool const v49 = v48 < v245;
return v49;
}()) {
uint32_t const v51 = *v250;
uint32_t const v52 = v25 + v51;
__nv_bfloat16 const* const v56 = &v1[v52];
__nv_bfloat16 const v57 = *v56;
float const v58 = float(v57);
float const v59 = *v249;
float const v60 = max(v59, v58);
*v249 = v60;
uint32_t const v64 = v51 + v36;
*v250 = v64;
}
float * const v70 = &(*v247)[v46];
float const v71 = *v249;
*v70 = v71;
__syncthreads();
uint32_t v252_store;
uint32_t * v252 = &v252_store;*v252 = v422;
uint32_t v253_store;
uint32_t * v253 = &v253_store;*v253 = v425;
while([&]{
uint32_t const v77 = *v252;
bool const v79 = v77 > v425;
return v79;
}()) {
uint32_t const v81 = *v252;
uint32_t const v82 = 2;
uint32_t const v83 = v81 / v82;
*v252 = v83;
uint32_t const v85 = *v252;
bool const v86 = v296 < v85;
if(v86) {
uint32_t const v87 = *v253;
uint32_t const v89 = v87 * v82;
uint32_t const v91 = v89 * v296;
uint32_t const v92 = uint32_t(v91);
uint32_t const v95 = v82 * v296;
uint32_t const v97 = v95 + v425;
uint32_t const v99 = v87 * v97;
uint32_t const v100 = uint32_t(v99);
float * const v104 = &(*v247)[v100];
float const v105 = *v104;
float * const v109 = &(*v247)[v92];
float const v110 = *v109;
float const v111 = max(v110, v105);
*v109 = v111;
}
uint32_t const v116 = *v253;
uint32_t const v118 = v116 * v82;
*v253 = v118;
__syncthreads();
}
float * const v123 = &(*v247)[v5];
float const v124 = *v123;
__syncthreads();
float const v125 = 0;
float v255_store;
float * v255 = &v255_store;*v255 = v125;
uint32_t v256_store;
uint32_t * v256 = &v256_store;*v256 = v46;
while([&]{
uint32_t const v131 = *v256;
bool const v132 = v131 < v245;
return v132;
}()) {
uint32_t const v134 = *v256;
uint32_t const v135 = v25 + v134;
__nv_bfloat16 const* const v139 = &v1[v135];
__nv_bfloat16 const v140 = *v139;
float const v141 = float(v140);
float const v142 = v141 - v124;
float const v143 = exp(v142);float const v144 = *v255;
float const v145 = v144 + v143;
*v255 = v145;
uint32_t const v149 = v134 + v36;
*v256 = v149;
}
float const v156 = *v255;
*v70 = v156;
__syncthreads();
uint32_t v258_store;
uint32_t * v258 = &v258_store;*v258 = v422;
uint32_t v259_store;
uint32_t * v259 = &v259_store;*v259 = v425;
while([&]{
uint32_t const v162 = *v258;
bool const v164 = v162 > v425;
return v164;
}()) {
uint32_t const v166 = *v258;
uint32_t const v167 = 2;
uint32_t const v168 = v166 / v167;
*v258 = v168;
uint32_t const v170 = *v258;
bool const v171 = v296 < v170;
if(v171) {
uint32_t const v172 = *v259;
uint32_t const v174 = v172 * v167;
uint32_t const v176 = v174 * v296;
uint32_t const v177 = uint32_t(v176);
uint32_t const v180 = v167 * v296;
uint32_t const v182 = v180 + v425;
uint32_t const v184 = v172 * v182;
uint32_t const v185 = uint32_t(v184);
float * const v189 = &(*v247)[v185];
float const v190 = *v189;
float * const v194 = &(*v247)[v177];
float const v195 = *v194;
float const v196 = v195 + v190;
*v194 = v196;
}
uint32_t const v197 = *v259;
uint32_t const v199 = v197 * v167;
*v259 = v199;
__syncthreads();
}
float const v205 = *v123;
__syncthreads();
float const v206 = log(v205);float const v207 = v206 + v124;
int32_t const v208 = 0;
bool const v209 = v33 >= v208;
bool const v212 = v296 == v421;
if(v212) {
float v261_store;
float * v261 = &v261_store;*v261 = v125;
if(v209) {
uint32_t const v216 = uint32_t(v33);
uint32_t const v217 = v25 + v216;
__nv_bfloat16 const* const v221 = &v1[v217];
__nv_bfloat16 const v222 = *v221;
float const v223 = float(v222);
float const v224 = v207 - v223;
float const v225 = v224 * v240;
*v261 = v225;
}
float * const v229 = &v13[v28];
float const v230 = *v261;
*v229 = v230;
}
return;
}
