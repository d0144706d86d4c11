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
    uint32_t scalars_usize[10];
float scalars_f32[2];uint32_t static_meta[16];
};
extern "C" __global__ void __launch_bounds__(128)  rms_norm_backward_input_f_f32(float const* const __restrict__ v1, float const* const __restrict__ v7, float const* const __restrict__ v13, float * const __restrict__ v19, float * const __restrict__ v25, uint32_t const* const __restrict__ dynamic_meta_v269, __grid_constant__ info_st const info_v270) {
extern __shared__ __align__(4) char v287[];uint32_t const v5 = 0;
uint32_t const v273 = info_v270.scalars_usize[2];
float const v281 = info_v270.scalars_f32[0];
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
uint32_t const v33 = v320 * v273;
array<float, 128> * const v288 = reinterpret_cast<array<float, 128> *>(&v287[0]);
uint32_t const v36 = 128;
float const v38 = 0;
float v290_store;
float * v290 = &v290_store;*v290 = v38;
uint32_t const v321 = threadIdx.x;
uint32_t const v475 = 0;
uint32_t const v476 = 128;
uint32_t const v479 = 1;
uint32_t const v42 = uint32_t(v321);
uint32_t v291_store;
uint32_t * v291 = &v291_store;*v291 = v42;
while([&]{
uint32_t const v44 = *v291;
bool const v45 = v44 < v273;
return v45;
}()) {
uint32_t const v47 = *v291;
uint32_t const v48 = v33 + v47;
float const* const v52 = &v1[v48];
float const v53 = *v52;
float const v55 = *v290;
float const v576 = fma(v53, v53, v55);
*v290 = v576;
uint32_t const v60 = v47 + v36;
*v291 = v60;
}
float * const v66 = &(*v288)[v42];
float const v67 = *v290;
*v66 = v67;
__syncthreads();
uint32_t v293_store;
uint32_t * v293 = &v293_store;*v293 = v476;
uint32_t v294_store;
uint32_t * v294 = &v294_store;*v294 = v479;
while([&]{
uint32_t const v73 = *v293;
bool const v75 = v73 > v479;
return v75;
}()) {
uint32_t const v77 = *v293;
uint32_t const v78 = 2;
uint32_t const v79 = v77 / v78;
*v293 = v79;
uint32_t const v81 = *v293;
bool const v82 = v321 < v81;
if(v82) {
uint32_t const v83 = *v294;
uint32_t const v85 = v83 * v78;
uint32_t const v87 = v85 * v321;
uint32_t const v88 = uint32_t(v87);
uint32_t const v91 = v78 * v321;
uint32_t const v93 = v91 + v479;
uint32_t const v95 = v83 * v93;
uint32_t const v96 = uint32_t(v95);
float * const v100 = &(*v288)[v96];
float const v101 = *v100;
float * const v105 = &(*v288)[v88];
float const v106 = *v105;
float const v107 = v106 + v101;
*v105 = v107;
}
uint32_t const v108 = *v294;
uint32_t const v110 = v108 * v78;
*v294 = v110;
__syncthreads();
}
float * const v115 = &(*v288)[v5];
float const v116 = *v115;
__syncthreads();
float const v117 = float(v273);
float const v118 = v116 / v117;
float const v119 = v118 + v281;
float const v120 = sqrt(v119);float const v121 = 1;
float const v122 = v121 / v120;
float v296_store;
float * v296 = &v296_store;*v296 = v38;
uint32_t v297_store;
uint32_t * v297 = &v297_store;*v297 = v42;
while([&]{
uint32_t const v129 = *v297;
bool const v130 = v129 < v273;
return v130;
}()) {
uint32_t const v134 = *v297;
float const* const v136 = &v7[v134];
float const v137 = *v136;
uint32_t const v139 = v33 + v134;
float const* const v143 = &v13[v139];
float const v144 = *v143;
float const v145 = v137 * v144;
float const* const v151 = &v1[v139];
float const v152 = *v151;
float const v154 = *v296;
float const v577 = fma(v145, v152, v154);
*v296 = v577;
uint32_t const v159 = v134 + v36;
*v297 = v159;
}
float const v166 = *v296;
*v66 = v166;
__syncthreads();
uint32_t v299_store;
uint32_t * v299 = &v299_store;*v299 = v476;
uint32_t v300_store;
uint32_t * v300 = &v300_store;*v300 = v479;
while([&]{
uint32_t const v172 = *v299;
bool const v174 = v172 > v479;
return v174;
}()) {
uint32_t const v176 = *v299;
uint32_t const v177 = 2;
uint32_t const v178 = v176 / v177;
*v299 = v178;
uint32_t const v180 = *v299;
bool const v181 = v321 < v180;
if(v181) {
uint32_t const v182 = *v300;
uint32_t const v184 = v182 * v177;
uint32_t const v186 = v184 * v321;
uint32_t const v187 = uint32_t(v186);
uint32_t const v190 = v177 * v321;
uint32_t const v192 = v190 + v479;
uint32_t const v194 = v182 * v192;
uint32_t const v195 = uint32_t(v194);
float * const v199 = &(*v288)[v195];
float const v200 = *v199;
float * const v204 = &(*v288)[v187];
float const v205 = *v204;
float const v206 = v205 + v200;
*v204 = v206;
}
uint32_t const v207 = *v300;
uint32_t const v209 = v207 * v177;
*v300 = v209;
__syncthreads();
}
float const v215 = *v115;
__syncthreads();
float const v216 = v122 * v122;
float const v217 = v216 * v122;
float const v218 = v217 * v215;
float const v220 = v218 / v117;
uint32_t v302_store;
uint32_t * v302 = &v302_store;*v302 = v42;
while([&]{
uint32_t const v224 = *v302;
bool const v225 = v224 < v273;
return v225;
}()) {
uint32_t const v229 = *v302;
float const* const v231 = &v7[v229];
float const v232 = *v231;
uint32_t const v234 = v33 + v229;
float const* const v238 = &v13[v234];
float const v239 = *v238;
float const* const v245 = &v1[v234];
float const v246 = *v245;
float const v247 = v122 * v232;
float const v249 = v220 * v246;
float const v578 = -v249;
float const v579 = fma(v247, v239, v578);
float * const v256 = &v19[v234];
*v256 = v579;
uint32_t const v260 = v229 + v36;
*v302 = v260;
}
bool const v263 = v321 == v475;
if(v263) {
float * const v268 = &v25[v320];
*v268 = v122;
}
return;
}
