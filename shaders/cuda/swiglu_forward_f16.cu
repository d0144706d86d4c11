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
    uint32_t scalars_usize[6];uint32_t static_meta[10];
};
extern "C" __global__ void __launch_bounds__(256)  swiglu_forward_f_(__half const* const __restrict__ v1, __half const* const __restrict__ v7, __half * const __restrict__ v13, uint32_t const* const __restrict__ dynamic_meta_v46, __grid_constant__ info_st const info_v47) {
uint32_t const v52 = info_v47.scalars_usize[4];
uint32_t const v58 = blockIdx.z;
uint32_t const v59 = uint32_t(v58);
uint32_t const v60 = gridDim.y;
uint32_t const v61 = uint32_t(v60);
uint32_t const v62 = v59 * v61;
uint32_t const v63 = gridDim.x;
uint32_t const v64 = uint32_t(v63);
uint32_t const v65 = v62 * v64;
uint32_t const v66 = blockIdx.y;
uint32_t const v67 = uint32_t(v66);
uint32_t const v70 = v67 * v64;
uint32_t const v71 = v65 + v70;
uint32_t const v72 = blockIdx.x;
uint32_t const v73 = uint32_t(v72);
uint32_t const v74 = v71 + v73;
uint32_t const v101 = 256;
uint32_t const v77 = v74 * v101;
uint32_t const v82 = threadIdx.x;
uint32_t const v79 = uint32_t(v82);
uint32_t const v80 = v77 + v79;
bool const v20 = v80 < v52;
if(v20) {
__half const* const v24 = &v1[v80];
__half const v25 = *v24;
float const v26 = float(v25);
float const v27 = -v26;
float const v28 = exp(v27);float const v29 = 1;
float const v30 = v29 + v28;
float const v32 = v29 / v30;
float const v33 = v26 * v32;
__half const* const v37 = &v7[v80];
__half const v38 = *v37;
float const v39 = float(v38);
float const v40 = v33 * v39;
__half const v41 = __half(v40);
__half * const v45 = &v13[v80];
*v45 = v41;
}
return;
}
