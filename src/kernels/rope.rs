//! The rotary position embedding, `x * cos + rotate_half(x) * sin`: the fused kernel (in
//! [`super::rope_cube`]) as a Burn backend operation with its own backward, and Burn's
//! narrow/cat/mul form as the reference. The tables are constants: only `x` gets a gradient.

use burn::backend::autodiff::Autodiff;
use burn::backend::autodiff::checkpoint::base::Checkpointer;
use burn::backend::autodiff::checkpoint::strategy::CheckpointStrategy;
use burn::backend::autodiff::grads::Gradients;
use burn::backend::autodiff::ops::{Backward, Ops, OpsKind};
use burn::backend::tensor::FloatTensor;
use burn::backend::{AutodiffBackend, Backend, Cube, Dispatch, backend_extension};
use burn::prelude::*;

use super::rope_cube::launch;

/// The fused rotary embedding as a backend operation: CubeCL runtimes and their autodiff.
#[backend_extension(Cube, Autodiff)]
pub trait RopeOps: Backend {
    /// `x` `[b, h, t, dh]`, tables `[1, 1, t, dh]` -> `[b, h, t, dh]`.
    fn fused_rope(
        x: FloatTensor<Self>,
        cos: FloatTensor<Self>,
        sin: FloatTensor<Self>,
    ) -> FloatTensor<Self>;

    /// The gradient of `x` from the output's.
    fn fused_rope_backward(
        grad: FloatTensor<Self>,
        cos: FloatTensor<Self>,
        sin: FloatTensor<Self>,
    ) -> FloatTensor<Self>;
}

impl RopeOps for Cube {
    fn fused_rope(
        x: FloatTensor<Self>,
        cos: FloatTensor<Self>,
        sin: FloatTensor<Self>,
    ) -> FloatTensor<Self> {
        launch(x, cos, sin, false)
    }

    fn fused_rope_backward(
        grad: FloatTensor<Self>,
        cos: FloatTensor<Self>,
        sin: FloatTensor<Self>,
    ) -> FloatTensor<Self> {
        launch(grad, cos, sin, true)
    }
}

impl<B: RopeOps, C: CheckpointStrategy> RopeOps for Autodiff<B, C> {
    fn fused_rope(
        x: FloatTensor<Self>,
        cos: FloatTensor<Self>,
        sin: FloatTensor<Self>,
    ) -> FloatTensor<Self> {
        #[derive(Debug)]
        struct RopeBackward;

        impl<B: RopeOps> Backward<B, 1> for RopeBackward {
            type State = (FloatTensor<B>, FloatTensor<B>);

            fn backward(
                self,
                ops: Ops<Self::State, 1>,
                grads: &mut Gradients,
                _checkpointer: &mut Checkpointer,
            ) {
                let [node_x] = ops.parents;
                let grad = grads.consume::<B>(&ops.node);
                let (cos, sin) = ops.state;
                if let Some(node) = node_x {
                    grads.register::<B>(node.id, B::fused_rope_backward(grad, cos, sin));
                }
            }
        }

        let (cos, sin) = (cos.into_primitive(), sin.into_primitive());
        match RopeBackward
            .prepare::<C>([x.node()])
            .compute_bound()
            .stateful()
        {
            OpsKind::Tracked(prep) => {
                let output = B::fused_rope(x.into_primitive(), cos.clone(), sin.clone());
                prep.finish((cos, sin), output)
            }
            OpsKind::UnTracked(prep) => prep.finish(B::fused_rope(x.into_primitive(), cos, sin)),
        }
    }

    /// Not differentiable itself: the gradient comes out untracked.
    fn fused_rope_backward(
        grad: FloatTensor<Self>,
        cos: FloatTensor<Self>,
        sin: FloatTensor<Self>,
    ) -> FloatTensor<Self> {
        Self::from_inner(B::fused_rope_backward(
            grad.into_primitive(),
            cos.into_primitive(),
            sin.into_primitive(),
        ))
    }
}

/// The rotary embedding of `x` by the fused kernel (tables in `x`'s type, on a CubeCL device,
/// with or without autodiff: see [`super::Kernels::fuses_on_cubecl`]).
pub fn fused(x: Tensor<4>, cos: Tensor<4>, sin: Tensor<4>) -> Tensor<4> {
    Tensor::from_dispatch(<Dispatch as RopeOps>::fused_rope(
        x.into_dispatch(),
        cos.into_dispatch(),
        sin.into_dispatch(),
    ))
}

/// The reference: HF's `x * cos + rotate_half(x) * sin` in plain Burn ops.
pub fn reference(x: Tensor<4>, cos: Tensor<4>, sin: Tensor<4>) -> Tensor<4> {
    let [_, _, _, d] = x.dims();
    let first = x.clone().narrow(3, 0, d / 2);
    let second = x.clone().narrow(3, d / 2, d / 2);
    let rotated = Tensor::cat(vec![second.neg(), first], 3);
    x * cos + rotated * sin
}
