//! The SwiGLU feed-forward block.

use burn::prelude::*;

use super::pass::Pass;
use super::projection::Projection;
use crate::config::LlamaConfig;
use crate::kernels::InputOf;

#[derive(Module, Debug)]
pub struct Mlp {
    pub gate_proj: Projection,
    pub up_proj: Projection,
    pub down_proj: Projection,
}

impl Mlp {
    pub fn new(config: &LlamaConfig, device: &Device) -> Self {
        let (d, f) = (config.hidden_size, config.intermediate_size);
        Self {
            gate_proj: Projection::new(d, f, config, device),
            up_proj: Projection::new(d, f, config, device),
            down_proj: Projection::new(f, d, config, device),
        }
    }

    /// `[batch, seq, hidden] -> [batch, seq, hidden]`: `down(silu(gate(x)) * up(x))`. The
    /// product `[batch, seq, intermediate]` is not kept for `down_proj`'s gradients: the fused
    /// backward rebuilds it from `gate` and `up` (and `x` from `of`, where given).
    pub fn forward(&self, x: Tensor<3>, of: Option<&InputOf>, pass: &Pass) -> Tensor<3> {
        let k = pass.kernels;
        let gate = self.gate_proj.forward_of(x.clone(), of, k);
        let up = self.up_proj.forward_of(x, of, k);
        let product = k.swiglu(gate.clone(), up.clone());
        let of = InputOf::Swiglu { gate, up };
        self.down_proj.forward_of(product, Some(&of), k)
    }
}
