//! The CubeCL side of the fused SwiGLU: `silu(gate) * up` and its backward, elementwise, one
//! unit per element.
//!
//! Reads and writes `F` (f32, f16, bf16) and computes in float32: a half-precision output is
//! rounded once.
//!
//! With `s = sigmoid(g)`: `y = g * s * u`, `dg = dy * u * s * (1 + g * (1 - s))`,
//! `du = dy * g * s`.

use burn_cubecl::cubecl;
use burn_cubecl::cubecl::prelude::*;
use burn_cubecl::kernel::into_contiguous;
use burn_cubecl::tensor::CubeTensor;

use super::launch::{elementwise, empty_like, launch_float};

#[cube]
fn sigmoid(x: f32) -> f32 {
    f32::new(1.0) / (f32::new(1.0) + (-x).exp())
}

/// `output = silu(gate) * up`.
#[cube(launch)]
pub fn swiglu_forward<F: Float>(gate: &Tensor<F>, up: &Tensor<F>, output: &mut Tensor<F>) {
    let i = ABSOLUTE_POS;
    if i < output.len() {
        let g = f32::cast_from(gate[i]);
        output[i] = F::cast_from(g * sigmoid(g) * f32::cast_from(up[i]));
    }
}

/// The gradients of `gate` and `up` from the output's.
#[cube(launch)]
pub fn swiglu_backward<F: Float>(
    gate: &Tensor<F>,
    up: &Tensor<F>,
    grad: &Tensor<F>,
    grad_gate: &mut Tensor<F>,
    grad_up: &mut Tensor<F>,
) {
    let i = ABSOLUTE_POS;
    if i < grad.len() {
        let (g, dy) = (f32::cast_from(gate[i]), f32::cast_from(grad[i]));
        let s = sigmoid(g);
        grad_gate[i] = F::cast_from(
            dy * f32::cast_from(up[i]) * s * (f32::new(1.0) + g * (f32::new(1.0) - s)),
        );
        grad_up[i] = F::cast_from(dy * g * s);
    }
}

pub fn launch_forward(gate: CubeTensor, up: CubeTensor) -> CubeTensor {
    let (gate, up) = (into_contiguous(gate), into_contiguous(up));
    let output = empty_like(&gate);
    let (count, dim) = elementwise(&gate);
    launch_float!(
        gate.dtype,
        swiglu_forward(
            &gate.client.clone(),
            count,
            dim,
            gate.into_tensor_arg(),
            up.into_tensor_arg(),
            output.clone().into_tensor_arg(),
        )
    );
    output
}

pub fn launch_backward(
    gate: CubeTensor,
    up: CubeTensor,
    grad: CubeTensor,
) -> (CubeTensor, CubeTensor) {
    let (gate, up, grad) = (
        into_contiguous(gate),
        into_contiguous(up),
        into_contiguous(grad),
    );
    let (grad_gate, grad_up) = (empty_like(&gate), empty_like(&up));
    let (count, dim) = elementwise(&gate);
    launch_float!(
        gate.dtype,
        swiglu_backward(
            &gate.client.clone(),
            count,
            dim,
            gate.into_tensor_arg(),
            up.into_tensor_arg(),
            grad.into_tensor_arg(),
            grad_gate.clone().into_tensor_arg(),
            grad_up.clone().into_tensor_arg(),
        )
    );
    (grad_gate, grad_up)
}
