//! AdamW with PyTorch's defaults and semantics (decoupled weight decay, bias correction).

use burn::optim::ModuleOptimizer;

use crate::kernels::adamw::FusedAdamW;

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
    /// The optimizer for every parameter of a module: the fused kernel where the kernels in
    /// effect run (see [`crate::kernels`]), Burn's AdamW elsewhere, with one saved format.
    pub fn init(&self) -> ModuleOptimizer {
        FusedAdamW::new(self.beta1, self.beta2, self.eps, self.weight_decay).into()
    }
}
