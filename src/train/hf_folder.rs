//! The files of an HF model folder, in memory: what `AutoModelForCausalLM.from_pretrained`,
//! `AutoTokenizer.from_pretrained` and `remat generate` read. A save writes them to disk; the
//! browser hands them to the person as downloads. Also a PEFT adapter folder's files.

use burn::prelude::*;

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
    let tensors = model.read_hf_tensors().await?;
    check_finite(&tensors, step)?;
    let weights = to_safetensors(&tensors)?;
    drop(tensors);
    let json = |value: serde_json::Value| {
        serde_json::to_string_pretty(&value)
            .expect("json")
            .into_bytes()
    };
    let eos = tokenizer.eos;
    let bos = model.config.bos_token_id().unwrap_or(eos);
    Ok(vec![
        ("config.json", model.config.to_json().into_bytes()),
        ("model.safetensors", weights),
        ("tokenizer.json", tokenizer.to_json()?.into_bytes()),
        // The generic fast tokenizer of transformers reads tokenizer.json as it is.
        (
            "tokenizer_config.json",
            json(serde_json::json!({
                "tokenizer_class": "PreTrainedTokenizerFast",
                "bos_token": tokenizer.token(bos),
                "eos_token": tokenizer.token(eos),
                "model_max_length": model.config.max_position_embeddings,
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
        let values = data.as_slice::<f32>().map_err(|e| {
            Error::input(format!("parameter `{name}`"), format!("unreadable: {e:?}"))
        })?;
        if let Some(bad) = values.iter().find(|v| !v.is_finite()) {
            let count = values.iter().filter(|v| !v.is_finite()).count();
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
    let targets: Vec<&str> = lora.targets.iter().map(|t| t.name()).collect();
    let config = serde_json::json!({
        "peft_type": "LORA",
        "task_type": "CAUSAL_LM",
        "r": lora.rank,
        "lora_alpha": lora.alpha,
        "lora_dropout": 0.0,
        "target_modules": targets,
        "base_model_name_or_path": base,
        "bias": "none",
        "fan_in_fan_out": false,
        "inference_mode": true,
        "init_lora_weights": true,
        "use_rslora": false,
        "use_dora": false,
        "modules_to_save": null,
    });
    Ok(vec![
        ("adapter_model.safetensors", to_safetensors(&tensors)?),
        (
            "adapter_config.json",
            serde_json::to_string_pretty(&config)
                .expect("json")
                .into_bytes(),
        ),
    ])
}
