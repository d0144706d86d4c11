//! The CubeCL side of the fused RMSNorm: the kernels, written once for WGSL and CUDA, and
//! their launches on Burn's CubeCL tensors.
//!
//! Backward, per row with `r = 1 / sqrt(mean(x²) + eps)` and `n` the row's width:
//! `dx = r * (w * dy) - r³ / n * x * Σ(w * dy * x)` and `dw = Σ_rows dy * x * r`.
//!
//! Tensors of one float type `F`; sums, `r` and every product in float32. In half precision the
//! forward is HF's `LlamaRMSNorm`: `x * r` in float32, rounded to `F`, times the weight in `F`.

use burn::tensor::Shape;
use burn_cubecl::cubecl;
use burn_cubecl::cubecl::prelude::*;
use burn_cubecl::kernel::into_contiguous;
use burn_cubecl::tensor::CubeTensor;

use super::launch::{empty_f32, empty_like, launch_float};
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
    partial: &mut Shared<[f32]>,
) -> f32 {
    let mut sum = f32::new(0.0);
    let mut i = UNIT_POS as usize;
    while i < width {
        let v = f32::cast_from(input[base + i]);
        sum += v * v;
        i += CUBE_DIM as usize;
    }
    partial[UNIT_POS as usize] = sum;
    let total = cube_sum::<f32>(partial);
    (total / f32::cast_from(width) + epsilon).sqrt()
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
        output[base + i] = F::cast_from(f32::cast_from(input[base + i]) / rms) * weight[i];
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
    inverse_rms_out: &mut Tensor<f32>,
    epsilon: f32,
    #[comptime] units: usize,
) {
    let width = weight.len();
    let base = CUBE_POS * width;
    let mut partial = Shared::new_slice(units);
    let r = f32::new(1.0) / row_rms::<F>(input, base, width, epsilon, &mut partial);
    let mut dot = f32::new(0.0);
    let mut i = UNIT_POS as usize;
    while i < width {
        let (w, dy) = (f32::cast_from(weight[i]), f32::cast_from(grad[base + i]));
        dot += w * dy * f32::cast_from(input[base + i]);
        i += CUBE_DIM as usize;
    }
    partial[UNIT_POS as usize] = dot;
    let dot = cube_sum::<f32>(&mut partial);
    let scale = r * r * r * dot / f32::cast_from(width);
    let mut i = UNIT_POS as usize;
    while i < width {
        let (w, dy) = (f32::cast_from(weight[i]), f32::cast_from(grad[base + i]));
        let x = f32::cast_from(input[base + i]);
        grad_input[base + i] = F::cast_from(r * w * dy - scale * x);
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
    inverse_rms: &Tensor<f32>,
    grad_weight: &mut Tensor<F>,
) {
    let width = grad_weight.len();
    let column = ABSOLUTE_POS;
    if column < width {
        let rows = inverse_rms.len();
        let mut sum = f32::new(0.0);
        for row in 0..rows {
            let at = row * width + column;
            sum += f32::cast_from(grad[at]) * f32::cast_from(input[at]) * inverse_rms[row];
        }
        grad_weight[column] = F::cast_from(sum);
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
    launch_float!(
        input.dtype,
        rms_norm_forward(
            &client,
            CubeCount::new_1d(rows as u32),
            CubeDim::new_1d(UNITS as u32),
            input.into_tensor_arg(),
            weight.into_tensor_arg(),
            output.clone().into_tensor_arg(),
            epsilon,
            UNITS,
        )
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
    let inverse_rms = empty_f32(&input, Shape::new([rows]));
    let grad_weight = empty_like(&weight);
    launch_float!(
        input.dtype,
        rms_norm_backward_input(
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
        )
    );
    let units = 64;
    launch_float!(
        input.dtype,
        rms_norm_backward_weight(
            &client,
            CubeCount::new_1d(width.div_ceil(units) as u32),
            CubeDim::new_1d(units as u32),
            input.into_tensor_arg(),
            grad.into_tensor_arg(),
            inverse_rms.into_tensor_arg(),
            grad_weight.clone().into_tensor_arg(),
        )
    );
    (grad_input, grad_weight)
}
