//! What every kernel launch here shares: output buffers, the geometry of elementwise work, and
//! the choice of a kernel's float type from its tensors' dtype.

use burn::tensor::{DType, Shape};
use burn_cubecl::cubecl::calculate_cube_count_elemwise;
use burn_cubecl::cubecl::prelude::{CubeCount, CubeDim};
use burn_cubecl::ops::numeric::empty_device_contiguous_dtype;
use burn_cubecl::tensor::CubeTensor;

/// A contiguous, uninitialized tensor of `shape` and `dtype` on `like`'s device.
pub fn empty_of(like: &CubeTensor, shape: Shape, dtype: DType) -> CubeTensor {
    empty_device_contiguous_dtype(like.client.clone(), like.device.clone(), shape, dtype)
}

/// A contiguous, uninitialized tensor of `shape` on `like`'s device, of its dtype.
pub fn empty(like: &CubeTensor, shape: Shape) -> CubeTensor {
    empty_of(like, shape, like.dtype)
}

/// A contiguous, uninitialized float32 tensor of `shape` on `like`'s device: the statistics
/// (log-sum-exps, inverse norms, losses) that stay in float32 whatever the activations' type.
pub fn empty_f32(like: &CubeTensor, shape: Shape) -> CubeTensor {
    empty_of(like, shape, DType::F32)
}

/// A contiguous, uninitialized tensor shaped as `like`.
pub fn empty_like(like: &CubeTensor) -> CubeTensor {
    empty(like, like.meta.shape().clone())
}

/// One unit per element of `like`, 256 to a cube.
pub fn elementwise(like: &CubeTensor) -> (CubeCount, CubeDim) {
    let dim = CubeDim::new_1d(256);
    let count = calculate_cube_count_elemwise(&like.client, like.meta.num_elements(), dim);
    (count, dim)
}

/// Runs `kernel::launch::<F, ..>(args)` with `F` the float type of `dtype` (f32, f16, bf16):
/// the one place a kernel's float type is chosen. Every kernel computes in float32 and reads
/// and writes `F`; [`super::Kernels::fuses`] admits only these three dtypes.
macro_rules! launch_float {
    ($dtype:expr, $kernel:ident $(:: <_ $(, $rest:ty)*>)? ($($arg:expr),* $(,)?)) => {{
        let dtype: burn::tensor::DType = $dtype;
        match dtype {
            burn::tensor::DType::F32 => $kernel::launch::<f32 $($(, $rest)*)?>($($arg),*),
            burn::tensor::DType::F16 => {
                $kernel::launch::<burn::tensor::f16 $($(, $rest)*)?>($($arg),*)
            }
            burn::tensor::DType::BF16 => {
                $kernel::launch::<burn::tensor::bf16 $($(, $rest)*)?>($($arg),*)
            }
            other => unreachable!("a fused kernel on {other:?}: Kernels::fuses admits f32, f16, bf16"),
        }
    }};
}
pub(crate) use launch_float;
