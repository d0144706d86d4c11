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
    uint32_t scalars_usize[10];uint32_t static_meta[16];
};
extern "C" __global__ void __launch_bounds__(256)  swiglu_backward_f_f32(float const* const __restrict__ v1, float const* const __restrict__ v7, float const* const __restrict__ v13, float * const __restrict__ v19, float * const __restrict__ v25, uint32_t const* const __restrict__ dynamic_meta_v72, __grid_constant__ info_st const info_v73) {
uint32_t const v78 = info_v73.scalars_usize[4];
uint32_t const v90 = blockIdx.z;
uint32_t const v91 = uint32_t(v90);
uint32_t const v92 = gridDim.y;
uint32_t const v93 = uint32_t(v92);
uint32_t const v94 = v91 * v93;
uint32_t const v95 = gridDim.x;
uint32_t const v96 = uint32_t(v95);
uint32_t const v97 = v94 * v96;
uint32_t const v98 = blockIdx.y;
uint32_t const v99 = uint32_t(v98);
uint32_t const v102 = v99 * v96;
uint32_t const v103 = v97 + v102;
uint32_t const v104 = blockIdx.x;
uint32_t const v105 = uint32_t(v104);
uint32_t const v106 = v103 + v105;
uint32_t const v133 = 256;
uint32_t const v109 = v106 * v133;
uint32_t const v114 = threadIdx.x;
uint32_t const v111 = uint32_t(v114);
uint32_t const v112 = v109 + v111;
bool const v32 = v112 < v78;
if(v32) {
float const* const v36 = &v1[v112];
float const v37 = *v36;
float const* const v41 = &v13[v112];
float const v42 = *v41;
float const v43 = -v37;
float const v44 = exp(v43);float const v45 = 1;
float const v46 = v45 + v44;
float const v48 = v45 / v46;
float const* const v52 = &v7[v112];
float const v53 = *v52;
float const v54 = v42 * v53;
float const v55 = v54 * v48;
float const v57 = v45 - v48;
float const v134 = fma(v37, v57, v45);
float const v61 = v55 * v134;
float * const v65 = &v19[v112];
*v65 = v61;
float const v66 = v42 * v37;
float const v67 = v66 * v48;
float * const v71 = &v25[v112];
*v71 = v67;
}
return;
}
