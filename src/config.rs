//! The model configuration, read straight from an HF `config.json`.
//!
//! Fields remat does not use are kept in `extra`, so a fine-tuned model is saved with the
//! configuration it was loaded with.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// Rotary embedding parameters: HF's `rope_parameters` (transformers 5) or `rope_scaling` (4.x).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RopeParameters {
    /// `default` or `llama3`; transformers 4.x wrote it as `type`.
    #[serde(default, alias = "type", skip_serializing_if = "Option::is_none")]
    pub rope_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rope_theta: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub factor: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub low_freq_factor: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high_freq_factor: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original_max_position_embeddings: Option<usize>,
}

/// The rotary embedding a model uses, resolved from whichever fields its config carries.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Rope {
    /// `inv_freq[i] = theta^(-2i/d)`.
    Default { theta: f64 },
    /// Llama 3.1+ frequency scaling for long contexts.
    Llama3 {
        theta: f64,
        factor: f64,
        low_freq_factor: f64,
        high_freq_factor: f64,
        original_max_position_embeddings: usize,
    },
}

/// A Llama-family `config.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LlamaConfig {
    pub model_type: String,
    pub vocab_size: usize,
    pub hidden_size: usize,
    pub intermediate_size: usize,
    pub num_hidden_layers: usize,
    pub num_attention_heads: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub num_key_value_heads: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub head_dim: Option<usize>,
    #[serde(default = "default_rms_norm_eps")]
    pub rms_norm_eps: f64,
    #[serde(default = "default_max_position_embeddings")]
    pub max_position_embeddings: usize,
    #[serde(default)]
    pub tie_word_embeddings: bool,
    #[serde(default = "default_hidden_act")]
    pub hidden_act: String,
    #[serde(default)]
    pub attention_bias: bool,
    #[serde(default)]
    pub mlp_bias: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rope_theta: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rope_parameters: Option<RopeParameters>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rope_scaling: Option<RopeParameters>,
    #[serde(default = "default_initializer_range")]
    pub initializer_range: f64,
    #[serde(default)]
    pub use_cache: bool,
    /// Every other field of the file (token ids, architectures, dtype, ...), kept for saving.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// Bounds on the sizes of a config, far above any Llama model (Llama 3.1 405B: hidden 16384,
/// 126 layers, intermediate 53248, vocabulary 128256), and low enough that every byte count the
/// memory model makes fits in 64 bits.
const MAX_VOCAB: usize = 1 << 22;
const MAX_WIDTH: usize = 1 << 18;
const MAX_LAYERS: usize = 1 << 12;
const MAX_HEADS: usize = 1 << 12;
const MAX_POSITIONS: usize = 1 << 24;

fn default_rms_norm_eps() -> f64 {
    1e-6
}
fn default_max_position_embeddings() -> usize {
    2048
}
fn default_hidden_act() -> String {
    "silu".into()
}
fn default_initializer_range() -> f64 {
    0.02
}

impl LlamaConfig {
    /// A config with HF's defaults for everything but the sizes.
    pub fn new(
        vocab_size: usize,
        hidden_size: usize,
        intermediate_size: usize,
        num_hidden_layers: usize,
        num_attention_heads: usize,
        num_key_value_heads: usize,
    ) -> Self {
        Self {
            model_type: "llama".into(),
            vocab_size,
            hidden_size,
            intermediate_size,
            num_hidden_layers,
            num_attention_heads,
            num_key_value_heads: Some(num_key_value_heads),
            head_dim: None,
            rms_norm_eps: default_rms_norm_eps(),
            max_position_embeddings: default_max_position_embeddings(),
            tie_word_embeddings: false,
            hidden_act: default_hidden_act(),
            attention_bias: false,
            mlp_bias: false,
            rope_theta: Some(10_000.0),
            rope_parameters: None,
            rope_scaling: None,
            initializer_range: default_initializer_range(),
            use_cache: false,
            extra: Default::default(),
        }
    }

    /// Parses and validates the text of a `config.json`; `source` names it in errors.
    pub fn from_json(text: &str, source: &Path) -> Result<Self> {
        let config: Self = serde_json::from_str(text).map_err(|e| Error::Json {
            path: source.to_path_buf(),
            source: e,
        })?;
        config.validate()?;
        Ok(config)
    }

    /// Reads `dir/config.json`.
    pub fn load(dir: &Path) -> Result<Self> {
        let path = dir.join("config.json");
        let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
        Self::from_json(&text, &path)
    }

    /// The JSON HF transformers reads back (`LlamaForCausalLM`).
    pub fn to_json(&self) -> String {
        let mut config = self.clone();
        config
            .extra
            .entry("architectures")
            .or_insert_with(|| serde_json::json!(["LlamaForCausalLM"]));
        serde_json::to_string_pretty(&config).expect("a config always serializes")
    }

    /// `eos_token_id` (the first, when the file gives a list).
    pub fn eos_token_id(&self) -> Option<u32> {
        self.token_id("eos_token_id")
    }

    /// `bos_token_id` (the first, when the file gives a list).
    pub fn bos_token_id(&self) -> Option<u32> {
        self.token_id("bos_token_id")
    }

    fn token_id(&self, field: &str) -> Option<u32> {
        let value = self.extra.get(field)?;
        let first = value.as_array().and_then(|a| a.first()).unwrap_or(value);
        first.as_u64().and_then(|id| u32::try_from(id).ok())
    }

    /// Sets `bos_token_id` and `eos_token_id` (a model trained from scratch on documents joined
    /// by one end-of-text token).
    pub fn set_special_tokens(&mut self, eos: u32) {
        self.extra.insert("bos_token_id".into(), eos.into());
        self.extra.insert("eos_token_id".into(), eos.into());
    }

    pub fn num_key_value_heads(&self) -> usize {
        self.num_key_value_heads.unwrap_or(self.num_attention_heads)
    }

    pub fn head_dim(&self) -> usize {
        self.head_dim
            .unwrap_or(self.hidden_size / self.num_attention_heads)
    }

    /// The rotary embedding, from `rope_parameters`, `rope_scaling` and `rope_theta`.
    pub fn rope(&self) -> Result<Rope> {
        let params = self.rope_parameters.as_ref().or(self.rope_scaling.as_ref());
        let field = if self.rope_parameters.is_some() {
            "rope_parameters"
        } else {
            "rope_scaling"
        };
        // Every value must be a positive number: a zero, negative or infinite theta or factor
        // makes every rotation NaN.
        let positive = |v: f64, name: &str| {
            if v.is_finite() && v > 0.0 {
                Ok(v)
            } else {
                Err(Error::config(
                    name,
                    format!("{v} must be a positive number"),
                ))
            }
        };
        let theta = match params.and_then(|p| p.rope_theta) {
            Some(theta) => positive(theta, &format!("{field}.rope_theta"))?,
            None => positive(self.rope_theta.unwrap_or(10_000.0), "rope_theta")?,
        };
        let kind = params
            .and_then(|p| p.rope_type.as_deref())
            .unwrap_or("default");
        match kind {
            "default" => Ok(Rope::Default { theta }),
            "llama3" => {
                let p = params.expect("a rope_type comes from the parameters");
                let need = |v: Option<f64>, name: &str| {
                    let name = format!("{field}.{name}");
                    let v =
                        v.ok_or_else(|| Error::config(&name, "missing for rope_type llama3"))?;
                    positive(v, &name)
                };
                let (low, high) = (
                    need(p.low_freq_factor, "low_freq_factor")?,
                    need(p.high_freq_factor, "high_freq_factor")?,
                );
                if high <= low {
                    return Err(Error::config(
                        &format!("{field}.high_freq_factor"),
                        format!("{high} must be above low_freq_factor ({low})"),
                    ));
                }
                Ok(Rope::Llama3 {
                    theta,
                    factor: need(p.factor, "factor")?,
                    low_freq_factor: low,
                    high_freq_factor: high,
                    original_max_position_embeddings: match p.original_max_position_embeddings {
                        Some(n) if n > 0 => n,
                        found => {
                            let name = format!("{field}.original_max_position_embeddings");
                            return Err(Error::config(
                                &name,
                                match found {
                                    None => "missing for rope_type llama3",
                                    Some(_) => "must be at least 1",
                                },
                            ));
                        }
                    },
                })
            }
            other => Err(Error::config(
                &format!("{field}.rope_type"),
                format!("`{other}` is not supported (supported: default, llama3)"),
            )),
        }
    }

    /// Checks that remat can build this model, naming the first field that it cannot.
    pub fn validate(&self) -> Result<()> {
        if self.model_type != "llama" {
            return Err(Error::config(
                "model_type",
                format!("`{}` is not supported (supported: llama)", self.model_type),
            ));
        }
        for (field, value, max) in [
            ("vocab_size", self.vocab_size, MAX_VOCAB),
            ("hidden_size", self.hidden_size, MAX_WIDTH),
            ("intermediate_size", self.intermediate_size, MAX_WIDTH),
            ("num_hidden_layers", self.num_hidden_layers, MAX_LAYERS),
            ("num_attention_heads", self.num_attention_heads, MAX_HEADS),
            ("num_key_value_heads", self.num_key_value_heads(), MAX_HEADS),
            ("head_dim", self.head_dim.unwrap_or(1), MAX_HEADS),
            (
                "max_position_embeddings",
                self.max_position_embeddings,
                MAX_POSITIONS,
            ),
        ] {
            if value == 0 {
                return Err(Error::config(field, "must be at least 1"));
            }
            if value > max {
                return Err(Error::config(
                    field,
                    format!(
                        "{value} is beyond what remat builds (at most {max}; the largest Llama models stay far below)"
                    ),
                ));
            }
        }
        if self.head_dim.is_none() && !self.hidden_size.is_multiple_of(self.num_attention_heads) {
            return Err(Error::config(
                "hidden_size",
                format!(
                    "{} is not divisible by num_attention_heads = {} (and no head_dim is given)",
                    self.hidden_size, self.num_attention_heads
                ),
            ));
        }
        if !self.head_dim().is_multiple_of(2) || self.head_dim() == 0 {
            return Err(Error::config(
                "head_dim",
                format!("{} must be even for rotary embeddings", self.head_dim()),
            ));
        }
        if !self
            .num_attention_heads
            .is_multiple_of(self.num_key_value_heads())
        {
            return Err(Error::config(
                "num_key_value_heads",
                format!(
                    "num_attention_heads = {} is not a multiple of num_key_value_heads = {}",
                    self.num_attention_heads,
                    self.num_key_value_heads()
                ),
            ));
        }
        if self.hidden_act != "silu" {
            return Err(Error::config(
                "hidden_act",
                format!("`{}` is not supported (supported: silu)", self.hidden_act),
            ));
        }
        if self.attention_bias {
            return Err(Error::config("attention_bias", "true is not supported"));
        }
        if self.mlp_bias {
            return Err(Error::config("mlp_bias", "true is not supported"));
        }
        if !(self.rms_norm_eps.is_finite() && self.rms_norm_eps > 0.0) {
            return Err(Error::config(
                "rms_norm_eps",
                format!("{} must be a positive number", self.rms_norm_eps),
            ));
        }
        if !(self.initializer_range.is_finite() && self.initializer_range >= 0.0) {
            return Err(Error::config(
                "initializer_range",
                format!("{} must be 0 or a positive number", self.initializer_range),
            ));
        }
        self.rope().map(|_| ())
    }

    /// This config as training uses it: training never keeps a KV cache, so `use_cache: true`
    /// is switched off with one warning, as HF does under gradient checkpointing.
    pub fn for_training(mut self) -> Self {
        if self.use_cache {
            tracing::warn!("use_cache=true is incompatible with training; setting use_cache=false");
            self.use_cache = false;
        }
        self
    }

    /// Parameter count, embeddings (and an untied head) included.
    pub fn num_params(&self) -> usize {
        let (d, v, f) = (self.hidden_size, self.vocab_size, self.intermediate_size);
        let q = self.num_attention_heads * self.head_dim();
        let kv = self.num_key_value_heads() * self.head_dim();
        let layer = d * q + 2 * d * kv + q * d + 3 * d * f + 2 * d;
        let head = if self.tie_word_embeddings { 0 } else { v * d };
        v * d + self.num_hidden_layers * layer + d + head
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> Result<LlamaConfig> {
        LlamaConfig::from_json(json, Path::new("config.json"))
    }

    const BASE: &str = r#""model_type": "llama", "vocab_size": 32, "hidden_size": 16,
        "intermediate_size": 40, "num_hidden_layers": 2, "num_attention_heads": 4"#;

    #[test]
    fn rope_theta_from_either_field() {
        let top = parse(&format!("{{{BASE}, \"rope_theta\": 500000.0}}")).unwrap();
        assert_eq!(top.rope().unwrap(), Rope::Default { theta: 500000.0 });
        let nested = parse(&format!(
            "{{{BASE}, \"rope_parameters\": {{\"rope_type\": \"default\", \"rope_theta\": 250000.0}}}}"
        ))
        .unwrap();
        assert_eq!(nested.rope().unwrap(), Rope::Default { theta: 250000.0 });
        assert_eq!(nested.num_key_value_heads(), 4);
        assert_eq!(nested.head_dim(), 4);
    }

    #[test]
    fn unknown_fields_survive_a_round_trip() {
        let config = parse(&format!(
            "{{{BASE}, \"bos_token_id\": 1, \"torch_dtype\": \"bfloat16\"}}"
        ))
        .unwrap();
        let again = parse(&config.to_json()).unwrap();
        assert_eq!(again.extra["bos_token_id"], 1);
        assert_eq!(again.extra["architectures"][0], "LlamaForCausalLM");
        assert_eq!(again.hidden_size, 16);
    }

    #[test]
    fn errors_name_the_field() {
        let cases = [
            (r#"{"model_type": "gpt2"}"#, "missing field `vocab_size`"),
            (
                &format!("{{{BASE}}}").replace("llama", "gpt2"),
                "model_type",
            ),
            (
                &format!("{{{BASE}, \"num_key_value_heads\": 3}}"),
                "num_key_value_heads",
            ),
            (
                &format!("{{{BASE}, \"hidden_act\": \"gelu\"}}"),
                "hidden_act",
            ),
            (
                &format!("{{{BASE}, \"rope_scaling\": {{\"type\": \"yarn\", \"factor\": 4.0}}}}"),
                "rope_scaling.rope_type",
            ),
            (
                &format!(
                    "{{{BASE}, \"rope_parameters\": {{\"rope_type\": \"llama3\", \"factor\": 4.0}}}}"
                ),
                "rope_parameters.low_freq_factor",
            ),
            (&format!("{{{BASE}, \"hidden_size\": 17}}"), "hidden_size"),
            (
                &format!("{{{BASE}, \"rope_theta\": 0.0}}"),
                "config field `rope_theta`: 0 must be a positive number",
            ),
            (&format!("{{{BASE}, \"rope_theta\": -5.0}}"), "rope_theta"),
            (
                &format!(
                    "{{{BASE}, \"rope_parameters\": {{\"rope_type\": \"llama3\", \"factor\": 0.0, \"low_freq_factor\": 1.0, \"high_freq_factor\": 4.0, \"original_max_position_embeddings\": 16}}}}"
                ),
                "rope_parameters.factor",
            ),
            (
                &format!(
                    "{{{BASE}, \"rope_parameters\": {{\"rope_type\": \"llama3\", \"factor\": 8.0, \"low_freq_factor\": 4.0, \"high_freq_factor\": 4.0, \"original_max_position_embeddings\": 16}}}}"
                ),
                "rope_parameters.high_freq_factor",
            ),
            (
                &format!("{{{BASE}}}")
                    .replace("\"num_hidden_layers\": 2", "\"num_hidden_layers\": 1000000"),
                "num_hidden_layers`: 1000000 is beyond",
            ),
            (
                &format!("{{{BASE}}}")
                    .replace("\"hidden_size\": 16", "\"hidden_size\": 1000000000000"),
                "hidden_size",
            ),
            (
                &format!("{{{BASE}, \"rms_norm_eps\": -1.0}}"),
                "rms_norm_eps",
            ),
            ("{\"vocab_size\": ", "config.json: invalid JSON"),
        ];
        for (json, expected) in cases {
            let message = parse(json).unwrap_err().to_string();
            assert!(
                message.contains(expected),
                "{message:?} should mention {expected:?}"
            );
        }
    }

    #[test]
    fn use_cache_is_switched_off_for_training() {
        let config = parse(&format!("{{{BASE}, \"use_cache\": true}}")).unwrap();
        assert!(config.use_cache);
        assert!(!config.for_training().use_cache);
    }
}
