//! Model sizes by name, for training from scratch and for planning runs of known models.

use crate::config::{LlamaConfig, RopeParameters};
use crate::error::{Error, Result};

/// The names [`preset`] knows.
pub const PRESETS: [&str; 4] = ["tiny", "small", "llama-3.2-1b", "llama-3.2-3b"];

/// The config of a named size.
///
/// - `tiny`: 0.9M parameters (vocabulary 512, the default BPE of `remat train`), learns a
///   small text in minutes on a CPU.
/// - `small`: 25M parameters (hidden 512, 8 layers), the executor benchmark's second config.
/// - `llama-3.2-1b`, `llama-3.2-3b`: the shapes of Meta's Llama 3.2 1B and 3B (vocabulary
///   128256, tied embeddings, llama3 RoPE scaling), with random weights.
pub fn preset(name: &str) -> Result<LlamaConfig> {
    let llama32 = |hidden, layers, heads| {
        let mut config = LlamaConfig::new(128_256, hidden, 8192, layers, heads, 8);
        config.tie_word_embeddings = true;
        config.rms_norm_eps = 1e-5;
        config.max_position_embeddings = 131_072;
        config.rope_theta = None;
        config.rope_parameters = Some(RopeParameters {
            rope_type: Some("llama3".into()),
            rope_theta: Some(500_000.0),
            factor: Some(32.0),
            low_freq_factor: Some(1.0),
            high_freq_factor: Some(4.0),
            original_max_position_embeddings: Some(8192),
        });
        config
    };
    Ok(match name {
        "tiny" => LlamaConfig::new(512, 128, 344, 4, 4, 2),
        "small" => LlamaConfig::new(2048, 512, 1376, 8, 8, 4),
        "llama-3.2-1b" => llama32(2048, 16, 32),
        "llama-3.2-3b" => llama32(3072, 28, 24),
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
        assert!(
            preset("huge")
                .unwrap_err()
                .to_string()
                .contains("not a preset")
        );
    }
}
