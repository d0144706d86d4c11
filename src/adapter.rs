//! PEFT LoRA adapter folders: `adapter_config.json` and `adapter_model.safetensors`, as
//! `PeftModel.save_pretrained` writes them and `PeftModel.from_pretrained` reads them. remat
//! reads its own and PEFT's, and writes what PEFT reads.

use std::path::{Path, PathBuf};

use burn::tensor::DType;

use crate::error::{Error, Result};
use crate::model::llama::Llama;
use crate::model::lora::{LoraConfig, Target};
use crate::weights::TensorStore;

pub const CONFIG_FILE: &str = "adapter_config.json";
pub const WEIGHTS_FILE: &str = "adapter_model.safetensors";

/// What an `adapter_config.json` says, as far as remat runs it.
#[derive(Debug, Clone, PartialEq)]
pub struct AdapterConfig {
    pub lora: LoraConfig,
    /// `base_model_name_or_path`: the base model's folder (or hub name).
    pub base_model: Option<String>,
    /// `lora_dropout`: PEFT's dropout on the adapters' input in training.
    pub dropout: f64,
}

/// Whether `dir` holds a PEFT adapter.
pub fn is_adapter(dir: &Path) -> bool {
    dir.join(CONFIG_FILE).is_file()
}

impl AdapterConfig {
    /// Parses an `adapter_config.json`; `file` names it in errors. A setting remat does not run
    /// (DoRA, rsLoRA, biases, per-layer ranks, extra trained modules) is an error naming it.
    pub fn from_json(text: &str, file: &str) -> Result<Self> {
        let json: serde_json::Value = serde_json::from_str(text)
            .map_err(|e| Error::input(file, format!("invalid JSON: {e}")))?;
        let field = |name: &str| json.get(name).filter(|v| !v.is_null());
        let bad = |name: &str, message: String| Error::input(format!("{file}: `{name}`"), message);
        match field("peft_type").and_then(|v| v.as_str()) {
            Some("LORA") => {}
            other => {
                return Err(bad(
                    "peft_type",
                    format!("{other:?}: remat runs LoRA adapters (\"LORA\") only"),
                ));
            }
        }
        let rank = field("r")
            .and_then(|v| v.as_u64())
            .ok_or_else(|| bad("r", "missing, or not a whole number".into()))?
            as usize;
        let alpha = match field("lora_alpha") {
            None => 8.0, // PEFT's default
            Some(v) => v
                .as_f64()
                .ok_or_else(|| bad("lora_alpha", format!("{v}: not a number")))?,
        };
        let dropout = field("lora_dropout")
            .and_then(|v| v.as_f64())
            .unwrap_or(0.0);
        let targets = match field("target_modules") {
            Some(serde_json::Value::String(s)) if s == "all-linear" => Target::ALL.to_vec(),
            Some(serde_json::Value::Array(names)) => {
                let mut targets = Vec::new();
                for name in names {
                    let name = name.as_str().unwrap_or_default();
                    let target: Target = name.parse().map_err(|_| {
                        bad(
                            "target_modules",
                            format!("`{name}` is not a projection of a Llama layer"),
                        )
                    })?;
                    if !targets.contains(&target) {
                        targets.push(target);
                    }
                }
                // In a layer's order, whatever order the file lists them in.
                Target::ALL
                    .into_iter()
                    .filter(|t| targets.contains(t))
                    .collect()
            }
            other => {
                return Err(bad(
                    "target_modules",
                    format!("{other:?}: expected a list of projection names or \"all-linear\""),
                ));
            }
        };
        let unsupported = [
            ("use_dora", "DoRA"),
            ("use_rslora", "rank-stabilized LoRA"),
            ("fan_in_fan_out", "Conv1D (GPT-2) layouts"),
            ("lora_bias", "adapter biases"),
            ("use_qalora", "QA-LoRA"),
            ("use_bdlora", "block-diagonal LoRA"),
        ];
        for (name, what) in unsupported {
            if field(name).and_then(|v| v.as_bool()) == Some(true) {
                return Err(bad(name, format!("true: remat does not run {what}")));
            }
        }
        if let Some(bias) = field("bias").and_then(|v| v.as_str())
            && bias != "none"
        {
            return Err(bad(
                "bias",
                format!("\"{bias}\": remat's adapters have no biases (\"none\")"),
            ));
        }
        for name in [
            "modules_to_save",
            "layers_to_transform",
            "rank_pattern",
            "alpha_pattern",
            "exclude_modules",
            "layer_replication",
            "target_parameters",
            "trainable_token_indices",
            "alora_invocation_tokens",
        ] {
            let empty = match field(name) {
                None => true,
                Some(serde_json::Value::Array(a)) => a.is_empty(),
                Some(serde_json::Value::Object(o)) => o.is_empty(),
                Some(_) => false,
            };
            if !empty {
                return Err(bad(
                    name,
                    "set: remat runs one rank and scale on every layer's targets, nothing else trained".into(),
                ));
            }
        }
        let lora = LoraConfig {
            rank,
            alpha,
            targets,
        };
        lora.validate()
            .map_err(|e| Error::input(file, e.to_string()))?;
        Ok(Self {
            lora,
            base_model: field("base_model_name_or_path")
                .and_then(|v| v.as_str())
                .map(str::to_string),
            dropout,
        })
    }

    /// Reads `dir/adapter_config.json`.
    pub fn read(dir: &Path) -> Result<Self> {
        let path = dir.join(CONFIG_FILE);
        let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
        Self::from_json(&text, &path.display().to_string())
    }

    /// The `adapter_config.json` PEFT reads for adapters made with `lora` over `base_model`.
    pub fn to_json(lora: &LoraConfig, base_model: &str) -> String {
        let targets: Vec<&str> = lora.targets.iter().map(|t| t.name()).collect();
        let config = serde_json::json!({
            "peft_type": "LORA",
            "task_type": "CAUSAL_LM",
            "r": lora.rank,
            "lora_alpha": lora.alpha,
            "lora_dropout": 0.0,
            "target_modules": targets,
            "base_model_name_or_path": base_model,
            "bias": "none",
            "fan_in_fan_out": false,
            "inference_mode": true,
            "init_lora_weights": true,
            "use_rslora": false,
            "use_dora": false,
            "modules_to_save": null,
        });
        serde_json::to_string_pretty(&config).expect("json")
    }
}

/// The base model folder of the adapter in `dir` (with its `config`): `dir` itself when it holds
/// a model too (a remat save of a LoRA run on a preset), else `base_model_name_or_path`.
pub fn base_folder(dir: &Path, config: &AdapterConfig) -> Result<PathBuf> {
    if dir.join("config.json").is_file() {
        return Ok(dir.to_path_buf());
    }
    let file = dir.join(CONFIG_FILE).display().to_string();
    match &config.base_model {
        Some(base) if Path::new(base).join("config.json").is_file() => Ok(base.into()),
        Some(base) => Err(Error::input(
            format!("{file}: `base_model_name_or_path`"),
            format!(
                "`{base}` is not a model folder here: give the base model's folder as the model"
            ),
        )),
        None => Err(Error::input(
            format!("{file}: `base_model_name_or_path`"),
            "missing: give the base model's folder as the model",
        )),
    }
}

/// The model in `dir`: an HF model folder, or a PEFT adapter folder over its base (see
/// [`base_folder`]), loaded in float32.
pub fn load_model(dir: &Path, device: &burn::prelude::Device) -> Result<Llama> {
    load_model_in(dir, device, DType::F32)
}

/// [`load_model`], an adapter's frozen base made in `base_dtype` (a plain model is trained
/// whole: float32).
pub fn load_model_in(
    dir: &Path,
    device: &burn::prelude::Device,
    base_dtype: DType,
) -> Result<Llama> {
    if !is_adapter(dir) {
        return Llama::load(dir, device);
    }
    let base = base_folder(dir, &AdapterConfig::read(dir)?)?;
    Ok(Llama::load_in(&base, device, base_dtype)?
        .load_adapter(dir)?
        .0)
}

impl Llama {
    /// This model frozen, with `lora`'s adapters filled from `store` (PEFT's names and layout).
    /// Every adapter must be present with its shape, and every tensor of the store used.
    pub fn with_adapter(self, lora: &LoraConfig, store: TensorStore) -> Result<Self> {
        self.with_lora(lora).fill_adapters(store)
    }

    /// This model with the adapter in `dir` (a PEFT adapter folder), and its config.
    pub fn load_adapter(self, dir: &Path) -> Result<(Self, AdapterConfig)> {
        let config = AdapterConfig::read(dir)?;
        let path = dir.join(WEIGHTS_FILE);
        if !path.is_file() && dir.join("adapter_model.bin").is_file() {
            return Err(Error::input(
                path.display().to_string(),
                "missing; the folder has PEFT's pickled adapter_model.bin, which remat does not read: save it with `save_pretrained(..., safe_serialization=True)`",
            ));
        }
        let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
        let store = TensorStore::from_safetensors(&bytes, &path.display().to_string())?;
        Ok((self.with_adapter(&config.lora, store)?, config))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PEFT: &str = r#"{"peft_type": "LORA", "r": 8, "lora_alpha": 16, "lora_dropout": 0.05,
        "target_modules": ["v_proj", "q_proj"], "bias": "none", "use_dora": false,
        "modules_to_save": null, "rank_pattern": {}, "base_model_name_or_path": "meta-llama/x"}"#;

    #[test]
    fn a_peft_config_reads_with_its_targets_in_layer_order() {
        let config = AdapterConfig::from_json(PEFT, "a.json").unwrap();
        assert_eq!(config.lora.rank, 8);
        assert_eq!(config.lora.scale(), 2.0);
        assert_eq!(config.lora.targets, [Target::QProj, Target::VProj]);
        assert_eq!(config.dropout, 0.05);
        assert_eq!(config.base_model.as_deref(), Some("meta-llama/x"));
        let all = PEFT.replace(r#"["v_proj", "q_proj"]"#, r#""all-linear""#);
        let config = AdapterConfig::from_json(&all, "a.json").unwrap();
        assert_eq!(config.lora.targets, Target::ALL);
        // What remat writes, it reads back.
        let written = AdapterConfig::to_json(&config.lora, "base");
        let back = AdapterConfig::from_json(&written, "b.json").unwrap();
        assert_eq!(back.lora, config.lora);
    }

    #[test]
    fn what_remat_does_not_run_is_an_error_naming_the_field() {
        let cases = [
            (
                "\"use_dora\": false",
                "\"use_dora\": true",
                "a.json: `use_dora`",
            ),
            ("\"bias\": \"none\"", "\"bias\": \"all\"", "a.json: `bias`"),
            (
                "\"rank_pattern\": {}",
                "\"rank_pattern\": {\"q\": 4}",
                "a.json: `rank_pattern`",
            ),
            (
                "\"q_proj\"]",
                "\"lm_head\"]",
                "a.json: `target_modules`: `lm_head`",
            ),
            (
                "\"r\": 8",
                "\"r\": 0",
                "a.json: lora_rank: must be at least 1",
            ),
            ("\"r\": 8", "\"r\": \"eight\"", "a.json: `r`"),
            ("\"LORA\"", "\"IA3\"", "a.json: `peft_type`"),
        ];
        for (from, to, expected) in cases {
            let text = PEFT.replace(from, to);
            assert_ne!(text, PEFT, "{from}");
            let err = AdapterConfig::from_json(&text, "a.json")
                .unwrap_err()
                .to_string();
            assert!(err.starts_with(expected), "{err}");
        }
        let err = AdapterConfig::from_json("{", "a.json")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("a.json: invalid JSON"), "{err}");
    }
}
