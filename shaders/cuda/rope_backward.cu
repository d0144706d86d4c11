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
extern "C" __global__ void __launch_bounds__(256)  rope_f_f32_94f407f2(float const* const __restrict__ v1, float const* const __restrict__ v7, float const* const __restrict__ v13, float * const __restrict__ v19, uint32_t const* const __restrict__ dynamic_meta_v104, __grid_constant__ info_st const info_v105) {
uint32_t const v107 = info_v105.scalars_usize[1];
uint32_t const v112 = info_v105.scalars_usize[6];
uint32_t const v123 = blockIdx.z;
uint32_t const v124 = uint32_t(v123);
uint32_t const v125 = gridDim.y;
uint32_t const v126 = uint32_t(v125);
uint32_t const v127 = v124 * v126;
uint32_t const v128 = gridDim.x;
uint32_t const v129 = uint32_t(v128);
uint32_t const v130 = v127 * v129;
uint32_t const v131 = blockIdx.y;
uint32_t const v132 = uint32_t(v131);
uint32_t const v135 = v132 * v129;
uint32_t const v136 = v130 + v135;
uint32_t const v137 = blockIdx.x;
uint32_t const v138 = uint32_t(v137);
uint32_t const v139 = v136 + v138;
uint32_t const v166 = 256;
uint32_t const v142 = v139 * v166;
uint32_t const v147 = threadIdx.x;
uint32_t const v144 = uint32_t(v147);
uint32_t const v145 = v142 + v144;
bool const v26 = v145 < v112;
if(v26) {
uint32_t const v27 = 1;
uint32_t const v28 = v107 - v27;
uint32_t const v118 = info_v105.static_meta[4];
uint32_t const v119 = dynamic_meta_v104[v118 + v28];
uint32_t const v31 = 2;
uint32_t const v32 = v107 - v31;
uint32_t const v121 = dynamic_meta_v104[v118 + v32];
uint32_t const v36 = v119 / v31;
uint32_t const v37 = v145 % v119;
uint32_t const v38 = v145 / v119;
uint32_t const v39 = v38 % v121;
uint32_t const v40 = v39 * v119;
bool const v41 = v37 < v36;
if(v41) {
uint32_t const v42 = v145 + v36;
float const* const v46 = &v1[v145];
float const v47 = *v46;
uint32_t const v48 = v40 + v37;
float const* const v52 = &v7[v48];
float const v53 = *v52;
float const* const v58 = &v1[v42];
float const v59 = *v58;
uint32_t const v61 = v48 + v36;
float const* const v65 = &v13[v61];
float const v66 = *v65;
float const v67 = v59 * v66;
float const v167 = fma(v47, v53, v67);
float * const v72 = &v19[v145];
*v72 = v167;
}
 else {
uint32_t const v73 = v145 - v36;
float const* const v77 = &v1[v145];
float const v78 = *v77;
uint32_t const v79 = v40 + v37;
float const* const v83 = &v7[v79];
float const v84 = *v83;
float const* const v89 = &v1[v73];
float const v90 = *v89;
uint32_t const v92 = v79 - v36;
float const* const v96 = &v13[v92];
float const v97 = *v96;
float const v98 = v90 * v97;
float const v168 = -v98;
float const v169 = fma(v78, v84, v168);
float * const v103 = &v19[v145];
*v103 = v169;
}
}
return;
}
