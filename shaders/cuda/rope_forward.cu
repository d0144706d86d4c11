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
extern "C" __global__ void __launch_bounds__(256)  rope_f_f32(float const* const __restrict__ v1, float const* const __restrict__ v7, float const* const __restrict__ v13, float * const __restrict__ v19, uint32_t const* const __restrict__ dynamic_meta_v90, __grid_constant__ info_st const info_v91) {
uint32_t const v93 = info_v91.scalars_usize[1];
uint32_t const v98 = info_v91.scalars_usize[6];
uint32_t const v109 = blockIdx.z;
uint32_t const v110 = uint32_t(v109);
uint32_t const v111 = gridDim.y;
uint32_t const v112 = uint32_t(v111);
uint32_t const v113 = v110 * v112;
uint32_t const v114 = gridDim.x;
uint32_t const v115 = uint32_t(v114);
uint32_t const v116 = v113 * v115;
uint32_t const v117 = blockIdx.y;
uint32_t const v118 = uint32_t(v117);
uint32_t const v121 = v118 * v115;
uint32_t const v122 = v116 + v121;
uint32_t const v123 = blockIdx.x;
uint32_t const v124 = uint32_t(v123);
uint32_t const v125 = v122 + v124;
uint32_t const v152 = 256;
uint32_t const v128 = v125 * v152;
uint32_t const v133 = threadIdx.x;
uint32_t const v130 = uint32_t(v133);
uint32_t const v131 = v128 + v130;
bool const v26 = v131 < v98;
if(v26) {
uint32_t const v27 = 1;
uint32_t const v28 = v93 - v27;
uint32_t const v104 = info_v91.static_meta[4];
uint32_t const v105 = dynamic_meta_v90[v104 + v28];
uint32_t const v31 = 2;
uint32_t const v32 = v93 - v31;
uint32_t const v107 = dynamic_meta_v90[v104 + v32];
uint32_t const v36 = v105 / v31;
uint32_t const v37 = v131 % v105;
uint32_t const v38 = v131 / v105;
uint32_t const v39 = v38 % v107;
uint32_t const v40 = v39 * v105;
float const* const v44 = &v1[v131];
float const v45 = *v44;
uint32_t const v46 = v40 + v37;
float const* const v50 = &v7[v46];
float const v51 = *v50;
float const v52 = v45 * v51;
bool const v53 = v37 < v36;
if(v53) {
uint32_t const v54 = v131 + v36;
float const* const v58 = &v1[v54];
float const v59 = *v58;
float const* const v64 = &v13[v46];
float const v65 = *v64;
float const v153 = -v59;
float const v154 = fma(v153, v65, v52);
float * const v71 = &v19[v131];
*v71 = v154;
}
 else {
uint32_t const v72 = v131 - v36;
float const* const v76 = &v1[v72];
float const v77 = *v76;
float const* const v82 = &v13[v46];
float const v83 = *v82;
float const v155 = fma(v77, v83, v52);
float * const v89 = &v19[v131];
*v89 = v155;
}
}
return;
}
