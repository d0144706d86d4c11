//! The SwiGLU feed-forward block.

use burn::nn::Linear;
use burn::prelude::*;

use super::pass::Pass;
use super::{linear_no_bias, project};
use crate::config::LlamaConfig;

#[derive(Module, Debug)]
pub struct Mlp {
    pub gate_proj: Linear,
    pub up_proj: Linear,
    pub down_proj: Linear,
}

impl Mlp {
    pub fn new(config: &LlamaConfig, device: &Device) -> Self {
        let (d, f) = (config.hidden_size, config.intermediate_size);
        Self {
            gate_proj: linear_no_bias(d, f, config, device),
            up_proj: linear_no_bias(d, f, config, device),
            down_proj: linear_no_bias(f, d, config, device),
        }
    }

    /// `[batch, seq, hidden] -> [batch, seq, hidden]`: `down(silu(gate(x)) * up(x))`.
    pub fn forward(&self, x: Tensor<3>, pass: &Pass) -> Tensor<3> {
        let k = pass.kernels;
        let gate = project(&self.gate_proj, x.clone(), k);
        let up = project(&self.up_proj, x, k);
        project(&self.down_proj, k.swiglu(gate, up), k)
    }
}
