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
    uint32_t scalars_usize[6];
float scalars_f32[2];uint32_t static_meta[10];
};
extern "C" __global__ void __launch_bounds__(128)  rms_norm_forward_f_f32(float const* const __restrict__ v1, float const* const __restrict__ v7, float * const __restrict__ v13, uint32_t const* const __restrict__ dynamic_meta_v140, __grid_constant__ info_st const info_v141) {
extern __shared__ __align__(4) char v152[];uint32_t const v5 = 0;
uint32_t const v144 = info_v141.scalars_usize[2];
float const v148 = info_v141.scalars_f32[0];
uint32_t const v163 = blockIdx.z;
uint32_t const v164 = uint32_t(v163);
uint32_t const v165 = gridDim.y;
uint32_t const v166 = uint32_t(v165);
uint32_t const v167 = v164 * v166;
uint32_t const v168 = gridDim.x;
uint32_t const v169 = uint32_t(v168);
uint32_t const v170 = v167 * v169;
uint32_t const v171 = blockIdx.y;
uint32_t const v172 = uint32_t(v171);
uint32_t const v175 = v172 * v169;
uint32_t const v176 = v170 + v175;
uint32_t const v177 = blockIdx.x;
uint32_t const v178 = uint32_t(v177);
uint32_t const v179 = v176 + v178;
uint32_t const v21 = v179 * v144;
array<float, 128> * const v153 = reinterpret_cast<array<float, 128> *>(&v152[0]);
uint32_t const v24 = 128;
float const v26 = 0;
float v155_store;
float * v155 = &v155_store;*v155 = v26;
uint32_t const v180 = threadIdx.x;
uint32_t const v250 = 128;
uint32_t const v253 = 1;
uint32_t const v30 = uint32_t(v180);
uint32_t v156_store;
uint32_t * v156 = &v156_store;*v156 = v30;
while([&]{
uint32_t const v32 = *v156;
bool const v33 = v32 < v144;
return v33;
}()) {
uint32_t const v35 = *v156;
uint32_t const v36 = v21 + v35;
float const* const v40 = &v1[v36];
float const v41 = *v40;
float const v43 = *v155;
float const v300 = fma(v41, v41, v43);
*v155 = v300;
uint32_t const v48 = v35 + v24;
*v156 = v48;
}
float * const v54 = &(*v153)[v30];
float const v55 = *v155;
*v54 = v55;
__syncthreads();
uint32_t v158_store;
uint32_t * v158 = &v158_store;*v158 = v250;
uint32_t v159_store;
uint32_t * v159 = &v159_store;*v159 = v253;
while([&]{
uint32_t const v61 = *v158;
bool const v63 = v61 > v253;
return v63;
}()) {
uint32_t const v65 = *v158;
uint32_t const v66 = 2;
uint32_t const v67 = v65 / v66;
*v158 = v67;
uint32_t const v69 = *v158;
bool const v70 = v180 < v69;
if(v70) {
uint32_t const v71 = *v159;
uint32_t const v73 = v71 * v66;
uint32_t const v75 = v73 * v180;
uint32_t const v76 = uint32_t(v75);
uint32_t const v79 = v66 * v180;
uint32_t const v81 = v79 + v253;
uint32_t const v83 = v71 * v81;
uint32_t const v84 = uint32_t(v83);
float * const v88 = &(*v153)[v84];
float const v89 = *v88;
float * const v93 = &(*v153)[v76];
float const v94 = *v93;
float const v95 = v94 + v89;
*v93 = v95;
}
uint32_t const v96 = *v159;
uint32_t const v98 = v96 * v66;
*v159 = v98;
__syncthreads();
}
float * const v103 = &(*v153)[v5];
float const v104 = *v103;
__syncthreads();
float const v105 = float(v144);
float const v106 = v104 / v105;
float const v107 = v106 + v148;
float const v108 = sqrt(v107);uint32_t v161_store;
uint32_t * v161 = &v161_store;*v161 = v30;
while([&]{
uint32_t const v112 = *v161;
bool const v113 = v112 < v144;
return v113;
}()) {
uint32_t const v115 = *v161;
uint32_t const v116 = v21 + v115;
float const* const v120 = &v1[v116];
float const v121 = *v120;
float const v122 = v121 / v108;
float const* const v127 = &v7[v115];
float const v128 = *v127;
float const v129 = v122 * v128;
float * const v135 = &v13[v116];
*v135 = v129;
uint32_t const v139 = v115 + v24;
*v161 = v139;
}
return;
}
