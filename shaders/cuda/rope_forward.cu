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
extern "C" __global__ void __launch_bounds__(256)  rope_f_f32_14efe614(float const* const __restrict__ v1, float const* const __restrict__ v7, float const* const __restrict__ v13, float * const __restrict__ v19, uint32_t const* const __restrict__ dynamic_meta_v102, __grid_constant__ info_st const info_v103) {
uint32_t const v105 = info_v103.scalars_usize[1];
uint32_t const v110 = info_v103.scalars_usize[6];
uint32_t const v121 = blockIdx.z;
uint32_t const v122 = uint32_t(v121);
uint32_t const v123 = gridDim.y;
uint32_t const v124 = uint32_t(v123);
uint32_t const v125 = v122 * v124;
uint32_t const v126 = gridDim.x;
uint32_t const v127 = uint32_t(v126);
uint32_t const v128 = v125 * v127;
uint32_t const v129 = blockIdx.y;
uint32_t const v130 = uint32_t(v129);
uint32_t const v133 = v130 * v127;
uint32_t const v134 = v128 + v133;
uint32_t const v135 = blockIdx.x;
uint32_t const v136 = uint32_t(v135);
uint32_t const v137 = v134 + v136;
uint32_t const v164 = 256;
uint32_t const v140 = v137 * v164;
uint32_t const v145 = threadIdx.x;
uint32_t const v142 = uint32_t(v145);
uint32_t const v143 = v140 + v142;
bool const v26 = v143 < v110;
if(v26) {
uint32_t const v27 = 1;
uint32_t const v28 = v105 - v27;
uint32_t const v116 = info_v103.static_meta[4];
uint32_t const v117 = dynamic_meta_v102[v116 + v28];
uint32_t const v31 = 2;
uint32_t const v32 = v105 - v31;
uint32_t const v119 = dynamic_meta_v102[v116 + v32];
uint32_t const v36 = v117 / v31;
uint32_t const v37 = v143 % v117;
uint32_t const v38 = v143 / v117;
uint32_t const v39 = v38 % v119;
uint32_t const v40 = v39 * v117;
bool const v41 = v37 < v36;
if(v41) {
uint32_t const v42 = v143 + v36;
float const* const v46 = &v1[v143];
float const v47 = *v46;
uint32_t const v48 = v40 + v37;
float const* const v52 = &v7[v48];
float const v53 = *v52;
float const* const v58 = &v1[v42];
float const v59 = *v58;
float const* const v64 = &v13[v48];
float const v65 = *v64;
float const v66 = v59 * v65;
float const v165 = -v66;
float const v166 = fma(v47, v53, v165);
float * const v71 = &v19[v143];
*v71 = v166;
}
 else {
uint32_t const v72 = v143 - v36;
float const* const v76 = &v1[v143];
float const v77 = *v76;
uint32_t const v78 = v40 + v37;
float const* const v82 = &v7[v78];
float const v83 = *v82;
float const* const v88 = &v1[v72];
float const v89 = *v88;
float const* const v94 = &v13[v78];
float const v95 = *v94;
float const v96 = v89 * v95;
float const v167 = fma(v77, v83, v96);
float * const v101 = &v19[v143];
*v101 = v167;
}
}
return;
}
