//! Causal self-attention without the `t x t` matrix as a Burn backend operation whose backward
//! keeps only the queries, keys, values, output and each row's log-sum-exp: the
//! FlashAttention-2 style kernels on CubeCL runtimes ([`super::attention_cube`]), the same
//! algorithm on the CPU backend's threads ([`super::attention_blocked`]); and the plain
//! softmax attention as the reference.

use burn::backend::autodiff::Autodiff;
use burn::backend::autodiff::checkpoint::base::Checkpointer;
use burn::backend::autodiff::checkpoint::strategy::CheckpointStrategy;
use burn::backend::autodiff::grads::Gradients;
use burn::backend::autodiff::ops::{Backward, Ops, OpsKind};
use burn::backend::tensor::FloatTensor;
use burn::backend::{AutodiffBackend, Backend, Cube, Dispatch, Flex, backend_extension};
use burn::prelude::*;
use burn::tensor::DType;
use burn::tensor::activation::softmax;

use super::attention_blocked;
use super::attention_cube::{launch_backward, launch_forward};

/// The memory-efficient attention as a backend operation: CubeCL runtimes (wgpu, CUDA), the
/// CPU backend, and their autodiff.
#[backend_extension(Cube, Flex, Autodiff)]
pub trait AttentionOps: Backend {
    /// Queries `[b, h, t, dh]`, keys and values `[b, kv, t, dh]` -> the output `[b, h, t, dh]`
    /// in their type and each row's log-sum-exp `[b, h, t]` in float32.
    fn causal_attention(
        q: FloatTensor<Self>,
        k: FloatTensor<Self>,
        v: FloatTensor<Self>,
    ) -> (FloatTensor<Self>, FloatTensor<Self>);

    /// The gradients of the queries, keys and values.
    fn causal_attention_backward(
        q: FloatTensor<Self>,
        k: FloatTensor<Self>,
        v: FloatTensor<Self>,
        out: FloatTensor<Self>,
        lse: FloatTensor<Self>,
        grad: FloatTensor<Self>,
    ) -> (FloatTensor<Self>, FloatTensor<Self>, FloatTensor<Self>);
}

/// The kernels read and write the tensors' type (f32, f16, bf16) and compute in float32.
impl AttentionOps for Cube {
    fn causal_attention(
        q: FloatTensor<Self>,
        k: FloatTensor<Self>,
        v: FloatTensor<Self>,
    ) -> (FloatTensor<Self>, FloatTensor<Self>) {
        launch_forward(q, k, v)
    }

    fn causal_attention_backward(
        q: FloatTensor<Self>,
        k: FloatTensor<Self>,
        v: FloatTensor<Self>,
        out: FloatTensor<Self>,
        lse: FloatTensor<Self>,
        grad: FloatTensor<Self>,
    ) -> (FloatTensor<Self>, FloatTensor<Self>, FloatTensor<Self>) {
        launch_backward([q, k, v], out, lse, grad)
    }
}

/// Blocks of queries (keys in backward) on the CPU's threads, in float32.
impl AttentionOps for Flex {
    fn causal_attention(
        q: FloatTensor<Self>,
        k: FloatTensor<Self>,
        v: FloatTensor<Self>,
    ) -> (FloatTensor<Self>, FloatTensor<Self>) {
        attention_blocked::forward(q, k, v)
    }

    fn causal_attention_backward(
        q: FloatTensor<Self>,
        k: FloatTensor<Self>,
        v: FloatTensor<Self>,
        out: FloatTensor<Self>,
        lse: FloatTensor<Self>,
        grad: FloatTensor<Self>,
    ) -> (FloatTensor<Self>, FloatTensor<Self>, FloatTensor<Self>) {
        attention_blocked::backward(q, k, v, out, lse, grad)
    }
}

impl<B: AttentionOps, C: CheckpointStrategy> AttentionOps for Autodiff<B, C> {
    fn causal_attention(
        q: FloatTensor<Self>,
        k: FloatTensor<Self>,
        v: FloatTensor<Self>,
    ) -> (FloatTensor<Self>, FloatTensor<Self>) {
        #[derive(Debug)]
        struct AttentionBackward;

        impl<B: AttentionOps> Backward<B, 3> for AttentionBackward {
            /// Queries, keys, values, output, log-sum-exp: O(t) each.
            type State = [FloatTensor<B>; 5];

            fn backward(
                self,
                ops: Ops<Self::State, 3>,
                grads: &mut Gradients,
                _checkpointer: &mut Checkpointer,
            ) {
                let grad = grads.consume::<B>(&ops.node);
                let [q, k, v, out, lse] = ops.state;
                let (dq, dk, dv) = B::causal_attention_backward(q, k, v, out, lse, grad);
                for (node, grad) in ops.parents.into_iter().zip([dq, dk, dv]) {
                    if let Some(node) = node {
                        grads.register::<B>(node.id, grad);
                    }
                }
            }
        }

        match AttentionBackward
            .prepare::<C>([q.node(), k.node(), v.node()])
            .compute_bound()
            .stateful()
        {
            OpsKind::Tracked(prep) => {
                let (q, k, v) = (
                    q.primitive().clone(),
                    k.primitive().clone(),
                    v.primitive().clone(),
                );
                let (out, lse) = B::causal_attention(q.clone(), k.clone(), v.clone());
                let output = prep.finish([q, k, v, out.clone(), lse.clone()], out);
                (output, Self::from_inner(lse))
            }
            OpsKind::UnTracked(prep) => {
                let (out, lse) =
                    B::causal_attention(q.into_primitive(), k.into_primitive(), v.into_primitive());
                (prep.finish(out), Self::from_inner(lse))
            }
        }
    }

    /// Not differentiable itself: the gradients come out untracked.
    fn causal_attention_backward(
        q: FloatTensor<Self>,
        k: FloatTensor<Self>,
        v: FloatTensor<Self>,
        out: FloatTensor<Self>,
        lse: FloatTensor<Self>,
        grad: FloatTensor<Self>,
    ) -> (FloatTensor<Self>, FloatTensor<Self>, FloatTensor<Self>) {
        let (dq, dk, dv) = B::causal_attention_backward(
            q.into_primitive(),
            k.into_primitive(),
            v.into_primitive(),
            out.into_primitive(),
            lse.into_primitive(),
            grad.into_primitive(),
        );
        (
            Self::from_inner(dq),
            Self::from_inner(dk),
            Self::from_inner(dv),
        )
    }
}

/// Causal attention of `q` `[b, h, t, dh]` over `k`, `v` `[b, kv, t, dh]` (`h` a multiple of
/// `kv`), scores scaled by `dh^-0.5` -> `[b, h, t, dh]`, by the memory-efficient attention of
/// the tensors' device (CubeCL or the CPU backend), in their float type: see
/// [`super::Kernels::fuses_attention`].
pub fn fused(q: Tensor<4>, k: Tensor<4>, v: Tensor<4>) -> Tensor<4> {
    let (out, _lse) = <Dispatch as AttentionOps>::causal_attention(
        q.into_dispatch(),
        k.into_dispatch(),
        v.into_dispatch(),
    );
    Tensor::from_dispatch(out)
}

/// The reference: softmax attention in Burn's ops, causal.
pub fn reference(q: Tensor<4>, k: Tensor<4>, v: Tensor<4>) -> Tensor<4> {
    let t = q.dims()[2];
    // Burn's tril_mask is true above the diagonal: the future positions to hide.
    let mask = Tensor::<2, Bool>::tril_mask([t, t], 0, &q.device());
    masked(q, k, v, mask)
}

/// Softmax attention of `q` `[b, h, t, dh]` over `k`, `v` `[b, kv, s, dh]`, hiding where `mask`
/// `[t, s]` is true -> `[b, h, t, dh]`. Query heads that share a key/value head are stacked
/// along the sequence (`[b, kv, group * t, dh]`), so keys and values are never repeated.
pub fn masked(q: Tensor<4>, k: Tensor<4>, v: Tensor<4>, mask: Tensor<2, Bool>) -> Tensor<4> {
    let [b, h, t, dh] = q.dims();
    let [_, kv, s, _] = k.dims();
    let group = h / kv;
    let mask = mask.reshape([1, 1, t, s]).expand([b, h, t, s]);
    let scores = q
        .reshape([b, kv, group * t, dh])
        .matmul(k.swap_dims(2, 3))
        .mul_scalar((dh as f64).powf(-0.5))
        .reshape([b, h, t, s])
        .mask_fill(mask, f32::NEG_INFINITY);
    // The softmax in float32, as HF's eager attention takes it in half precision.
    let dtype = scores.dtype();
    let probs = softmax(scores.cast(DType::F32), 3).cast(dtype);
    let probs = probs.reshape([b, kv, group * t, s]);
    probs.matmul(v).reshape([b, h, t, dh])
}
