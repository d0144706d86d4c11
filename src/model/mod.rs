//! The Llama-family decoder, one concern per file. Field names follow HF's tensor names, so
//! `weights` maps every parameter to its HF name by its module path.

pub mod attention;
pub mod cache;
pub mod hf_names;
pub mod layer;
pub mod llama;
pub mod lora;
pub mod loss;
pub mod mlp;
pub mod pass;
pub mod projection;
pub mod rope;

use burn::nn::{Initializer, Linear, LinearConfig};
use burn::prelude::*;

use crate::config::LlamaConfig;

/// HF's initialization: weights drawn from `N(0, initializer_range)`.
pub(crate) fn initializer(config: &LlamaConfig) -> Initializer {
    Initializer::Normal {
        mean: 0.0,
        std: config.initializer_range,
    }
}

/// The LM head: a bias-free projection, `[.., d_in] -> [.., d_out]`, stored `[d_in, d_out]` (HF
/// stores the transpose). A decoder layer's are [`projection::Projection`]s.
pub(crate) fn linear_no_bias(
    d_in: usize,
    d_out: usize,
    config: &LlamaConfig,
    device: &Device,
) -> Linear {
    LinearConfig::new(d_in, d_out)
        .with_bias(false)
        .with_initializer(initializer(config))
        .init(device)
}
