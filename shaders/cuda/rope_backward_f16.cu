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
extern "C" __global__ void __launch_bounds__(256)  rope_f_(__half const* const __restrict__ v1, __half const* const __restrict__ v7, __half const* const __restrict__ v13, __half * const __restrict__ v19, uint32_t const* const __restrict__ dynamic_meta_v100, __grid_constant__ info_st const info_v101) {
uint32_t const v103 = info_v101.scalars_usize[1];
uint32_t const v108 = info_v101.scalars_usize[6];
uint32_t const v119 = blockIdx.z;
uint32_t const v120 = uint32_t(v119);
uint32_t const v121 = gridDim.y;
uint32_t const v122 = uint32_t(v121);
uint32_t const v123 = v120 * v122;
uint32_t const v124 = gridDim.x;
uint32_t const v125 = uint32_t(v124);
uint32_t const v126 = v123 * v125;
uint32_t const v127 = blockIdx.y;
uint32_t const v128 = uint32_t(v127);
uint32_t const v131 = v128 * v125;
uint32_t const v132 = v126 + v131;
uint32_t const v133 = blockIdx.x;
uint32_t const v134 = uint32_t(v133);
uint32_t const v135 = v132 + v134;
uint32_t const v162 = 256;
uint32_t const v138 = v135 * v162;
uint32_t const v143 = threadIdx.x;
uint32_t const v140 = uint32_t(v143);
uint32_t const v141 = v138 + v140;
bool const v26 = v141 < v108;
if(v26) {
uint32_t const v27 = 1;
uint32_t const v28 = v103 - v27;
uint32_t const v114 = info_v101.static_meta[4];
uint32_t const v115 = dynamic_meta_v100[v114 + v28];
uint32_t const v31 = 2;
uint32_t const v32 = v103 - v31;
uint32_t const v117 = dynamic_meta_v100[v114 + v32];
uint32_t const v36 = v115 / v31;
uint32_t const v37 = v141 % v115;
uint32_t const v38 = v141 / v115;
uint32_t const v39 = v38 % v117;
uint32_t const v40 = v39 * v115;
__half const* const v44 = &v1[v141];
__half const v45 = *v44;
float const v46 = float(v45);
uint32_t const v47 = v40 + v37;
__half const* const v51 = &v7[v47];
__half const v52 = *v51;
float const v53 = float(v52);
float const v54 = v46 * v53;
bool const v55 = v37 < v36;
if(v55) {
uint32_t const v56 = v141 + v36;
__half const* const v60 = &v1[v56];
__half const v61 = *v60;
float const v62 = float(v61);
uint32_t const v64 = v47 + v36;
__half const* const v68 = &v13[v64];
__half const v69 = *v68;
float const v70 = float(v69);
float const v163 = fma(v62, v70, v54);
__half const v73 = __half(v163);
__half * const v77 = &v19[v141];
*v77 = v73;
}
 else {
uint32_t const v78 = v141 - v36;
__half const* const v82 = &v1[v78];
__half const v83 = *v82;
float const v84 = float(v83);
uint32_t const v86 = v47 - v36;
__half const* const v90 = &v13[v86];
__half const v91 = *v90;
float const v92 = float(v91);
float const v164 = -v84;
float const v165 = fma(v164, v92, v54);
__half const v95 = __half(v165);
__half * const v99 = &v19[v141];
*v99 = v95;
}
}
return;
}
