//! SwiGLU's gate, `silu(gate) * up`: the fused kernels (in [`super::swiglu_cube`]) as a Burn
//! backend operation with its own backward (on the CPU backend the same arithmetic in Burn's
//! ops), and Burn's `silu` as the reference.

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
use burn::tensor::activation::{sigmoid, silu};

use super::flex;
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

/// Burn's ops, in float32 as the kernels compute.
impl SwigluOps for Flex {
    fn fused_swiglu(gate: FloatTensor<Self>, up: FloatTensor<Self>) -> FloatTensor<Self> {
        let (shape, dtype) = (gate.shape(), gate.dtype());
        let gate = flex::rows(gate).cast(DType::F32);
        let up = flex::rows(up).cast(DType::F32);
        flex::unrows((silu(gate) * up).cast(dtype), shape)
    }

    /// With `s = sigmoid(gate)`: `d_up = g gate s`, `d_gate = g up s (1 + gate (1 - s))`.
    fn fused_swiglu_backward(
        gate: FloatTensor<Self>,
        up: FloatTensor<Self>,
        grad: FloatTensor<Self>,
    ) -> (FloatTensor<Self>, FloatTensor<Self>) {
        let (shape, dtypes) = (gate.shape(), (gate.dtype(), up.dtype()));
        let gate = flex::rows(gate).cast(DType::F32);
        let up = flex::rows(up).cast(DType::F32);
        let grad = flex::rows(grad).cast(DType::F32);
        let s = sigmoid(gate.clone());
        let grad_up = grad.clone() * gate.clone() * s.clone();
        let grad_gate = grad * up * s.clone() * (gate * (s.neg() + 1.0) + 1.0);
        (
            flex::unrows(grad_gate.cast(dtypes.0), shape.clone()),
            flex::unrows(grad_up.cast(dtypes.1), shape),
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
