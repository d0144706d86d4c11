//! AdamW's update of one parameter: the fused kernel (in [`super::adamw_cube`]) as a Burn
//! backend operation, and Burn's `AdamW` as the reference. [`FusedAdamW`] is a Burn optimizer
//! that takes the kernel where it runs and Burn's AdamW elsewhere, with Burn's state type, so
//! that saved optimizer state (`optimizer.bpk`) is the same either way.

use burn::backend::tensor::FloatTensor;
use burn::backend::{Backend, Cube, Dispatch, backend_extension};
use burn::optim::{AdamW, AdamWConfig, AdamWState, AdaptiveMomentumState, LearningRate, Optimizer};
use burn::prelude::*;

pub use super::adamw_cube::Scalars;
use super::adamw_cube::launch;

/// The fused AdamW step as a backend operation: CubeCL runtimes (wgpu, CUDA). Optimizers run
/// outside autodiff, so there is no autodiff version.
#[backend_extension(Cube)]
pub trait AdamWOps: Backend {
    /// The parameter and both moments after one step.
    fn fused_adamw(
        param: FloatTensor<Self>,
        grad: FloatTensor<Self>,
        moment1: FloatTensor<Self>,
        moment2: FloatTensor<Self>,
        scalars: Scalars,
    ) -> (FloatTensor<Self>, FloatTensor<Self>, FloatTensor<Self>);
}

impl AdamWOps for Cube {
    fn fused_adamw(
        param: FloatTensor<Self>,
        grad: FloatTensor<Self>,
        moment1: FloatTensor<Self>,
        moment2: FloatTensor<Self>,
        scalars: Scalars,
    ) -> (FloatTensor<Self>, FloatTensor<Self>, FloatTensor<Self>) {
        launch(param, grad, moment1, moment2, scalars)
    }
}

/// AdamW with decoupled weight decay (PyTorch's semantics, Burn's arithmetic): the fused kernel
/// for f32 parameters on a CubeCL device under `--kernels fused`, Burn's `AdamW` otherwise.
#[derive(Clone)]
pub struct FusedAdamW {
    beta1: f32,
    beta2: f32,
    eps: f32,
    weight_decay: f32,
    reference: AdamW,
}

impl FusedAdamW {
    pub fn new(beta1: f32, beta2: f32, eps: f32, weight_decay: f32) -> Self {
        let reference = AdamWConfig::new()
            .with_beta_1(beta1)
            .with_beta_2(beta2)
            .with_epsilon(eps)
            .with_weight_decay(weight_decay)
            .build();
        Self {
            beta1,
            beta2,
            eps,
            weight_decay,
            reference,
        }
    }

    /// The scalars of step `time` (1-based) at learning rate `lr`, as Burn's AdamW computes
    /// them.
    pub fn scalars(&self, lr: LearningRate, time: usize) -> Scalars {
        let t = time as i32;
        Scalars {
            lr: lr as f32,
            beta1: self.beta1,
            beta2: self.beta2,
            correction1: 1.0 - self.beta1.powi(t),
            correction2: 1.0 - self.beta2.powi(t),
            eps: self.eps,
            decay: (1.0 - lr * self.weight_decay as f64) as f32,
        }
    }
}

impl Optimizer for FusedAdamW {
    type State<const D: usize> = AdamWState<D>;

    fn step<const D: usize>(
        &self,
        lr: LearningRate,
        tensor: Tensor<D>,
        grad: Tensor<D>,
        state: Option<Self::State<D>>,
    ) -> (Tensor<D>, Option<Self::State<D>>) {
        if !super::use_fused(&tensor.device(), tensor.dtype()) {
            return self.reference.step(lr, tensor, grad, state);
        }
        let grad = grad.inner();
        // A first step from zero moments is Burn's first step: 0 β + (1 - β) g = (1 - β) g.
        let (time, moment1, moment2) = match state {
            Some(s) => (
                s.momentum.time + 1,
                s.momentum.moment_1,
                s.momentum.moment_2,
            ),
            None => (1, grad.zeros_like(), grad.zeros_like()),
        };
        let (param, moment1, moment2) = <Dispatch as AdamWOps>::fused_adamw(
            tensor.into_dispatch(),
            grad.into_dispatch(),
            moment1.into_dispatch(),
            moment2.into_dispatch(),
            self.scalars(lr, time),
        );
        let momentum = AdaptiveMomentumState::new(
            time,
            Tensor::from_dispatch(moment1),
            Tensor::from_dispatch(moment2),
        );
        (
            Tensor::from_dispatch(param),
            Some(AdamWState::new(momentum)),
        )
    }

    fn to_device<const D: usize>(mut state: Self::State<D>, device: &Device) -> Self::State<D> {
        state.momentum = state.momentum.to_device(device);
        state
    }
}
