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
    uint32_t scalars_usize[6];uint32_t static_meta[10];
};
extern "C" __global__ void __launch_bounds__(256)  swiglu_forward_f_f32(float const* const __restrict__ v1, float const* const __restrict__ v7, float * const __restrict__ v13, uint32_t const* const __restrict__ dynamic_meta_v43, __grid_constant__ info_st const info_v44) {
uint32_t const v49 = info_v44.scalars_usize[4];
uint32_t const v55 = blockIdx.z;
uint32_t const v56 = uint32_t(v55);
uint32_t const v57 = gridDim.y;
uint32_t const v58 = uint32_t(v57);
uint32_t const v59 = v56 * v58;
uint32_t const v60 = gridDim.x;
uint32_t const v61 = uint32_t(v60);
uint32_t const v62 = v59 * v61;
uint32_t const v63 = blockIdx.y;
uint32_t const v64 = uint32_t(v63);
uint32_t const v67 = v64 * v61;
uint32_t const v68 = v62 + v67;
uint32_t const v69 = blockIdx.x;
uint32_t const v70 = uint32_t(v69);
uint32_t const v71 = v68 + v70;
uint32_t const v98 = 256;
uint32_t const v74 = v71 * v98;
uint32_t const v79 = threadIdx.x;
uint32_t const v76 = uint32_t(v79);
uint32_t const v77 = v74 + v76;
bool const v20 = v77 < v49;
if(v20) {
float const* const v24 = &v1[v77];
float const v25 = *v24;
float const v26 = -v25;
float const v27 = exp(v26);float const v28 = 1;
float const v29 = v28 + v27;
float const v31 = v28 / v29;
float const v32 = v25 * v31;
float const* const v36 = &v7[v77];
float const v37 = *v36;
float const v38 = v32 * v37;
float * const v42 = &v13[v77];
*v42 = v38;
}
return;
}
