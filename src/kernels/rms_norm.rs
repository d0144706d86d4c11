//! RMSNorm, `y = x / sqrt(mean(x²) + eps) * w` over the last axis: the fused kernels (one
//! forward, two backward, in [`super::rms_norm_cube`]) as a Burn backend operation with its
//! own backward (on the CPU backend the same arithmetic on its threads), and Burn's `RmsNorm`
//! arithmetic as the reference.

use burn::backend::autodiff::Autodiff;
use burn::backend::autodiff::checkpoint::base::Checkpointer;
use burn::backend::autodiff::checkpoint::strategy::CheckpointStrategy;
use burn::backend::autodiff::grads::Gradients;
use burn::backend::autodiff::ops::{Backward, Ops, OpsKind};
use burn::backend::tensor::FloatTensor;
use burn::backend::{AutodiffBackend, Backend, Cube, Dispatch, Flex, backend_extension};
use burn::prelude::*;
use burn::tensor::DType;

use super::cpu::{self, Values};
use super::rms_norm_cube::{launch_backward, launch_forward};

/// The fused RMSNorm as a backend operation: CubeCL runtimes (wgpu, CUDA), the CPU backend,
/// and their autodiff. Its backward keeps the input alone.
#[backend_extension(Cube, Flex, Autodiff)]
pub trait RmsNormOps: Backend {
    /// `[.., d]`, `[d]` -> `[.., d]`.
    fn fused_rms_norm(
        input: FloatTensor<Self>,
        weight: FloatTensor<Self>,
        epsilon: f32,
    ) -> FloatTensor<Self>;

    /// The gradients of the input and the weight.
    fn fused_rms_norm_backward(
        input: FloatTensor<Self>,
        weight: FloatTensor<Self>,
        grad: FloatTensor<Self>,
        epsilon: f32,
    ) -> (FloatTensor<Self>, FloatTensor<Self>);
}

impl RmsNormOps for Cube {
    fn fused_rms_norm(
        input: FloatTensor<Self>,
        weight: FloatTensor<Self>,
        epsilon: f32,
    ) -> FloatTensor<Self> {
        launch_forward(input, weight, epsilon)
    }

    fn fused_rms_norm_backward(
        input: FloatTensor<Self>,
        weight: FloatTensor<Self>,
        grad: FloatTensor<Self>,
        epsilon: f32,
    ) -> (FloatTensor<Self>, FloatTensor<Self>) {
        launch_backward(input, weight, grad, epsilon)
    }
}

/// Rows of `[rows, d]` on the CPU's threads, in float32 as the kernels compute.
impl RmsNormOps for Flex {
    fn fused_rms_norm(
        input: FloatTensor<Self>,
        weight: FloatTensor<Self>,
        epsilon: f32,
    ) -> FloatTensor<Self> {
        let (x, w) = (Values::new(input), Values::new(weight));
        let (xs, w, d) = (x.get(), w.get(), x.width());
        let mut y = vec![0.0; xs.len()];
        cpu::for_rows(
            &mut y,
            d,
            #[inline(always)]
            |first, y| {
                for (y, x) in y.chunks_exact_mut(d).zip(xs[first * d..].chunks_exact(d)) {
                    let inverse = inverse_rms(x, epsilon);
                    for ((y, x), w) in y.iter_mut().zip(x).zip(w) {
                        *y = x * inverse * w;
                    }
                }
            },
        );
        cpu::tensor(y, x.shape(), x.dtype)
    }

    /// With `x̂ = x / rms`: `dw = Σ_rows g x̂`, `dx = (g w - x̂ mean(g w x̂)) / rms`; `dw`
    /// summed within each chunk of rows, then over the chunks in order.
    fn fused_rms_norm_backward(
        input: FloatTensor<Self>,
        weight: FloatTensor<Self>,
        grad: FloatTensor<Self>,
        epsilon: f32,
    ) -> (FloatTensor<Self>, FloatTensor<Self>) {
        let (x, w, g) = (Values::new(input), Values::new(weight), Values::new(grad));
        let w_dtype = w.dtype;
        let (xs, gs, w, d) = (x.get(), g.get(), w.get(), x.width());
        let mut dx = vec![0.0; xs.len()];
        let partials = cpu::for_rows(
            &mut dx,
            d,
            #[inline(always)]
            |first, dx| {
                let (mut dw, mut gw) = (vec![0.0; d], vec![0.0; d]);
                let rows = (dx.chunks_exact_mut(d))
                    .zip(xs[first * d..].chunks_exact(d))
                    .zip(gs[first * d..].chunks_exact(d));
                for ((dx, x), g) in rows {
                    let inverse = inverse_rms(x, epsilon);
                    for (((gw, dw), x), (g, w)) in (gw.iter_mut().zip(dw.iter_mut()))
                        .zip(x)
                        .zip(g.iter().zip(w))
                    {
                        *gw = g * w;
                        *dw += g * x * inverse;
                    }
                    let mean = cpu::dot(&gw, x) * inverse / d as f32;
                    for ((dx, x), gw) in dx.iter_mut().zip(x).zip(&gw) {
                        *dx = (gw - x * inverse * mean) * inverse;
                    }
                }
                dw
            },
        );
        let dw = (partials.into_iter())
            .reduce(|mut sum, part| {
                sum.iter_mut().zip(part).for_each(|(s, p)| *s += p);
                sum
            })
            .unwrap_or_else(|| vec![0.0; d]);
        (
            cpu::tensor(dx, x.shape(), x.dtype),
            cpu::tensor(dw, [d].into(), w_dtype),
        )
    }
}

/// `1 / sqrt(mean(x²) + eps)` of one row.
#[inline(always)]
fn inverse_rms(x: &[f32], epsilon: f32) -> f32 {
    1.0 / (cpu::dot(x, x) / x.len() as f32 + epsilon).sqrt()
}

impl<B: RmsNormOps, C: CheckpointStrategy> RmsNormOps for Autodiff<B, C> {
    fn fused_rms_norm(
        input: FloatTensor<Self>,
        weight: FloatTensor<Self>,
        epsilon: f32,
    ) -> FloatTensor<Self> {
        #[derive(Debug)]
        struct RmsNormBackward;

        impl<B: RmsNormOps> Backward<B, 2> for RmsNormBackward {
            type State = (FloatTensor<B>, FloatTensor<B>, f32);

            fn backward(
                self,
                ops: Ops<Self::State, 2>,
                grads: &mut Gradients,
                _checkpointer: &mut Checkpointer,
            ) {
                let [node_input, node_weight] = ops.parents;
                let grad = grads.consume::<B>(&ops.node);
                let (input, weight, epsilon) = ops.state;
                let (grad_input, grad_weight) =
                    B::fused_rms_norm_backward(input, weight, grad, epsilon);
                if let Some(node) = node_input {
                    grads.register::<B>(node.id, grad_input);
                }
                if let Some(node) = node_weight {
                    grads.register::<B>(node.id, grad_weight);
                }
            }
        }

        match RmsNormBackward
            .prepare::<C>([input.node(), weight.node()])
            .compute_bound()
            .stateful()
        {
            OpsKind::Tracked(prep) => {
                let (x, w) = (input.primitive().clone(), weight.primitive().clone());
                let output = B::fused_rms_norm(x.clone(), w.clone(), epsilon);
                prep.finish((x, w, epsilon), output)
            }
            OpsKind::UnTracked(prep) => prep.finish(B::fused_rms_norm(
                input.into_primitive(),
                weight.into_primitive(),
                epsilon,
            )),
        }
    }

    /// Not differentiable itself: the gradients come out untracked.
    fn fused_rms_norm_backward(
        input: FloatTensor<Self>,
        weight: FloatTensor<Self>,
        grad: FloatTensor<Self>,
        epsilon: f32,
    ) -> (FloatTensor<Self>, FloatTensor<Self>) {
        let (grad_input, grad_weight) = B::fused_rms_norm_backward(
            input.into_primitive(),
            weight.into_primitive(),
            grad.into_primitive(),
            epsilon,
        );
        (Self::from_inner(grad_input), Self::from_inner(grad_weight))
    }
}

/// RMSNorm of `input` (`[.., d]`) with `weight` (`[d]`, taken to the input's type) by the fused
/// kernels, on a CubeCL device or the CPU backend (with or without autodiff): see
/// [`super::Kernels::fuses`].
pub fn fused<const D: usize>(input: Tensor<D>, weight: Tensor<1>, epsilon: f64) -> Tensor<D> {
    let weight = weight.cast(input.dtype());
    Tensor::from_dispatch(<Dispatch as RmsNormOps>::fused_rms_norm(
        input.into_dispatch(),
        weight.into_dispatch(),
        epsilon as f32,
    ))
}

/// The reference: RMSNorm in plain Burn ops, as `burn::nn::RmsNorm` computes it in float32;
/// in half precision as HF's `LlamaRMSNorm`: normalized in float32, rounded to the input's
/// type, then scaled by the weight in that type.
pub fn reference<const D: usize>(input: Tensor<D>, weight: Tensor<1>, epsilon: f64) -> Tensor<D> {
    let dtype = input.dtype();
    let input = input.cast(DType::F32);
    let rms = (input.clone().square().mean_dim(D - 1) + epsilon).sqrt();
    (input / rms).cast(dtype) * weight.cast(dtype).unsqueeze()
}
