//! AdamW with PyTorch's defaults and semantics (decoupled weight decay, bias correction): the
//! fused kernel where it runs, Burn's AdamW elsewhere, with Burn's state type either way, so
//! that saved optimizer state (`optimizer.bpk`) is the same.

use burn::optim::{
    AdamWConfig, AdamWState, AdaptiveMomentumState, LearningRate, ModuleOptimizer, Optimizer,
};
use burn::prelude::*;

use crate::kernels::Kernels;
use crate::kernels::adamw::{self, Scalars};

/// `torch.optim.AdamW` hyper-parameters, with its defaults.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct AdamW {
    pub beta1: f32,
    pub beta2: f32,
    pub eps: f32,
    pub weight_decay: f32,
}

impl Default for AdamW {
    fn default() -> Self {
        Self {
            beta1: 0.9,
            beta2: 0.999,
            eps: 1e-8,
            weight_decay: 0.01,
        }
    }
}

impl AdamW {
    /// The optimizer for every parameter of a module, taking the fused kernel where `kernels`
    /// runs it.
    pub fn init(&self, kernels: Kernels) -> ModuleOptimizer {
        FusedAdamW::new(*self, kernels).into()
    }
}

/// AdamW as a Burn optimizer: the fused kernel for f32 parameters on a CubeCL device under
/// [`Kernels::Fused`], Burn's `AdamW` (the kernel's reference) otherwise.
#[derive(Clone)]
pub struct FusedAdamW {
    settings: AdamW,
    kernels: Kernels,
    reference: burn::optim::AdamW,
}

impl FusedAdamW {
    pub fn new(settings: AdamW, kernels: Kernels) -> Self {
        let reference = AdamWConfig::new()
            .with_beta_1(settings.beta1)
            .with_beta_2(settings.beta2)
            .with_epsilon(settings.eps)
            .with_weight_decay(settings.weight_decay)
            .build();
        Self {
            settings,
            kernels,
            reference,
        }
    }

    /// The scalars of step `time` (1-based) at learning rate `lr`, as Burn's AdamW computes
    /// them.
    pub fn scalars(&self, lr: LearningRate, time: usize) -> Scalars {
        let AdamW {
            beta1,
            beta2,
            eps,
            weight_decay,
        } = self.settings;
        let t = time as i32;
        Scalars {
            lr: lr as f32,
            beta1,
            beta2,
            correction1: 1.0 - beta1.powi(t),
            correction2: 1.0 - beta2.powi(t),
            eps,
            decay: (1.0 - lr * weight_decay as f64) as f32,
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
        // Trained parameters are float32 masters in every precision: the kernel is f32 only.
        let f32_master = tensor.dtype() == burn::tensor::DType::F32;
        if !(f32_master
            && self
                .kernels
                .fuses_on_cubecl(&tensor.device(), tensor.dtype()))
        {
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
        let (param, moment1, moment2) =
            adamw::fused(tensor, grad, moment1, moment2, self.scalars(lr, time));
        let momentum = AdaptiveMomentumState::new(time, moment1, moment2);
        (param, Some(AdamWState::new(momentum)))
    }

    fn to_device<const D: usize>(mut state: Self::State<D>, device: &Device) -> Self::State<D> {
        state.momentum = state.momentum.to_device(device);
        state
    }
}
