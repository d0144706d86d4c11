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
extern "C" __global__ void __launch_bounds__(256)  rope_f_(__half const* const __restrict__ v1, __half const* const __restrict__ v7, __half const* const __restrict__ v13, __half * const __restrict__ v19, uint32_t const* const __restrict__ dynamic_meta_v98, __grid_constant__ info_st const info_v99) {
uint32_t const v101 = info_v99.scalars_usize[1];
uint32_t const v106 = info_v99.scalars_usize[6];
uint32_t const v117 = blockIdx.z;
uint32_t const v118 = uint32_t(v117);
uint32_t const v119 = gridDim.y;
uint32_t const v120 = uint32_t(v119);
uint32_t const v121 = v118 * v120;
uint32_t const v122 = gridDim.x;
uint32_t const v123 = uint32_t(v122);
uint32_t const v124 = v121 * v123;
uint32_t const v125 = blockIdx.y;
uint32_t const v126 = uint32_t(v125);
uint32_t const v129 = v126 * v123;
uint32_t const v130 = v124 + v129;
uint32_t const v131 = blockIdx.x;
uint32_t const v132 = uint32_t(v131);
uint32_t const v133 = v130 + v132;
uint32_t const v160 = 256;
uint32_t const v136 = v133 * v160;
uint32_t const v141 = threadIdx.x;
uint32_t const v138 = uint32_t(v141);
uint32_t const v139 = v136 + v138;
bool const v26 = v139 < v106;
if(v26) {
uint32_t const v27 = 1;
uint32_t const v28 = v101 - v27;
uint32_t const v112 = info_v99.static_meta[4];
uint32_t const v113 = dynamic_meta_v98[v112 + v28];
uint32_t const v31 = 2;
uint32_t const v32 = v101 - v31;
uint32_t const v115 = dynamic_meta_v98[v112 + v32];
uint32_t const v36 = v113 / v31;
uint32_t const v37 = v139 % v113;
uint32_t const v38 = v139 / v113;
uint32_t const v39 = v38 % v115;
uint32_t const v40 = v39 * v113;
__half const* const v44 = &v1[v139];
__half const v45 = *v44;
float const v46 = float(v45);
uint32_t const v47 = v40 + v37;
__half const* const v51 = &v7[v47];
__half const v52 = *v51;
float const v53 = float(v52);
float const v54 = v46 * v53;
bool const v55 = v37 < v36;
if(v55) {
uint32_t const v56 = v139 + v36;
__half const* const v60 = &v1[v56];
__half const v61 = *v60;
float const v62 = float(v61);
__half const* const v67 = &v13[v47];
__half const v68 = *v67;
float const v69 = float(v68);
float const v161 = -v62;
float const v162 = fma(v161, v69, v54);
__half const v72 = __half(v162);
__half * const v76 = &v19[v139];
*v76 = v72;
}
 else {
uint32_t const v77 = v139 - v36;
__half const* const v81 = &v1[v77];
__half const v82 = *v81;
float const v83 = float(v82);
__half const* const v88 = &v13[v47];
__half const v89 = *v88;
float const v90 = float(v89);
float const v163 = fma(v83, v90, v54);
__half const v93 = __half(v163);
__half * const v97 = &v19[v139];
*v97 = v93;
}
}
return;
}
