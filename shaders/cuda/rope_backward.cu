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
extern "C" __global__ void __launch_bounds__(256)  rope_f_f32(float const* const __restrict__ v1, float const* const __restrict__ v7, float const* const __restrict__ v13, float * const __restrict__ v19, uint32_t const* const __restrict__ dynamic_meta_v92, __grid_constant__ info_st const info_v93) {
uint32_t const v95 = info_v93.scalars_usize[1];
uint32_t const v100 = info_v93.scalars_usize[6];
uint32_t const v111 = blockIdx.z;
uint32_t const v112 = uint32_t(v111);
uint32_t const v113 = gridDim.y;
uint32_t const v114 = uint32_t(v113);
uint32_t const v115 = v112 * v114;
uint32_t const v116 = gridDim.x;
uint32_t const v117 = uint32_t(v116);
uint32_t const v118 = v115 * v117;
uint32_t const v119 = blockIdx.y;
uint32_t const v120 = uint32_t(v119);
uint32_t const v123 = v120 * v117;
uint32_t const v124 = v118 + v123;
uint32_t const v125 = blockIdx.x;
uint32_t const v126 = uint32_t(v125);
uint32_t const v127 = v124 + v126;
uint32_t const v154 = 256;
uint32_t const v130 = v127 * v154;
uint32_t const v135 = threadIdx.x;
uint32_t const v132 = uint32_t(v135);
uint32_t const v133 = v130 + v132;
bool const v26 = v133 < v100;
if(v26) {
uint32_t const v27 = 1;
uint32_t const v28 = v95 - v27;
uint32_t const v106 = info_v93.static_meta[4];
uint32_t const v107 = dynamic_meta_v92[v106 + v28];
uint32_t const v31 = 2;
uint32_t const v32 = v95 - v31;
uint32_t const v109 = dynamic_meta_v92[v106 + v32];
uint32_t const v36 = v107 / v31;
uint32_t const v37 = v133 % v107;
uint32_t const v38 = v133 / v107;
uint32_t const v39 = v38 % v109;
uint32_t const v40 = v39 * v107;
float const* const v44 = &v1[v133];
float const v45 = *v44;
uint32_t const v46 = v40 + v37;
float const* const v50 = &v7[v46];
float const v51 = *v50;
float const v52 = v45 * v51;
bool const v53 = v37 < v36;
if(v53) {
uint32_t const v54 = v133 + v36;
float const* const v58 = &v1[v54];
float const v59 = *v58;
uint32_t const v61 = v46 + v36;
float const* const v65 = &v13[v61];
float const v66 = *v65;
float const v155 = fma(v59, v66, v52);
float * const v72 = &v19[v133];
*v72 = v155;
}
 else {
uint32_t const v73 = v133 - v36;
float const* const v77 = &v1[v73];
float const v78 = *v77;
uint32_t const v80 = v46 - v36;
float const* const v84 = &v13[v80];
float const v85 = *v84;
float const v156 = -v78;
float const v157 = fma(v156, v85, v52);
float * const v91 = &v19[v133];
*v91 = v157;
}
}
return;
}
