//! One decoder layer: pre-norm attention and pre-norm SwiGLU, each with a residual.

use burn::nn::{RmsNorm, RmsNormConfig};
use burn::prelude::*;

use super::attention::Attention;
use super::cache::LayerCache;
use super::mlp::Mlp;
use super::pass::Pass;
use crate::config::LlamaConfig;
use crate::kernels::InputOf;

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

    /// `[batch, seq, hidden] -> [batch, seq, hidden]`. The norms' outputs are not kept for the
    /// projections that read them: the fused backward normalizes the residual again.
    pub fn forward(&self, x: Tensor<3>, pass: &Pass) -> Tensor<3> {
        let of = norm_of(&self.input_layernorm, x.clone());
        let normed = norm(&self.input_layernorm, x.clone(), pass);
        let x = x + self.self_attn.forward(normed, Some(&of), pass);
        let of = norm_of(&self.post_attention_layernorm, x.clone());
        let normed = norm(&self.post_attention_layernorm, x.clone(), pass);
        x + self.mlp.forward(normed, Some(&of), pass)
    }

    /// Inference over new positions with this layer's key/value cache.
    pub fn forward_cached(&self, x: Tensor<3>, pass: &Pass, cache: &mut LayerCache) -> Tensor<3> {
        let x = x.clone()
            + self
                .self_attn
                .forward_cached(norm(&self.input_layernorm, x, pass), pass, cache);
        let normed = norm(&self.post_attention_layernorm, x.clone(), pass);
        x + self.mlp.forward(normed, None, pass)
    }
}

/// What `norm` of `x` is made of, for the projections that read it.
fn norm_of(norm: &RmsNorm, x: Tensor<3>) -> InputOf {
    InputOf::RmsNorm {
        input: x,
        weight: norm.gamma.val(),
        epsilon: norm.epsilon,
    }
}

/// `norm` applied to `x` `[.., d]` by the pass's kernels.
pub(crate) fn norm<const D: usize>(norm: &RmsNorm, x: Tensor<D>, pass: &Pass) -> Tensor<D> {
    pass.kernels.rms_norm(x, norm.gamma.val(), norm.epsilon)
}
