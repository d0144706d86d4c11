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
    uint32_t scalars_usize[10];uint32_t static_meta[16];
};
extern "C" __global__ void __launch_bounds__(256)  swiglu_backward_f_(__nv_bfloat16 const* const __restrict__ v1, __nv_bfloat16 const* const __restrict__ v7, __nv_bfloat16 const* const __restrict__ v13, __nv_bfloat16 * const __restrict__ v19, __nv_bfloat16 * const __restrict__ v25, uint32_t const* const __restrict__ dynamic_meta_v77, __grid_constant__ info_st const info_v78) {
uint32_t const v83 = info_v78.scalars_usize[4];
uint32_t const v95 = blockIdx.z;
uint32_t const v96 = uint32_t(v95);
uint32_t const v97 = gridDim.y;
uint32_t const v98 = uint32_t(v97);
uint32_t const v99 = v96 * v98;
uint32_t const v100 = gridDim.x;
uint32_t const v101 = uint32_t(v100);
uint32_t const v102 = v99 * v101;
uint32_t const v103 = blockIdx.y;
uint32_t const v104 = uint32_t(v103);
uint32_t const v107 = v104 * v101;
uint32_t const v108 = v102 + v107;
uint32_t const v109 = blockIdx.x;
uint32_t const v110 = uint32_t(v109);
uint32_t const v111 = v108 + v110;
uint32_t const v138 = 256;
uint32_t const v114 = v111 * v138;
uint32_t const v119 = threadIdx.x;
uint32_t const v116 = uint32_t(v119);
uint32_t const v117 = v114 + v116;
bool const v32 = v117 < v83;
if(v32) {
__nv_bfloat16 const* const v36 = &v1[v117];
__nv_bfloat16 const v37 = *v36;
float const v38 = float(v37);
__nv_bfloat16 const* const v42 = &v13[v117];
__nv_bfloat16 const v43 = *v42;
float const v44 = float(v43);
float const v45 = -v38;
float const v46 = exp(v45);float const v47 = 1;
float const v48 = v47 + v46;
float const v50 = v47 / v48;
__nv_bfloat16 const* const v54 = &v7[v117];
__nv_bfloat16 const v55 = *v54;
float const v56 = float(v55);
float const v57 = v44 * v56;
float const v58 = v57 * v50;
float const v60 = v47 - v50;
float const v139 = fma(v38, v60, v47);
float const v64 = v58 * v139;
__nv_bfloat16 const v65 = __nv_bfloat16(v64);
__nv_bfloat16 * const v69 = &v19[v117];
*v69 = v65;
float const v70 = v44 * v38;
float const v71 = v70 * v50;
__nv_bfloat16 const v72 = __nv_bfloat16(v71);
__nv_bfloat16 * const v76 = &v25[v117];
*v76 = v72;
}
return;
}
