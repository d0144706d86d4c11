//! The projections' matmul on CubeCL devices, its inner dimension summed in blocks of [`BLOCK`].
//!
//! A CubeCL matmul sums each output over the whole inner dimension in one float32 accumulator.
//! Where a few large terms meet many small ones (trained models' outlier features) the small
//! ones are rounded away: SmolLM2's `down_proj` (inner dimension 1536, outputs up to 22552) is
//! 10x further from float64 than PyTorch's blocked CPU matmul that way, and blocks of 256 put it
//! at PyTorch's. The backward's two products (inner dimensions: the outputs, the tokens) are
//! blocked the same way. In half precision CubeCL's matmul accumulates in float32 and rounds
//! once: blocks would only round more. The reference is Burn's `matmul`; both keep the same
//! tensors for backward.

use burn::backend::autodiff::Autodiff;
use burn::backend::autodiff::checkpoint::base::Checkpointer;
use burn::backend::autodiff::checkpoint::strategy::CheckpointStrategy;
use burn::backend::autodiff::grads::Gradients;
use burn::backend::autodiff::ops::{Backward, Ops, OpsKind};
use burn::backend::ops::FloatTensorOps;
use burn::backend::tensor::FloatTensor;
use burn::backend::{Backend, Cube, Dispatch, TensorMetadata, backend_extension};
use burn::prelude::*;
use burn::tensor::{DType, Slice};
use burn_cubecl::tensor::CubeTensor;

/// Inner-dimension columns one partial product sums over.
pub const BLOCK: usize = 256;

/// The blocked matmul as a backend operation: CubeCL runtimes (wgpu, CUDA) and their autodiff.
#[backend_extension(Cube, Autodiff)]
pub trait BlockedMatmulOps: Backend {
    /// `lhs` `[m, k]` times `rhs` `[k, n]` -> `[m, n]`.
    fn blocked_matmul(lhs: FloatTensor<Self>, rhs: FloatTensor<Self>) -> FloatTensor<Self>;
}

/// `lhs @ rhs` as the sum of the products of [`BLOCK`]-wide slices of the inner dimension; in
/// half precision one matmul, whose accumulator CubeCL keeps in float32 already (rounding each
/// block's product to half would add an error per block).
pub(super) fn blocked(lhs: CubeTensor, rhs: CubeTensor) -> CubeTensor {
    if lhs.dtype != DType::F32 {
        return Cube::float_matmul(lhs, rhs);
    }
    let k = lhs.shape()[1];
    let mut sum: Option<CubeTensor> = None;
    for start in (0..k).step_by(BLOCK) {
        let inner = Slice::from(start..(start + BLOCK).min(k));
        let a = Cube::float_slice(lhs.clone(), &[Slice::from(..), inner]);
        let b = Cube::float_slice(rhs.clone(), &[inner, Slice::from(..)]);
        let product = Cube::float_matmul(a, b);
        sum = Some(match sum {
            Some(sum) => Cube::float_add(sum, product),
            None => product,
        });
    }
    sum.expect("an inner dimension of at least one")
}

impl BlockedMatmulOps for Cube {
    fn blocked_matmul(lhs: FloatTensor<Self>, rhs: FloatTensor<Self>) -> FloatTensor<Self> {
        blocked(lhs, rhs)
    }
}

impl<B: BlockedMatmulOps, C: CheckpointStrategy> BlockedMatmulOps for Autodiff<B, C> {
    fn blocked_matmul(lhs: FloatTensor<Self>, rhs: FloatTensor<Self>) -> FloatTensor<Self> {
        #[derive(Debug)]
        struct BlockedMatmulBackward;

        impl<B: BlockedMatmulOps> Backward<B, 2> for BlockedMatmulBackward {
            /// What each gradient needs: `rhs` for the left's, `lhs` for the right's.
            type State = (Option<FloatTensor<B>>, Option<FloatTensor<B>>);

            fn backward(
                self,
                ops: Ops<Self::State, 2>,
                grads: &mut Gradients,
                _checkpointer: &mut Checkpointer,
            ) {
                let [node_lhs, node_rhs] = ops.parents;
                let grad = grads.consume::<B>(&ops.node); // [m, n]
                let (lhs, rhs) = ops.state;
                if let (Some(node), Some(rhs)) = (node_lhs, rhs) {
                    let rhs_t = B::float_transpose(rhs);
                    grads.register::<B>(node.id, B::blocked_matmul(grad.clone(), rhs_t));
                }
                if let (Some(node), Some(lhs)) = (node_rhs, lhs) {
                    let lhs_t = B::float_transpose(lhs);
                    grads.register::<B>(node.id, B::blocked_matmul(lhs_t, grad));
                }
            }
        }

        let (lhs_tracked, rhs_tracked) = (lhs.is_tracked(), rhs.is_tracked());
        match BlockedMatmulBackward
            .prepare::<C>([lhs.node(), rhs.node()])
            .compute_bound()
            .stateful()
        {
            OpsKind::Tracked(prep) => {
                let (l, r) = (lhs.primitive().clone(), rhs.primitive().clone());
                let state = (
                    rhs_tracked.then(|| l.clone()),
                    lhs_tracked.then(|| r.clone()),
                );
                prep.finish(state, B::blocked_matmul(l, r))
            }
            OpsKind::UnTracked(prep) => prep.finish(B::blocked_matmul(
                lhs.into_primitive(),
                rhs.into_primitive(),
            )),
        }
    }
}

/// `x` `[.., k]` times `weight` `[k, n]` -> `[.., n]` by the blocked matmul (one matmul in half
/// precision: see [`blocked`]), on a CubeCL device: see [`super::Kernels::fuses`].
pub fn fused<const D: usize>(x: Tensor<D>, weight: Tensor<2>) -> Tensor<D> {
    let dims = x.dims();
    let (k, n) = (dims[D - 1], weight.dims()[1]);
    let rows = dims[..D - 1].iter().product();
    let y: Tensor<2> = Tensor::from_dispatch(<Dispatch as BlockedMatmulOps>::blocked_matmul(
        x.reshape([rows, k]).into_dispatch(),
        weight.into_dispatch(),
    ));
    let mut out = dims;
    out[D - 1] = n;
    y.reshape(out)
}

/// The reference: Burn's matmul, broadcast over the leading dimensions.
pub fn reference<const D: usize>(x: Tensor<D>, weight: Tensor<2>) -> Tensor<D> {
    x.matmul(weight.unsqueeze())
}
