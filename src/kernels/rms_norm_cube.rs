//! The CubeCL side of the fused RMSNorm: the kernels, written once for WGSL and CUDA, and
//! their launches on Burn's CubeCL tensors.
//!
//! Backward, per row with `r = 1 / sqrt(mean(x²) + eps)` and `n` the row's width:
//! `dx = r * (w * dy) - r³ / n * x * Σ(w * dy * x)` and `dw = Σ_rows dy * x * r`.

use burn::tensor::Shape;
use burn_cubecl::cubecl;
use burn_cubecl::cubecl::prelude::*;
use burn_cubecl::kernel::into_contiguous;
use burn_cubecl::tensor::CubeTensor;

use super::launch::{empty, empty_like};
use super::reduce_cube::cube_sum;

/// Units per cube: one cube normalizes one row (a power of two, for the tree sum).
pub const UNITS: usize = 128;

/// `sqrt(mean(x²) + eps)` of the row of `width` values from `base`, for every unit.
#[cube]
fn row_rms<F: Float>(
    input: &Tensor<F>,
    base: usize,
    width: usize,
    epsilon: f32,
    partial: &mut Shared<[F]>,
) -> F {
    let mut sum = F::new(0.0);
    let mut i = UNIT_POS as usize;
    while i < width {
        let v = input[base + i];
        sum += v * v;
        i += CUBE_DIM as usize;
    }
    partial[UNIT_POS as usize] = sum;
    let total = cube_sum::<F>(partial);
    (total / F::cast_from(width) + F::cast_from(epsilon)).sqrt()
}

/// `output = input / rms * weight`, one cube per row of `input` (`[rows, width]`, contiguous).
#[cube(launch)]
pub fn rms_norm_forward<F: Float>(
    input: &Tensor<F>,
    weight: &Tensor<F>,
    output: &mut Tensor<F>,
    epsilon: f32,
    #[comptime] units: usize,
) {
    let width = weight.len();
    let base = CUBE_POS * width;
    let mut partial = Shared::new_slice(units);
    let rms = row_rms::<F>(input, base, width, epsilon, &mut partial);
    let mut i = UNIT_POS as usize;
    while i < width {
        output[base + i] = input[base + i] / rms * weight[i];
        i += CUBE_DIM as usize;
    }
}

/// `grad_input` and each row's `r`, one cube per row.
#[cube(launch)]
pub fn rms_norm_backward_input<F: Float>(
    input: &Tensor<F>,
    weight: &Tensor<F>,
    grad: &Tensor<F>,
    grad_input: &mut Tensor<F>,
    inverse_rms_out: &mut Tensor<F>,
    epsilon: f32,
    #[comptime] units: usize,
) {
    let width = weight.len();
    let base = CUBE_POS * width;
    let mut partial = Shared::new_slice(units);
    let r = F::new(1.0) / row_rms::<F>(input, base, width, epsilon, &mut partial);
    let mut dot = F::new(0.0);
    let mut i = UNIT_POS as usize;
    while i < width {
        dot += weight[i] * grad[base + i] * input[base + i];
        i += CUBE_DIM as usize;
    }
    partial[UNIT_POS as usize] = dot;
    let dot = cube_sum::<F>(&mut partial);
    let scale = r * r * r * dot / F::cast_from(width);
    let mut i = UNIT_POS as usize;
    while i < width {
        grad_input[base + i] = r * weight[i] * grad[base + i] - scale * input[base + i];
        i += CUBE_DIM as usize;
    }
    if UNIT_POS == 0 {
        inverse_rms_out[CUBE_POS] = r;
    }
}

/// `grad_weight[j] = Σ_rows grad * input * r`, one unit per column.
#[cube(launch)]
pub fn rms_norm_backward_weight<F: Float>(
    input: &Tensor<F>,
    grad: &Tensor<F>,
    inverse_rms: &Tensor<F>,
    grad_weight: &mut Tensor<F>,
) {
    let width = grad_weight.len();
    let column = ABSOLUTE_POS;
    if column < width {
        let rows = inverse_rms.len();
        let mut sum = F::new(0.0);
        for row in 0..rows {
            let at = row * width + column;
            sum += grad[at] * input[at] * inverse_rms[row];
        }
        grad_weight[column] = sum;
    }
}

fn rows_and_width(tensor: &CubeTensor) -> (usize, usize) {
    let shape = tensor.meta.shape();
    let width = shape[shape.num_dims() - 1];
    (shape.num_elements() / width.max(1), width)
}

pub fn launch_forward(input: CubeTensor, weight: CubeTensor, epsilon: f32) -> CubeTensor {
    let (input, weight) = (into_contiguous(input), into_contiguous(weight));
    let (rows, _) = rows_and_width(&input);
    let client = input.client.clone();
    let output = empty_like(&input);
    rms_norm_forward::launch::<f32>(
        &client,
        CubeCount::new_1d(rows as u32),
        CubeDim::new_1d(UNITS as u32),
        input.into_tensor_arg(),
        weight.into_tensor_arg(),
        output.clone().into_tensor_arg(),
        epsilon,
        UNITS,
    );
    output
}

pub fn launch_backward(
    input: CubeTensor,
    weight: CubeTensor,
    grad: CubeTensor,
    epsilon: f32,
) -> (CubeTensor, CubeTensor) {
    let (input, weight, grad) = (
        into_contiguous(input),
        into_contiguous(weight),
        into_contiguous(grad),
    );
    let (rows, width) = rows_and_width(&input);
    let client = input.client.clone();
    let grad_input = empty_like(&input);
    let inverse_rms = empty(&input, Shape::new([rows]));
    let grad_weight = empty_like(&weight);
    rms_norm_backward_input::launch::<f32>(
        &client,
        CubeCount::new_1d(rows as u32),
        CubeDim::new_1d(UNITS as u32),
        input.clone().into_tensor_arg(),
        weight.into_tensor_arg(),
        grad.clone().into_tensor_arg(),
        grad_input.clone().into_tensor_arg(),
        inverse_rms.clone().into_tensor_arg(),
        epsilon,
        UNITS,
    );
    let units = 64;
    rms_norm_backward_weight::launch::<f32>(
        &client,
        CubeCount::new_1d(width.div_ceil(units) as u32),
        CubeDim::new_1d(units as u32),
        input.into_tensor_arg(),
        grad.into_tensor_arg(),
        inverse_rms.into_tensor_arg(),
        grad_weight.clone().into_tensor_arg(),
    );
    (grad_input, grad_weight)
}
