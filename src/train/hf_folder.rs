//! The files of an HF model folder, in memory: what `AutoModelForCausalLM.from_pretrained`,
//! `AutoTokenizer.from_pretrained` and `remat generate` read. A save writes them to disk; the
//! browser hands them to the person as downloads. Also a PEFT adapter folder's files.

use burn::prelude::*;

use crate::adapter::{AdapterConfig, CONFIG_FILE, WEIGHTS_FILE};
use crate::config::LlamaConfig;
use crate::error::{Error, Result};
use crate::model::llama::Llama;
use crate::model::lora::LoraConfig;
use crate::tokenizer::TextTokenizer;
use crate::weights::to_safetensors;

/// `config.json`, `model.safetensors`, `tokenizer.json`, `tokenizer_config.json` and
/// `generation_config.json` of `model` and `tokenizer`, by file name. A model with a non-finite
/// weight is an error (after `step` optimizer steps), and nothing is made.
pub async fn hf_files(
    model: &Llama,
    tokenizer: &TextTokenizer,
    step: usize,
) -> Result<Vec<(&'static str, Vec<u8>)>> {
    let mut files = model_files(model, step).await?;
    files.extend(tokenizer_files(&model.config, tokenizer)?);
    Ok(files)
}

/// `config.json` and `model.safetensors` of `model`'s base weights (adapters aside).
pub async fn model_files(model: &Llama, step: usize) -> Result<Vec<(&'static str, Vec<u8>)>> {
    weight_files(model, model.read_hf_tensors().await?, step)
}

/// [`hf_files`] of `model` with its LoRA adapters merged into the weights, one weight at a
/// time (see [`Llama::read_merged_tensors`]).
pub async fn merged_files(
    model: &Llama,
    tokenizer: &TextTokenizer,
    step: usize,
) -> Result<Vec<(&'static str, Vec<u8>)>> {
    let mut files = weight_files(model, model.read_merged_tensors().await?, step)?;
    files.extend(tokenizer_files(&model.config, tokenizer)?);
    Ok(files)
}

/// `config.json` and `model.safetensors` of `model` holding `tensors`.
fn weight_files(
    model: &Llama,
    tensors: Vec<(String, TensorData)>,
    step: usize,
) -> Result<Vec<(&'static str, Vec<u8>)>> {
    check_finite(&tensors, step)?;
    let weights = to_safetensors(&tensors)?;
    drop(tensors);
    Ok(vec![
        ("config.json", model.config.to_json().into_bytes()),
        ("model.safetensors", weights),
    ])
}

/// `tokenizer.json`, `tokenizer_config.json` and `generation_config.json` of `tokenizer` for a
/// model of `config`.
pub fn tokenizer_files(
    config: &LlamaConfig,
    tokenizer: &TextTokenizer,
) -> Result<Vec<(&'static str, Vec<u8>)>> {
    let json = |value: serde_json::Value| {
        serde_json::to_string_pretty(&value)
            .expect("json")
            .into_bytes()
    };
    let eos = tokenizer.eos;
    let bos = config.bos_token_id().unwrap_or(eos);
    Ok(vec![
        ("tokenizer.json", tokenizer.to_json()?.into_bytes()),
        // The generic fast tokenizer of transformers reads tokenizer.json as it is.
        (
            "tokenizer_config.json",
            json(serde_json::json!({
                "tokenizer_class": "PreTrainedTokenizerFast",
                "bos_token": tokenizer.token(bos),
                "eos_token": tokenizer.token(eos),
                "model_max_length": config.max_position_embeddings,
                "clean_up_tokenization_spaces": false,
            })),
        ),
        (
            "generation_config.json",
            json(serde_json::json!({
                "_from_model_config": true,
                "bos_token_id": bos,
                "eos_token_id": eos,
                "pad_token_id": eos,
            })),
        ),
    ])
}

/// Every weight is finite: a model is only ever handed out that can go on.
fn check_finite(tensors: &[(String, TensorData)], step: usize) -> Result<()> {
    for (name, data) in tensors {
        if let Some((_, bad, count)) = crate::weights::non_finite(data) {
            return Err(Error::non_finite(
                format!("parameter `{name}`"),
                format!(
                    "holds {count} non-finite values ({bad}) after step {step}: the weights diverged and were not saved"
                ),
            ));
        }
    }
    Ok(())
}

/// The files of a PEFT adapter folder for the adapters of `model` (a [`Llama::with_lora`]
/// model) made with `lora` over the base model `base` (its name or path):
/// `adapter_model.safetensors` (PEFT's names, `lora_A.weight` `[r, in]`, `lora_B.weight`
/// `[out, r]`) and `adapter_config.json`, what `PeftModel.from_pretrained` reads.
pub async fn peft_files(
    model: &Llama,
    lora: &LoraConfig,
    base: &str,
    step: usize,
) -> Result<Vec<(&'static str, Vec<u8>)>> {
    let mut tensors = Vec::new();
    for p in model.adapter_params() {
        let data = p.read_hf(p.value.clone()).await?;
        tensors.push((p.name, data));
    }
    if tensors.is_empty() {
        return Err(Error::input("lora", "the model has no adapters to save"));
    }
    check_finite(&tensors, step)?;
    Ok(vec![
        (WEIGHTS_FILE, to_safetensors(&tensors)?),
        (CONFIG_FILE, AdapterConfig::to_json(lora, base).into_bytes()),
    ])
}
