//! RMSNorm, `y = x / sqrt(mean(x²) + eps) * w` over the last axis: the fused kernels (one
//! forward, two backward, in [`super::rms_norm_cube`]) as a Burn backend operation with its
//! own backward (on the CPU backend the same arithmetic in Burn's ops), and Burn's `RmsNorm`
//! arithmetic as the reference.

use burn::backend::TensorMetadata;
use burn::backend::autodiff::Autodiff;
use burn::backend::autodiff::checkpoint::base::Checkpointer;
use burn::backend::autodiff::checkpoint::strategy::CheckpointStrategy;
use burn::backend::autodiff::grads::Gradients;
use burn::backend::autodiff::ops::{Backward, Ops, OpsKind};
use burn::backend::tensor::FloatTensor;
use burn::backend::{AutodiffBackend, Backend, Cube, Dispatch, Flex, backend_extension};
use burn::prelude::*;
use burn::tensor::DType;

use super::flex;
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

/// Rows of `[rows, d]` in Burn's ops, in float32 as the kernels compute.
impl RmsNormOps for Flex {
    fn fused_rms_norm(
        input: FloatTensor<Self>,
        weight: FloatTensor<Self>,
        epsilon: f32,
    ) -> FloatTensor<Self> {
        let (shape, dtype) = (input.shape(), input.dtype());
        let x = flex::rows(input).cast(DType::F32);
        let w = flex::tensor::<1>(weight).cast(DType::F32);
        let rms = (x.clone().square().mean_dim(1) + epsilon as f64).sqrt();
        let y = (x / rms) * w.unsqueeze();
        flex::unrows(y.cast(dtype), shape)
    }

    /// With `x̂ = x / rms`: `dw = Σ_rows g x̂`, `dx = (g w - x̂ mean(g w x̂)) / rms`.
    fn fused_rms_norm_backward(
        input: FloatTensor<Self>,
        weight: FloatTensor<Self>,
        grad: FloatTensor<Self>,
        epsilon: f32,
    ) -> (FloatTensor<Self>, FloatTensor<Self>) {
        let (shape, dtypes) = (input.shape(), (input.dtype(), weight.dtype()));
        let x = flex::rows(input).cast(DType::F32);
        let g = flex::rows(grad).cast(DType::F32);
        let w = flex::tensor::<1>(weight).cast(DType::F32);
        let d = w.dims()[0];
        let rms = (x.clone().square().mean_dim(1) + epsilon as f64).sqrt();
        let normed = x / rms.clone();
        let grad_weight = (g.clone() * normed.clone()).sum_dim(0).reshape([d]);
        let scaled = g * w.unsqueeze();
        let dot = (scaled.clone() * normed.clone()).mean_dim(1);
        let grad_input = (scaled - normed * dot) / rms;
        (
            flex::unrows(grad_input.cast(dtypes.0), shape),
            flex::primitive(grad_weight.cast(dtypes.1)),
        )
    }
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
