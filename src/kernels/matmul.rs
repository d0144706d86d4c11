//! The projections' matmul on CubeCL devices, its inner dimension summed in blocks of [`BLOCK`]
//! (on the CPU backend one matmul, whose gemm sums in cache-sized blocks already).
//!
//! A CubeCL matmul sums each output over the whole inner dimension in one float32 accumulator.
//! Where a few large terms meet many small ones (trained models' outlier features) the small
//! ones are rounded away: SmolLM2's `down_proj` (inner dimension 1536, outputs up to 22552) is
//! 10x further from float64 than PyTorch's blocked CPU matmul that way, and blocks of 256 put it
//! at PyTorch's. The backward's two products (inner dimensions: the outputs, the tokens) are
//! blocked the same way. In half precision CubeCL's matmul accumulates in float32 and rounds
//! once: blocks would only round more. The reference is Burn's `matmul`; both keep the same
//! tensors for backward, except where the caller says what the input is made of
//! ([`InputOf`]): then the fused backward rebuilds the input rather than keep it.

use burn::backend::autodiff::Autodiff;
use burn::backend::autodiff::checkpoint::base::Checkpointer;
use burn::backend::autodiff::checkpoint::strategy::CheckpointStrategy;
use burn::backend::autodiff::grads::Gradients;
use burn::backend::autodiff::ops::{Backward, Ops, OpsKind};
use burn::backend::ops::FloatTensorOps;
use burn::backend::tensor::FloatTensor;
use burn::backend::{Backend, Cube, Dispatch, Flex, TensorMetadata, backend_extension};
use burn::prelude::*;
use burn::tensor::{DType, Slice};
use burn_cubecl::tensor::CubeTensor;

use super::rms_norm::RmsNormOps;
use super::swiglu::SwigluOps;

/// Inner-dimension columns one partial product sums over.
pub const BLOCK: usize = 256;

/// The blocked matmul as a backend operation: CubeCL runtimes (wgpu, CUDA), the CPU backend,
/// and their autodiff. Its backward keeps the left operand for the right's gradient, or, where
/// that operand is made of tensors the graph keeps anyway, those tensors, and rebuilds it (bit
/// for bit: the same kernel on the same inputs).
#[backend_extension(Cube, Flex, Autodiff)]
pub trait BlockedMatmulOps: Backend {
    /// `lhs` `[m, k]` times `rhs` `[k, n]` -> `[m, n]`.
    fn blocked_matmul(lhs: FloatTensor<Self>, rhs: FloatTensor<Self>) -> FloatTensor<Self>;

    /// `blocked_matmul(lhs, rhs)` where `lhs` is `silu(gate) * up` (all three `[m, k]`).
    fn blocked_matmul_swiglu(
        lhs: FloatTensor<Self>,
        gate: FloatTensor<Self>,
        up: FloatTensor<Self>,
        rhs: FloatTensor<Self>,
    ) -> FloatTensor<Self>;

    /// `blocked_matmul(lhs, rhs)` where `lhs` `[b*t, h*dh]` is `heads` `[b, h, t, dh]` with
    /// its middle axes swapped.
    fn blocked_matmul_heads(
        lhs: FloatTensor<Self>,
        heads: FloatTensor<Self>,
        rhs: FloatTensor<Self>,
    ) -> FloatTensor<Self>;

    /// `blocked_matmul(lhs, rhs)` where `lhs` `[m, d]` is the fused RMSNorm of `input`
    /// (`[.., d]`, `m` rows) with `weight` `[d]`.
    fn blocked_matmul_rms_norm(
        lhs: FloatTensor<Self>,
        input: FloatTensor<Self>,
        weight: FloatTensor<Self>,
        epsilon: f32,
        rhs: FloatTensor<Self>,
    ) -> FloatTensor<Self>;
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

    fn blocked_matmul_swiglu(
        lhs: FloatTensor<Self>,
        _gate: FloatTensor<Self>,
        _up: FloatTensor<Self>,
        rhs: FloatTensor<Self>,
    ) -> FloatTensor<Self> {
        blocked(lhs, rhs)
    }

    fn blocked_matmul_heads(
        lhs: FloatTensor<Self>,
        _heads: FloatTensor<Self>,
        rhs: FloatTensor<Self>,
    ) -> FloatTensor<Self> {
        blocked(lhs, rhs)
    }

    fn blocked_matmul_rms_norm(
        lhs: FloatTensor<Self>,
        _input: FloatTensor<Self>,
        _weight: FloatTensor<Self>,
        _epsilon: f32,
        rhs: FloatTensor<Self>,
    ) -> FloatTensor<Self> {
        blocked(lhs, rhs)
    }
}

/// The CPU backend: gemm, whose kernels sum the inner dimension in cache-sized blocks.
impl BlockedMatmulOps for Flex {
    fn blocked_matmul(lhs: FloatTensor<Self>, rhs: FloatTensor<Self>) -> FloatTensor<Self> {
        Flex::float_matmul(lhs, rhs)
    }

    fn blocked_matmul_swiglu(
        lhs: FloatTensor<Self>,
        _gate: FloatTensor<Self>,
        _up: FloatTensor<Self>,
        rhs: FloatTensor<Self>,
    ) -> FloatTensor<Self> {
        Flex::float_matmul(lhs, rhs)
    }

    fn blocked_matmul_heads(
        lhs: FloatTensor<Self>,
        _heads: FloatTensor<Self>,
        rhs: FloatTensor<Self>,
    ) -> FloatTensor<Self> {
        Flex::float_matmul(lhs, rhs)
    }

    fn blocked_matmul_rms_norm(
        lhs: FloatTensor<Self>,
        _input: FloatTensor<Self>,
        _weight: FloatTensor<Self>,
        _epsilon: f32,
        rhs: FloatTensor<Self>,
    ) -> FloatTensor<Self> {
        Flex::float_matmul(lhs, rhs)
    }
}

/// What the backward reads for the right operand's gradient: the left operand, or what it is
/// rebuilt from.
#[derive(Debug, Clone)]
enum Lhs<B: Backend> {
    Kept(FloatTensor<B>),
    /// `silu(gate) * up`.
    Swiglu(FloatTensor<B>, FloatTensor<B>),
    /// `[b, h, t, dh]`, read as `[b*t, h*dh]`.
    Heads(FloatTensor<B>),
    /// The fused RMSNorm of an input `[.., d]` with a weight `[d]`, read as `[m, d]`.
    RmsNorm(FloatTensor<B>, FloatTensor<B>, f32),
}

impl<B: SwigluOps + RmsNormOps> Lhs<B> {
    /// The left operand `[m, k]`, as the forward computed it.
    fn value(self) -> FloatTensor<B> {
        match self {
            Self::Kept(lhs) => lhs,
            Self::Swiglu(gate, up) => B::fused_swiglu(gate, up),
            Self::Heads(heads) => {
                let [b, h, t, dh] = heads.shape().dims();
                B::float_reshape(B::float_swap_dims(heads, 1, 2), [b * t, h * dh].into())
            }
            // The norm of the input in its own shape, as the forward ran it.
            Self::RmsNorm(input, weight, epsilon) => {
                let dims = input.shape();
                let d = dims[dims.len() - 1];
                let rows = dims.num_elements() / d.max(1);
                B::float_reshape(B::fused_rms_norm(input, weight, epsilon), [rows, d].into())
            }
        }
    }
}

/// `lhs @ rhs` tracked by autodiff, `rebuild` giving what the backward reads for `rhs`'s
/// gradient (asked only where `rhs` is tracked).
fn tracked<B, C>(
    lhs: FloatTensor<Autodiff<B, C>>,
    rhs: FloatTensor<Autodiff<B, C>>,
    rebuild: impl FnOnce(FloatTensor<B>) -> Lhs<B>,
) -> FloatTensor<Autodiff<B, C>>
where
    B: BlockedMatmulOps + SwigluOps + RmsNormOps,
    C: CheckpointStrategy,
{
    #[derive(Debug)]
    struct BlockedMatmulBackward;

    impl<B: BlockedMatmulOps + SwigluOps + RmsNormOps> Backward<B, 2> for BlockedMatmulBackward {
        /// What each gradient needs: `rhs` for the left's, `lhs` for the right's.
        type State = (Option<Lhs<B>>, Option<FloatTensor<B>>);

        fn backward(
            self,
            ops: Ops<Self::State, 2>,
            grads: &mut Gradients,
            _checkpointer: &mut Checkpointer,
        ) {
            let [node_lhs, node_rhs] = ops.parents;
            let grad = grads.consume::<B>(&ops.node); // [m, n]
            let (lhs, rhs) = ops.state;
            // The right's first: a rebuilt left operand is freed before the left's gradient.
            if let (Some(node), Some(lhs)) = (node_rhs, lhs) {
                let lhs_t = B::float_transpose(lhs.value());
                grads.register::<B>(node.id, B::blocked_matmul(lhs_t, grad.clone()));
            }
            if let (Some(node), Some(rhs)) = (node_lhs, rhs) {
                let rhs_t = B::float_transpose(rhs);
                grads.register::<B>(node.id, B::blocked_matmul(grad, rhs_t));
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
                rhs_tracked.then(|| rebuild(l.clone())),
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

impl<B, C> BlockedMatmulOps for Autodiff<B, C>
where
    B: BlockedMatmulOps + SwigluOps + RmsNormOps,
    C: CheckpointStrategy,
{
    fn blocked_matmul(lhs: FloatTensor<Self>, rhs: FloatTensor<Self>) -> FloatTensor<Self> {
        tracked::<B, C>(lhs, rhs, Lhs::Kept)
    }

    fn blocked_matmul_swiglu(
        lhs: FloatTensor<Self>,
        gate: FloatTensor<Self>,
        up: FloatTensor<Self>,
        rhs: FloatTensor<Self>,
    ) -> FloatTensor<Self> {
        let (gate, up) = (gate.into_primitive(), up.into_primitive());
        tracked::<B, C>(lhs, rhs, |_| Lhs::Swiglu(gate, up))
    }

    fn blocked_matmul_heads(
        lhs: FloatTensor<Self>,
        heads: FloatTensor<Self>,
        rhs: FloatTensor<Self>,
    ) -> FloatTensor<Self> {
        let heads = heads.into_primitive();
        tracked::<B, C>(lhs, rhs, |_| Lhs::Heads(heads))
    }

    fn blocked_matmul_rms_norm(
        lhs: FloatTensor<Self>,
        input: FloatTensor<Self>,
        weight: FloatTensor<Self>,
        epsilon: f32,
        rhs: FloatTensor<Self>,
    ) -> FloatTensor<Self> {
        let (input, weight) = (input.into_primitive(), weight.into_primitive());
        tracked::<B, C>(lhs, rhs, |_| Lhs::RmsNorm(input, weight, epsilon))
    }
}

/// What a projection's input is made of, where the fused backward can rebuild it from
/// tensors the graph keeps anyway, rather than keep the input as well for the weight's (or
/// adapter's) gradient. Burn's ops keep the input.
#[derive(Debug, Clone)]
#[allow(clippy::large_enum_variant)] // made once per layer forward and passed by reference
pub enum InputOf {
    /// `silu(gate) * up`, both `[b, t, f]`: SwiGLU's backward keeps them.
    Swiglu { gate: Tensor<3>, up: Tensor<3> },
    /// The heads `[b, h, t, dh]` laid out as `[b, t, h*dh]`: attention's backward keeps them.
    Heads(Tensor<4>),
    /// The fused RMSNorm of `input` `[b, t, d]` with `weight` `[d]`: the norm's backward keeps
    /// both (the input is the residual stream, which the graph holds anyway).
    RmsNorm {
        input: Tensor<3>,
        weight: Tensor<1>,
        epsilon: f64,
    },
}

/// `x` `[.., k]` times `weight` `[k, n]` -> `[.., n]` by the blocked matmul (one matmul in half
/// precision: see [`blocked`]), on a CubeCL device or the CPU backend: see
/// [`super::Kernels::fuses`]. With `of`, the backward rebuilds `x` from it rather than
/// keep `x`.
pub fn fused<const D: usize>(x: Tensor<D>, of: Option<&InputOf>, weight: Tensor<2>) -> Tensor<D> {
    let dims = x.dims();
    let (k, n) = (dims[D - 1], weight.dims()[1]);
    let rows = dims[..D - 1].iter().product();
    let (lhs, rhs) = (x.reshape([rows, k]).into_dispatch(), weight.into_dispatch());
    let y = match of {
        None => <Dispatch as BlockedMatmulOps>::blocked_matmul(lhs, rhs),
        Some(InputOf::Swiglu { gate, up }) => {
            let flat = |x: &Tensor<3>| x.clone().reshape([rows, k]).into_dispatch();
            <Dispatch as BlockedMatmulOps>::blocked_matmul_swiglu(lhs, flat(gate), flat(up), rhs)
        }
        Some(InputOf::Heads(heads)) => <Dispatch as BlockedMatmulOps>::blocked_matmul_heads(
            lhs,
            heads.clone().into_dispatch(),
            rhs,
        ),
        Some(InputOf::RmsNorm {
            input,
            weight,
            epsilon,
        }) => {
            let weight = weight.clone().cast(input.dtype()).into_dispatch();
            <Dispatch as BlockedMatmulOps>::blocked_matmul_rms_norm(
                lhs,
                input.clone().into_dispatch(),
                weight,
                *epsilon as f32,
                rhs,
            )
        }
    };
    let mut out = dims;
    out[D - 1] = n;
    Tensor::<2>::from_dispatch(y).reshape(out)
}

/// The reference: Burn's matmul, broadcast over the leading dimensions.
pub fn reference<const D: usize>(x: Tensor<D>, weight: Tensor<2>) -> Tensor<D> {
    x.matmul(weight.unsqueeze())
}
