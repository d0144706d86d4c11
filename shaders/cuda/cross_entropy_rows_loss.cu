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
extern "C" __global__ void __launch_bounds__(256)  cross_entropy_rows_f_f32_i_i32(float const* const __restrict__ v1, int32_t const* const __restrict__ v7, float * const __restrict__ v13, uint32_t const* const __restrict__ dynamic_meta_v227, __grid_constant__ info_st const info_v228) {
extern __shared__ __align__(4) char v242[];uint32_t const v5 = 0;
uint32_t const v235 = info_v228.scalars_u32[0];
float const v236 = info_v228.scalars_f32[0];
uint32_t const v21 = 1;
uint32_t const v240 = info_v228.static_meta[3];
uint32_t const v241 = dynamic_meta_v227[v240 + v21];
uint32_t const v258 = blockIdx.z;
uint32_t const v259 = uint32_t(v258);
uint32_t const v260 = gridDim.y;
uint32_t const v261 = uint32_t(v260);
uint32_t const v262 = v259 * v261;
uint32_t const v263 = gridDim.x;
uint32_t const v264 = uint32_t(v263);
uint32_t const v265 = v262 * v264;
uint32_t const v266 = blockIdx.y;
uint32_t const v267 = uint32_t(v266);
uint32_t const v270 = v267 * v264;
uint32_t const v271 = v265 + v270;
uint32_t const v272 = blockIdx.x;
uint32_t const v273 = uint32_t(v272);
uint32_t const v274 = v271 + v273;
uint32_t const v25 = v274 * v241;
uint32_t const v26 = uint32_t(v235);
uint32_t const v28 = v26 + v274;
int32_t const* const v32 = &v7[v28];
int32_t const v33 = *v32;
array<float, 256> * const v243 = reinterpret_cast<array<float, 256> *>(&v242[0]);
uint32_t const v36 = 256;
float const* const v41 = &v1[v25];
float const v42 = *v41;
float v245_store;
float * v245 = &v245_store;*v245 = v42;
uint32_t const v292 = threadIdx.x;
uint32_t const v417 = 0;
uint32_t const v418 = 256;
uint32_t const v421 = 1;
uint32_t const v45 = uint32_t(v292);
uint32_t v246_store;
uint32_t * v246 = &v246_store;*v246 = v45;
while([&]{
uint32_t const v47 = *v246;
bool const v48 = v47 < v241;
return v48;
}()) {
uint32_t const v50 = *v246;
uint32_t const v51 = v25 + v50;
float const* const v55 = &v1[v51];
float const v56 = *v55;
float const v57 = *v245;
float const v58 = max(v57, v56);
*v245 = v58;
uint32_t const v62 = v50 + v36;
*v246 = v62;
}
float * const v68 = &(*v243)[v45];
float const v69 = *v245;
*v68 = v69;
__syncthreads();
uint32_t v248_store;
uint32_t * v248 = &v248_store;*v248 = v418;
uint32_t v249_store;
uint32_t * v249 = &v249_store;*v249 = v421;
while([&]{
uint32_t const v75 = *v248;
bool const v77 = v75 > v421;
return v77;
}()) {
uint32_t const v79 = *v248;
uint32_t const v80 = 2;
uint32_t const v81 = v79 / v80;
*v248 = v81;
uint32_t const v83 = *v248;
bool const v84 = v292 < v83;
if(v84) {
uint32_t const v85 = *v249;
uint32_t const v87 = v85 * v80;
uint32_t const v89 = v87 * v292;
uint32_t const v90 = uint32_t(v89);
uint32_t const v93 = v80 * v292;
uint32_t const v95 = v93 + v421;
uint32_t const v97 = v85 * v95;
uint32_t const v98 = uint32_t(v97);
float * const v102 = &(*v243)[v98];
float const v103 = *v102;
float * const v107 = &(*v243)[v90];
float const v108 = *v107;
float const v109 = max(v108, v103);
*v107 = v109;
}
uint32_t const v114 = *v249;
uint32_t const v116 = v114 * v80;
*v249 = v116;
__syncthreads();
}
float * const v121 = &(*v243)[v5];
float const v122 = *v121;
__syncthreads();
float const v123 = 0;
float v251_store;
float * v251 = &v251_store;*v251 = v123;
uint32_t v252_store;
uint32_t * v252 = &v252_store;*v252 = v45;
while([&]{
uint32_t const v129 = *v252;
bool const v130 = v129 < v241;
return v130;
}()) {
uint32_t const v132 = *v252;
uint32_t const v133 = v25 + v132;
float const* const v137 = &v1[v133];
float const v138 = *v137;
float const v139 = v138 - v122;
float const v140 = exp(v139);float const v141 = *v251;
float const v142 = v141 + v140;
*v251 = v142;
uint32_t const v146 = v132 + v36;
*v252 = v146;
}
float const v153 = *v251;
*v68 = v153;
__syncthreads();
uint32_t v254_store;
uint32_t * v254 = &v254_store;*v254 = v418;
uint32_t v255_store;
uint32_t * v255 = &v255_store;*v255 = v421;
while([&]{
uint32_t const v159 = *v254;
bool const v161 = v159 > v421;
return v161;
}()) {
uint32_t const v163 = *v254;
uint32_t const v164 = 2;
uint32_t const v165 = v163 / v164;
*v254 = v165;
uint32_t const v167 = *v254;
bool const v168 = v292 < v167;
if(v168) {
uint32_t const v169 = *v255;
uint32_t const v171 = v169 * v164;
uint32_t const v173 = v171 * v292;
uint32_t const v174 = uint32_t(v173);
uint32_t const v177 = v164 * v292;
uint32_t const v179 = v177 + v421;
uint32_t const v181 = v169 * v179;
uint32_t const v182 = uint32_t(v181);
float * const v186 = &(*v243)[v182];
float const v187 = *v186;
float * const v191 = &(*v243)[v174];
float const v192 = *v191;
float const v193 = v192 + v187;
*v191 = v193;
}
uint32_t const v194 = *v255;
uint32_t const v196 = v194 * v164;
*v255 = v196;
__syncthreads();
}
float const v202 = *v121;
__syncthreads();
float const v203 = log(v202);float const v204 = v203 + v122;
int32_t const v205 = 0;
bool const v206 = v33 >= v205;
bool const v209 = v292 == v417;
if(v209) {
float v257_store;
float * v257 = &v257_store;*v257 = v123;
if(v206) {
uint32_t const v213 = uint32_t(v33);
uint32_t const v214 = v25 + v213;
float const* const v218 = &v1[v214];
float const v219 = *v218;
float const v220 = v204 - v219;
float const v221 = v220 * v236;
*v257 = v221;
}
float * const v225 = &v13[v28];
float const v226 = *v257;
*v225 = v226;
}
return;
}
