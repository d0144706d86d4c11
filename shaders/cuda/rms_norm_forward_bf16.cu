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
float scalars_f32[2];uint32_t static_meta[10];
};
extern "C" __global__ void __launch_bounds__(128)  rms_norm_forward_f_(__nv_bfloat16 const* const __restrict__ v1, __nv_bfloat16 const* const __restrict__ v7, __nv_bfloat16 * const __restrict__ v13, uint32_t const* const __restrict__ dynamic_meta_v143, __grid_constant__ info_st const info_v144) {
extern __shared__ __align__(4) char v155[];uint32_t const v5 = 0;
uint32_t const v147 = info_v144.scalars_usize[2];
float const v151 = info_v144.scalars_f32[0];
uint32_t const v166 = blockIdx.z;
uint32_t const v167 = uint32_t(v166);
uint32_t const v168 = gridDim.y;
uint32_t const v169 = uint32_t(v168);
uint32_t const v170 = v167 * v169;
uint32_t const v171 = gridDim.x;
uint32_t const v172 = uint32_t(v171);
uint32_t const v173 = v170 * v172;
uint32_t const v174 = blockIdx.y;
uint32_t const v175 = uint32_t(v174);
uint32_t const v178 = v175 * v172;
uint32_t const v179 = v173 + v178;
uint32_t const v180 = blockIdx.x;
uint32_t const v181 = uint32_t(v180);
uint32_t const v182 = v179 + v181;
uint32_t const v21 = v182 * v147;
array<float, 128> * const v156 = reinterpret_cast<array<float, 128> *>(&v155[0]);
uint32_t const v24 = 128;
float const v26 = 0;
float v158_store;
float * v158 = &v158_store;*v158 = v26;
uint32_t const v183 = threadIdx.x;
uint32_t const v253 = 128;
uint32_t const v256 = 1;
uint32_t const v30 = uint32_t(v183);
uint32_t v159_store;
uint32_t * v159 = &v159_store;*v159 = v30;
while([&]{
uint32_t const v32 = *v159;
bool const v33 = v32 < v147;
return v33;
}()) {
uint32_t const v35 = *v159;
uint32_t const v36 = v21 + v35;
__nv_bfloat16 const* const v40 = &v1[v36];
__nv_bfloat16 const v41 = *v40;
float const v42 = float(v41);
float const v44 = *v158;
float const v303 = fma(v42, v42, v44);
*v158 = v303;
uint32_t const v49 = v35 + v24;
*v159 = v49;
}
float * const v55 = &(*v156)[v30];
float const v56 = *v158;
*v55 = v56;
__syncthreads();
uint32_t v161_store;
uint32_t * v161 = &v161_store;*v161 = v253;
uint32_t v162_store;
uint32_t * v162 = &v162_store;*v162 = v256;
while([&]{
uint32_t const v62 = *v161;
bool const v64 = v62 > v256;
return v64;
}()) {
uint32_t const v66 = *v161;
uint32_t const v67 = 2;
uint32_t const v68 = v66 / v67;
*v161 = v68;
uint32_t const v70 = *v161;
bool const v71 = v183 < v70;
if(v71) {
uint32_t const v72 = *v162;
uint32_t const v74 = v72 * v67;
uint32_t const v76 = v74 * v183;
uint32_t const v77 = uint32_t(v76);
uint32_t const v80 = v67 * v183;
uint32_t const v82 = v80 + v256;
uint32_t const v84 = v72 * v82;
uint32_t const v85 = uint32_t(v84);
float * const v89 = &(*v156)[v85];
float const v90 = *v89;
float * const v94 = &(*v156)[v77];
float const v95 = *v94;
float const v96 = v95 + v90;
*v94 = v96;
}
uint32_t const v97 = *v162;
uint32_t const v99 = v97 * v67;
*v162 = v99;
__syncthreads();
}
float * const v104 = &(*v156)[v5];
float const v105 = *v104;
__syncthreads();
float const v106 = float(v147);
float const v107 = v105 / v106;
float const v108 = v107 + v151;
float const v109 = sqrt(v108);uint32_t v164_store;
uint32_t * v164 = &v164_store;*v164 = v30;
while([&]{
uint32_t const v113 = *v164;
bool const v114 = v113 < v147;
return v114;
}()) {
uint32_t const v116 = *v164;
uint32_t const v117 = v21 + v116;
__nv_bfloat16 const* const v121 = &v1[v117];
__nv_bfloat16 const v122 = *v121;
float const v123 = float(v122);
float const v124 = v123 / v109;
__nv_bfloat16 const v125 = __nv_bfloat16(v124);
__nv_bfloat16 const* const v130 = &v7[v116];
__nv_bfloat16 const v131 = *v130;
__nv_bfloat16 const v132 = v125 * v131;
__nv_bfloat16 * const v138 = &v13[v117];
*v138 = v132;
uint32_t const v142 = v116 + v24;
*v164 = v142;
}
return;
}
