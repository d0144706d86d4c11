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
    uint32_t scalars_usize[8];uint32_t static_meta[12];
};
extern "C" __global__ void __launch_bounds__(64)  rms_norm_backward_weight_f_f32(float const* const __restrict__ v1, float const* const __restrict__ v7, float const* const __restrict__ v13, float * const __restrict__ v19, uint32_t const* const __restrict__ dynamic_meta_v60, __grid_constant__ info_st const info_v61) {
uint32_t const v5 = 0;
uint32_t const v66 = info_v61.scalars_usize[4];
uint32_t const v68 = info_v61.scalars_usize[6];
uint32_t const v77 = blockIdx.z;
uint32_t const v78 = uint32_t(v77);
uint32_t const v79 = gridDim.y;
uint32_t const v80 = uint32_t(v79);
uint32_t const v81 = v78 * v80;
uint32_t const v82 = gridDim.x;
uint32_t const v83 = uint32_t(v82);
uint32_t const v84 = v81 * v83;
uint32_t const v85 = blockIdx.y;
uint32_t const v86 = uint32_t(v85);
uint32_t const v89 = v86 * v83;
uint32_t const v90 = v84 + v89;
uint32_t const v91 = blockIdx.x;
uint32_t const v92 = uint32_t(v91);
uint32_t const v93 = v90 + v92;
uint32_t const v120 = 64;
uint32_t const v96 = v93 * v120;
uint32_t const v101 = threadIdx.x;
uint32_t const v98 = uint32_t(v101);
uint32_t const v99 = v96 + v98;
bool const v26 = v99 < v68;
if(v26) {
float const v27 = 0;
float v75_store;
float * v75 = &v75_store;*v75 = v27;
uint32_t const v31 = 1;
for(uint32_t v32 = v5; v32 < v66; v32 += v31) {
uint32_t const v34 = v32 * v68;
uint32_t const v35 = v34 + v99;
float const* const v39 = &v7[v35];
float const v40 = *v39;
float const* const v44 = &v1[v35];
float const v45 = *v44;
float const v46 = v40 * v45;
float const* const v50 = &v13[v32];
float const v51 = *v50;
float const v53 = *v75;
float const v121 = fma(v46, v51, v53);
*v75 = v121;
}
float const v55 = *v75;
float * const v59 = &v19[v99];
*v59 = v55;
}
return;
}
