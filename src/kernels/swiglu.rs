//! SwiGLU's gate, `silu(gate) * up`: the fused kernels (in [`super::swiglu_cube`]) as a Burn
//! backend operation with its own backward (on the CPU backend the same arithmetic in Burn's
//! ops), and Burn's `silu` as the reference.

use burn::backend::autodiff::Autodiff;
use burn::backend::autodiff::checkpoint::base::Checkpointer;
use burn::backend::autodiff::checkpoint::strategy::CheckpointStrategy;
use burn::backend::autodiff::grads::Gradients;
use burn::backend::autodiff::ops::{Backward, Ops, OpsKind};
use burn::backend::tensor::FloatTensor;
use burn::backend::{AutodiffBackend, Backend, Cube, Dispatch, Flex, backend_extension};
use burn::prelude::*;
use burn::tensor::activation::silu;

use super::cpu::{self, Values};
use super::swiglu_cube::{launch_backward, launch_forward};

/// The fused SwiGLU gate as a backend operation: CubeCL runtimes (wgpu, CUDA), the CPU backend,
/// and their autodiff. Its backward keeps `gate` and `up` alone.
#[backend_extension(Cube, Flex, Autodiff)]
pub trait SwigluOps: Backend {
    /// `silu(gate) * up`, elementwise.
    fn fused_swiglu(gate: FloatTensor<Self>, up: FloatTensor<Self>) -> FloatTensor<Self>;

    /// The gradients of `gate` and `up`.
    fn fused_swiglu_backward(
        gate: FloatTensor<Self>,
        up: FloatTensor<Self>,
        grad: FloatTensor<Self>,
    ) -> (FloatTensor<Self>, FloatTensor<Self>);
}

impl SwigluOps for Cube {
    fn fused_swiglu(gate: FloatTensor<Self>, up: FloatTensor<Self>) -> FloatTensor<Self> {
        launch_forward(gate, up)
    }

    fn fused_swiglu_backward(
        gate: FloatTensor<Self>,
        up: FloatTensor<Self>,
        grad: FloatTensor<Self>,
    ) -> (FloatTensor<Self>, FloatTensor<Self>) {
        launch_backward(gate, up, grad)
    }
}

/// Element by element on the CPU's threads, in float32 as the kernels compute.
impl SwigluOps for Flex {
    fn fused_swiglu(gate: FloatTensor<Self>, up: FloatTensor<Self>) -> FloatTensor<Self> {
        let (gate, up) = (Values::new(gate), Values::new(up));
        let (g, u) = (gate.get(), up.get());
        let mut y = vec![0.0; g.len()];
        cpu::for_rows(
            &mut y,
            1,
            #[inline(always)]
            |first, y| {
                for ((y, g), u) in y.iter_mut().zip(&g[first..]).zip(&u[first..]) {
                    *y = g * cpu::sigmoid(*g) * u;
                }
            },
        );
        cpu::tensor(y, gate.shape(), gate.dtype)
    }

    /// With `s = sigmoid(gate)`: `d_up = g gate s`, `d_gate = g up s (1 + gate (1 - s))`.
    fn fused_swiglu_backward(
        gate: FloatTensor<Self>,
        up: FloatTensor<Self>,
        grad: FloatTensor<Self>,
    ) -> (FloatTensor<Self>, FloatTensor<Self>) {
        let (gate, up, grad) = (Values::new(gate), Values::new(up), Values::new(grad));
        let (g, u, dy) = (gate.get(), up.get(), grad.get());
        let (mut d_gate, mut d_up) = (vec![0.0; g.len()], vec![0.0; g.len()]);
        cpu::for_rows2(
            (&mut d_gate, &mut d_up),
            1,
            #[inline(always)]
            |first, d_gate, d_up| {
                let inputs = g[first..].iter().zip(&u[first..]).zip(&dy[first..]);
                for ((d_gate, d_up), ((g, u), dy)) in d_gate.iter_mut().zip(d_up).zip(inputs) {
                    let s = cpu::sigmoid(*g);
                    *d_up = dy * g * s;
                    *d_gate = dy * u * s * (1.0 + g * (1.0 - s));
                }
            },
        );
        (
            cpu::tensor(d_gate, gate.shape(), gate.dtype),
            cpu::tensor(d_up, up.shape(), up.dtype),
        )
    }
}

impl<B: SwigluOps, C: CheckpointStrategy> SwigluOps for Autodiff<B, C> {
    fn fused_swiglu(gate: FloatTensor<Self>, up: FloatTensor<Self>) -> FloatTensor<Self> {
        #[derive(Debug)]
        struct SwigluBackward;

        impl<B: SwigluOps> Backward<B, 2> for SwigluBackward {
            type State = (FloatTensor<B>, FloatTensor<B>);

            fn backward(
                self,
                ops: Ops<Self::State, 2>,
                grads: &mut Gradients,
                _checkpointer: &mut Checkpointer,
            ) {
                let [node_gate, node_up] = ops.parents;
                let grad = grads.consume::<B>(&ops.node);
                let (gate, up) = ops.state;
                let (grad_gate, grad_up) = B::fused_swiglu_backward(gate, up, grad);
                if let Some(node) = node_gate {
                    grads.register::<B>(node.id, grad_gate);
                }
                if let Some(node) = node_up {
                    grads.register::<B>(node.id, grad_up);
                }
            }
        }

        match SwigluBackward
            .prepare::<C>([gate.node(), up.node()])
            .compute_bound()
            .stateful()
        {
            OpsKind::Tracked(prep) => {
                let (g, u) = (gate.primitive().clone(), up.primitive().clone());
                let output = B::fused_swiglu(g.clone(), u.clone());
                prep.finish((g, u), output)
            }
            OpsKind::UnTracked(prep) => {
                prep.finish(B::fused_swiglu(gate.into_primitive(), up.into_primitive()))
            }
        }
    }

    /// Not differentiable itself: the gradients come out untracked.
    fn fused_swiglu_backward(
        gate: FloatTensor<Self>,
        up: FloatTensor<Self>,
        grad: FloatTensor<Self>,
    ) -> (FloatTensor<Self>, FloatTensor<Self>) {
        let (grad_gate, grad_up) = B::fused_swiglu_backward(
            gate.into_primitive(),
            up.into_primitive(),
            grad.into_primitive(),
        );
        (Self::from_inner(grad_gate), Self::from_inner(grad_up))
    }
}

/// `silu(gate) * up` by the fused kernels. The tensors must be of one shape and type, on a
/// CubeCL device or the CPU backend (with or without autodiff): see
/// [`super::Kernels::fuses`].
pub fn fused<const D: usize>(gate: Tensor<D>, up: Tensor<D>) -> Tensor<D> {
    Tensor::from_dispatch(<Dispatch as SwigluOps>::fused_swiglu(
        gate.into_dispatch(),
        up.into_dispatch(),
    ))
}

/// The reference: `silu(gate) * up` in plain Burn ops.
pub fn reference<const D: usize>(gate: Tensor<D>, up: Tensor<D>) -> Tensor<D> {
    silu(gate) * up
}
