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
    uint32_t scalars_usize[8];
float scalars_f32[8];uint32_t static_meta[12];
};
extern "C" __global__ void __launch_bounds__(256)  adamw_step_f_f32(float * const __restrict__ v1, float const* const __restrict__ v7, float * const __restrict__ v13, float * const __restrict__ v19, uint32_t const* const __restrict__ dynamic_meta_v85, __grid_constant__ info_st const info_v86) {
uint32_t const v87 = info_v86.scalars_usize[0];
float const v95 = info_v86.scalars_f32[0];
float const v96 = info_v86.scalars_f32[1];
float const v97 = info_v86.scalars_f32[2];
float const v98 = info_v86.scalars_f32[3];
float const v99 = info_v86.scalars_f32[4];
float const v100 = info_v86.scalars_f32[5];
float const v101 = info_v86.scalars_f32[6];
uint32_t const v107 = blockIdx.z;
uint32_t const v108 = uint32_t(v107);
uint32_t const v109 = gridDim.y;
uint32_t const v110 = uint32_t(v109);
uint32_t const v111 = v108 * v110;
uint32_t const v112 = gridDim.x;
uint32_t const v113 = uint32_t(v112);
uint32_t const v114 = v111 * v113;
uint32_t const v115 = blockIdx.y;
uint32_t const v116 = uint32_t(v115);
uint32_t const v119 = v116 * v113;
uint32_t const v120 = v114 + v119;
uint32_t const v121 = blockIdx.x;
uint32_t const v122 = uint32_t(v121);
uint32_t const v123 = v120 + v122;
uint32_t const v150 = 256;
uint32_t const v126 = v123 * v150;
uint32_t const v131 = threadIdx.x;
uint32_t const v128 = uint32_t(v131);
uint32_t const v129 = v126 + v128;
bool const v33 = v129 < v87;
if(v33) {
float const* const v37 = &v7[v129];
float const v38 = *v37;
float * const v42 = &v13[v129];
float const v43 = *v42;
float const v45 = 1;
float const v46 = v45 - v96;
float const v47 = v38 * v46;
float const v151 = fma(v43, v96, v47);
float * const v52 = &v19[v129];
float const v53 = *v52;
float const v55 = v38 * v38;
float const v57 = v45 - v97;
float const v58 = v55 * v57;
float const v152 = fma(v53, v97, v58);
*v42 = v151;
*v52 = v152;
float const v68 = v151 / v98;
float const v69 = v152 / v99;
float const v70 = sqrt(v69);float const v71 = v70 + v100;
float const v72 = v68 / v71;
float * const v76 = &v1[v129];
float const v77 = *v76;
float const v79 = v72 * v95;
float const v153 = -v79;
float const v154 = fma(v77, v101, v153);
*v76 = v154;
}
return;
}
