//! Model sizes by name, for training from scratch and for planning runs of known models.

use crate::config::{LlamaConfig, RopeParameters};
use crate::error::{Error, Result};

/// The names [`preset`] knows.
pub const PRESETS: [&str; 6] = [
    "tiny",
    "small",
    "llama-3.2-1b",
    "llama-3.2-3b",
    "llama-2-7b",
    "llama-3.1-8b",
];

/// The config of a named size.
///
/// - `tiny`: 0.9M parameters (vocabulary 512, the default BPE of `remat train`), learns a
///   small text in minutes on a CPU.
/// - `small`: 25M parameters (hidden 512, 8 layers), the executor benchmark's second config.
/// - `llama-3.2-1b`, `llama-3.2-3b`: the shapes of Meta's Llama 3.2 1B and 3B (vocabulary
///   128256, tied embeddings, llama3 RoPE scaling), with random weights.
/// - `llama-2-7b`: Llama 2 7B (vocabulary 32000, 32 heads without GQA, 4096 positions).
/// - `llama-3.1-8b`: Llama 3.1 8B (vocabulary 128256, GQA 4:1, untied head, llama3 RoPE
///   scaling by 8): the models people fine-tune with LoRA on 24 GB cards.
pub fn preset(name: &str) -> Result<LlamaConfig> {
    let llama3 = |hidden, intermediate, layers, heads, factor| {
        let mut config = LlamaConfig::new(128_256, hidden, intermediate, layers, heads, 8);
        config.rms_norm_eps = 1e-5;
        config.max_position_embeddings = 131_072;
        config.rope_theta = None;
        config.rope_parameters = Some(RopeParameters {
            rope_type: Some("llama3".into()),
            rope_theta: Some(500_000.0),
            factor: Some(factor),
            low_freq_factor: Some(1.0),
            high_freq_factor: Some(4.0),
            original_max_position_embeddings: Some(8192),
        });
        config
    };
    let llama32 = |hidden, layers, heads| {
        let mut config = llama3(hidden, 8192, layers, heads, 32.0);
        config.tie_word_embeddings = true;
        config
    };
    let llama2_7b = || {
        let mut config = LlamaConfig::new(32_000, 4096, 11_008, 32, 32, 32);
        config.rms_norm_eps = 1e-5;
        config.max_position_embeddings = 4096;
        config
    };
    Ok(match name {
        "tiny" => LlamaConfig::new(512, 128, 344, 4, 4, 2),
        "small" => LlamaConfig::new(2048, 512, 1376, 8, 8, 4),
        "llama-3.2-1b" => llama32(2048, 16, 32),
        "llama-3.2-3b" => llama32(3072, 28, 24),
        "llama-2-7b" => llama2_7b(),
        "llama-3.1-8b" => llama3(4096, 14_336, 32, 32, 8.0),
        other => {
            return Err(Error::input(
                "preset",
                format!("`{other}` is not a preset ({})", PRESETS.join(", ")),
            ));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_are_valid_and_sized_like_their_models() {
        for name in PRESETS {
            preset(name).unwrap().validate().unwrap();
        }
        // Llama 3.2 1B has 1.236B parameters, 3B has 3.213B (tied embeddings).
        assert_eq!(preset("llama-3.2-1b").unwrap().num_params(), 1_235_814_400);
        assert_eq!(preset("llama-3.2-3b").unwrap().num_params(), 3_212_749_824);
        // Llama 2 7B: 6.738B; Llama 3.1 8B: 8.030B (untied).
        assert_eq!(preset("llama-2-7b").unwrap().num_params(), 6_738_415_616);
        assert_eq!(preset("llama-3.1-8b").unwrap().num_params(), 8_030_261_248);
        assert!(
            preset("huge")
                .unwrap_err()
                .to_string()
                .contains("not a preset")
        );
    }
}
