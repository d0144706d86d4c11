//! The CubeCL side of the fused rotary embedding (HF's split-half layout), one unit per
//! element of `x` `[batch, heads, len, head_dim]` with tables `cos`, `sin` `[len, head_dim]`,
//! all of one float type `F`; each output is computed in float32 and rounded once.
//!
//! With `h = head_dim / 2`, for `j < h`: `y_j = x_j c_j - x_{j+h} s_j`, `y_{j+h} = x_{j+h}
//! c_{j+h} + x_j s_{j+h}`; so `dx_j = dy_j c_j + dy_{j+h} s_{j+h}` and
//! `dx_{j+h} = dy_{j+h} c_{j+h} - dy_j s_j`.

use burn_cubecl::cubecl;
use burn_cubecl::cubecl::prelude::*;
use burn_cubecl::kernel::into_contiguous;
use burn_cubecl::tensor::CubeTensor;

use super::launch::{elementwise, empty_like, launch_float};

/// `output = x * cos + rotate_half(x) * sin` (`backward == false`), or its transpose applied to
/// `x` (`backward == true`): the input's gradient from the output's.
#[cube(launch)]
pub fn rope<F: Float>(
    x: &Tensor<F>,
    cos: &Tensor<F>,
    sin: &Tensor<F>,
    output: &mut Tensor<F>,
    #[comptime] backward: bool,
) {
    let i = ABSOLUTE_POS;
    if i < output.len() {
        let dims = x.rank();
        let head_dim = x.shape(dims - 1);
        let len = x.shape(dims - 2);
        let half = head_dim / 2;
        let j = i % head_dim;
        let at = ((i / head_dim) % len) * head_dim;
        let direct = f32::cast_from(x[i]) * f32::cast_from(cos[at + j]);
        if j < half {
            let partner = f32::cast_from(x[i + half]);
            if backward {
                output[i] = F::cast_from(direct + partner * f32::cast_from(sin[at + j + half]));
            } else {
                output[i] = F::cast_from(direct - partner * f32::cast_from(sin[at + j]));
            }
        } else {
            let partner = f32::cast_from(x[i - half]);
            if backward {
                output[i] = F::cast_from(direct - partner * f32::cast_from(sin[at + j - half]));
            } else {
                output[i] = F::cast_from(direct + partner * f32::cast_from(sin[at + j]));
            }
        }
    }
}

/// Runs [`rope`] on contiguous copies of its inputs.
pub fn launch(x: CubeTensor, cos: CubeTensor, sin: CubeTensor, backward: bool) -> CubeTensor {
    let (x, cos, sin) = (
        into_contiguous(x),
        into_contiguous(cos),
        into_contiguous(sin),
    );
    let output = empty_like(&x);
    let (count, dim) = elementwise(&x);
    launch_float!(
        x.dtype,
        rope(
            &x.client.clone(),
            count,
            dim,
            x.into_tensor_arg(),
            cos.into_tensor_arg(),
            sin.into_tensor_arg(),
            output.clone().into_tensor_arg(),
            backward,
        )
    );
    output
}
