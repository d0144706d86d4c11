//! One decoder layer: pre-norm attention and pre-norm SwiGLU, each with a residual.

use burn::nn::{RmsNorm, RmsNormConfig};
use burn::prelude::*;

use super::attention::Attention;
use super::cache::LayerCache;
use super::mlp::Mlp;
use super::pass::Pass;
use crate::config::LlamaConfig;

#[derive(Module, Debug)]
pub struct DecoderLayer {
    pub input_layernorm: RmsNorm,
    pub self_attn: Attention,
    pub post_attention_layernorm: RmsNorm,
    pub mlp: Mlp,
}

impl DecoderLayer {
    pub fn new(config: &LlamaConfig, device: &Device) -> Self {
        let d = config.hidden_size;
        let norm = || {
            RmsNormConfig::new(d)
                .with_epsilon(config.rms_norm_eps)
                .init(device)
        };
        Self {
            input_layernorm: norm(),
            self_attn: Attention::new(config, device),
            post_attention_layernorm: norm(),
            mlp: Mlp::new(config, device),
        }
    }

    /// `[batch, seq, hidden] -> [batch, seq, hidden]`.
    pub fn forward(&self, x: Tensor<3>, pass: &Pass) -> Tensor<3> {
        let x = x.clone()
            + self
                .self_attn
                .forward(norm(&self.input_layernorm, x, pass), pass);
        x.clone()
            + self
                .mlp
                .forward(norm(&self.post_attention_layernorm, x, pass), pass)
    }

    /// Inference over new positions with this layer's key/value cache.
    pub fn forward_cached(&self, x: Tensor<3>, pass: &Pass, cache: &mut LayerCache) -> Tensor<3> {
        let x = x.clone()
            + self
                .self_attn
                .forward_cached(norm(&self.input_layernorm, x, pass), pass, cache);
        x.clone()
            + self
                .mlp
                .forward(norm(&self.post_attention_layernorm, x, pass), pass)
    }
}

/// `norm` applied to `x` `[.., d]` by the pass's kernels.
pub(crate) fn norm<const D: usize>(norm: &RmsNorm, x: Tensor<D>, pass: &Pass) -> Tensor<D> {
    pass.kernels.rms_norm(x, norm.gamma.val(), norm.epsilon)
}
