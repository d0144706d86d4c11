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
    uint32_t scalars_usize[8];uint32_t static_meta[12];
};
extern "C" __global__ void __launch_bounds__(64)  rms_norm_backward_weight_f_(__half const* const __restrict__ v1, __half const* const __restrict__ v7, float const* const __restrict__ v13, __half * const __restrict__ v19, uint32_t const* const __restrict__ dynamic_meta_v63, __grid_constant__ info_st const info_v64) {
uint32_t const v5 = 0;
uint32_t const v69 = info_v64.scalars_usize[4];
uint32_t const v71 = info_v64.scalars_usize[6];
uint32_t const v80 = blockIdx.z;
uint32_t const v81 = uint32_t(v80);
uint32_t const v82 = gridDim.y;
uint32_t const v83 = uint32_t(v82);
uint32_t const v84 = v81 * v83;
uint32_t const v85 = gridDim.x;
uint32_t const v86 = uint32_t(v85);
uint32_t const v87 = v84 * v86;
uint32_t const v88 = blockIdx.y;
uint32_t const v89 = uint32_t(v88);
uint32_t const v92 = v89 * v86;
uint32_t const v93 = v87 + v92;
uint32_t const v94 = blockIdx.x;
uint32_t const v95 = uint32_t(v94);
uint32_t const v96 = v93 + v95;
uint32_t const v123 = 64;
uint32_t const v99 = v96 * v123;
uint32_t const v104 = threadIdx.x;
uint32_t const v101 = uint32_t(v104);
uint32_t const v102 = v99 + v101;
bool const v26 = v102 < v71;
if(v26) {
float const v27 = 0;
float v78_store;
float * v78 = &v78_store;*v78 = v27;
uint32_t const v31 = 1;
for(uint32_t v32 = v5; v32 < v69; v32 += v31) {
uint32_t const v34 = v32 * v71;
uint32_t const v35 = v34 + v102;
__half const* const v39 = &v7[v35];
__half const v40 = *v39;
float const v41 = float(v40);
__half const* const v45 = &v1[v35];
__half const v46 = *v45;
float const v47 = float(v46);
float const v48 = v41 * v47;
float const* const v52 = &v13[v32];
float const v53 = *v52;
float const v55 = *v78;
float const v124 = fma(v48, v53, v55);
*v78 = v124;
}
float const v57 = *v78;
__half const v58 = __half(v57);
__half * const v62 = &v19[v102];
*v62 = v58;
}
return;
}
