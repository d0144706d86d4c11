//! The rotary position embedding, `x * cos + rotate_half(x) * sin`: the fused kernel (in
//! [`super::rope_cube`]; on the CPU backend the same arithmetic on its threads) as a Burn
//! backend operation with its own backward, and Burn's
//! narrow/cat/mul form as the reference. The tables are constants: only `x` gets a gradient.

use burn::backend::autodiff::Autodiff;
use burn::backend::autodiff::checkpoint::base::Checkpointer;
use burn::backend::autodiff::checkpoint::strategy::CheckpointStrategy;
use burn::backend::autodiff::grads::Gradients;
use burn::backend::autodiff::ops::{Backward, Ops, OpsKind};
use burn::backend::tensor::FloatTensor;
use burn::backend::{AutodiffBackend, Backend, Cube, Dispatch, Flex, backend_extension};
use burn::prelude::*;

use super::cpu::{self, Values};
use super::rope_cube::launch;

/// The fused rotary embedding as a backend operation: CubeCL runtimes, the CPU backend, and
/// their autodiff.
#[backend_extension(Cube, Flex, Autodiff)]
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

/// Rows of `[b * h * t, dh]` on the CPU's threads, in float32 as the kernel computes: with
/// `R` rotate_half (`R x = [-x2, x1]` of the halves), `y = x cos + (R x) sin` and
/// `dx = g cos + Rᵀ (g sin)`, `Rᵀ u = [u2, -u1]`.
impl RopeOps for Flex {
    fn fused_rope(
        x: FloatTensor<Self>,
        cos: FloatTensor<Self>,
        sin: FloatTensor<Self>,
    ) -> FloatTensor<Self> {
        rotate(x, cos, sin, false)
    }

    fn fused_rope_backward(
        grad: FloatTensor<Self>,
        cos: FloatTensor<Self>,
        sin: FloatTensor<Self>,
    ) -> FloatTensor<Self> {
        rotate(grad, cos, sin, true)
    }
}

/// `x cos + (R x) sin`, or with `transposed` `x cos + Rᵀ (x sin)`, of `x` `[.., t, dh]` with
/// tables `[.., t, dh]`.
fn rotate(
    x: FloatTensor<Flex>,
    cos: FloatTensor<Flex>,
    sin: FloatTensor<Flex>,
    transposed: bool,
) -> FloatTensor<Flex> {
    let [x, cos, sin] = [x, cos, sin].map(Values::new);
    let (xs, cos_table, sin_table, d) = (x.get(), cos.get(), sin.get(), x.width());
    let positions = cos_table.len() / d.max(1);
    let half = d / 2;
    let mut y = vec![0.0; xs.len()];
    cpu::for_rows(
        &mut y,
        d,
        #[inline(always)]
        |first, y| {
            let rows = y.chunks_exact_mut(d).zip(xs[first * d..].chunks_exact(d));
            for (row, (y, x)) in rows.enumerate() {
                let at = (first + row) % positions * d;
                let (cos, sin) = (&cos_table[at..at + d], &sin_table[at..at + d]);
                let (y1, y2) = y.split_at_mut(half);
                let (x1, x2) = x.split_at(half);
                let (c1, c2) = cos.split_at(half);
                let (s1, s2) = sin.split_at(half);
                let (y2, x2, c2, s2) = (&mut y2[..half], &x2[..half], &c2[..half], &s2[..half]);
                for i in 0..half {
                    (y1[i], y2[i]) = match transposed {
                        false => (x1[i] * c1[i] - x2[i] * s1[i], x2[i] * c2[i] + x1[i] * s2[i]),
                        true => (x1[i] * c1[i] + x2[i] * s2[i], x2[i] * c2[i] - x1[i] * s1[i]),
                    };
                }
            }
        },
    );
    cpu::tensor(y, x.shape(), x.dtype)
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

/// The rotary embedding of `x` by the fused kernel (tables in `x`'s type, on a CubeCL device
/// or the CPU backend, with or without autodiff: see [`super::Kernels::fuses`]).
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
