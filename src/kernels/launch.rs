//! What every kernel launch here shares: output buffers and the geometry of elementwise work.

use burn::tensor::Shape;
use burn_cubecl::cubecl::calculate_cube_count_elemwise;
use burn_cubecl::cubecl::prelude::{CubeCount, CubeDim};
use burn_cubecl::ops::numeric::empty_device_contiguous_dtype;
use burn_cubecl::tensor::CubeTensor;

/// A contiguous, uninitialized tensor of `shape` on `like`'s device, of its dtype.
pub fn empty(like: &CubeTensor, shape: Shape) -> CubeTensor {
    empty_device_contiguous_dtype(like.client.clone(), like.device.clone(), shape, like.dtype)
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
