//! Saving a run so that HF transformers loads it and remat resumes it exactly.
//!
//! `OUT/checkpoint-STEP/` holds `config.json`, `model.safetensors`, `tokenizer.json`,
//! `tokenizer_config.json` and `generation_config.json` (what `AutoModelForCausalLM.from_pretrained` and
//! `AutoTokenizer.from_pretrained` read), plus `optimizer.bpk` (Burn's optimizer record: AdamW
//! moments and step count, keyed by ids derived from HF names) and `trainer_state.json`.
//! A save is written to a temporary folder and renamed into place, so a crash while saving
//! leaves the previous saves intact.

use std::path::{Path, PathBuf};

use burn::optim::ModuleOptimizer;
use burn::prelude::*;

use crate::error::{Error, Result};
use crate::model::llama::Llama;
use crate::tokenizer::TextTokenizer;
use crate::weights::to_safetensors;

/// Where a run is, besides its weights and optimizer state.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TrainerState {
    /// Optimizer steps done.
    pub step: usize,
    /// The settings the run was started with (for the record and for resuming).
    pub settings: serde_json::Value,
}

/// The folder of the save made after `step` optimizer steps.
pub fn checkpoint_dir(out: &Path, step: usize) -> PathBuf {
    out.join(format!("checkpoint-{step}"))
}

/// The saves in a run's output folder, oldest first.
pub fn checkpoints(out: &Path) -> Result<Vec<(usize, PathBuf)>> {
    if !out.is_dir() {
        return Ok(Vec::new());
    }
    let mut found = Vec::new();
    for entry in std::fs::read_dir(out).map_err(|e| Error::io(out, e))? {
        let path = entry.map_err(|e| Error::io(out, e))?.path();
        let step = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_prefix("checkpoint-"))
            .and_then(|n| n.parse::<usize>().ok());
        if let Some(step) = step
            && path.join("trainer_state.json").is_file()
        {
            found.push((step, path));
        }
    }
    found.sort();
    Ok(found)
}

/// The model folder `dir` names: `dir` itself when it holds a `config.json`, else the latest
/// save of the run whose output folder it is.
pub fn model_folder(dir: &Path) -> Result<PathBuf> {
    if dir.join("config.json").is_file() {
        return Ok(dir.to_path_buf());
    }
    if !dir.is_dir() {
        return Err(Error::input(dir.display().to_string(), "no such folder"));
    }
    checkpoints(dir)?
        .pop()
        .map(|(_, path)| path)
        .ok_or_else(|| {
            Error::input(
                dir.display().to_string(),
                "holds neither a model (config.json) nor a run's saves (checkpoint-N folders)",
            )
        })
}

/// Writes the save of `state.step` into `out/checkpoint-STEP`, through a temporary folder
/// renamed into place, then deletes the oldest saves beyond `keep` (0 keeps all).
pub fn save(
    out: &Path,
    model: &Llama,
    optimizer: &ModuleOptimizer,
    tokenizer: &TextTokenizer,
    state: &TrainerState,
    keep: usize,
) -> Result<PathBuf> {
    let target = checkpoint_dir(out, state.step);
    let tmp = out.join(format!(".checkpoint-{}.tmp", state.step));
    if tmp.exists() {
        std::fs::remove_dir_all(&tmp).map_err(|e| Error::io(&tmp, e))?;
    }
    std::fs::create_dir_all(&tmp).map_err(|e| Error::io(&tmp, e))?;
    let write = |name: &str, bytes: &[u8]| -> Result<()> {
        let path = tmp.join(name);
        std::fs::write(&path, bytes).map_err(|e| Error::io(&path, e))
    };
    let write_json = |name: &str, value: &serde_json::Value| {
        write(
            name,
            serde_json::to_string_pretty(value)
                .expect("json")
                .as_bytes(),
        )
    };
    write("config.json", model.config.to_json().as_bytes())?;
    write("model.safetensors", &to_safetensors(&model.hf_tensors())?)?;
    write("tokenizer.json", tokenizer.to_json()?.as_bytes())?;
    let eos = tokenizer.eos;
    let bos = model.config.bos_token_id().unwrap_or(eos);
    // The generic fast tokenizer of transformers reads tokenizer.json as it is.
    write_json(
        "tokenizer_config.json",
        &serde_json::json!({
            "tokenizer_class": "PreTrainedTokenizerFast",
            "bos_token": tokenizer.token(bos),
            "eos_token": tokenizer.token(eos),
            "model_max_length": model.config.max_position_embeddings,
            "clean_up_tokenization_spaces": false,
        }),
    )?;
    write_json(
        "generation_config.json",
        &serde_json::json!({
            "_from_model_config": true,
            "bos_token_id": bos,
            "eos_token_id": eos,
            "pad_token_id": eos,
        }),
    )?;
    write_json(
        "trainer_state.json",
        &serde_json::to_value(state).expect("json"),
    )?;
    let optimizer_path = tmp.join("optimizer.bpk");
    optimizer
        .save(&optimizer_path)
        .map_err(|e| Error::input(optimizer_path.display().to_string(), format!("{e:?}")))?;

    // Only a complete save gets its name; an older save of the same step is replaced.
    if target.exists() {
        std::fs::remove_dir_all(&target).map_err(|e| Error::io(&target, e))?;
    }
    std::fs::rename(&tmp, &target).map_err(|e| Error::io(&tmp, e))?;
    if keep > 0 {
        let saves = checkpoints(out)?;
        for (_, old) in &saves[..saves.len().saturating_sub(keep)] {
            std::fs::remove_dir_all(old).map_err(|e| Error::io(old, e))?;
        }
    }
    Ok(target)
}

/// A save read back: the model on `device`, the optimizer state loaded into `optimizer`, the
/// trainer state and the tokenizer.
pub struct Resumed {
    pub model: Llama,
    pub optimizer: ModuleOptimizer,
    pub state: TrainerState,
    pub tokenizer: TextTokenizer,
    pub dir: PathBuf,
}

/// The folder of the save `dir` names (a save folder, or a run's output folder for its latest
/// save) and its trainer state.
pub fn read_state(dir: &Path) -> Result<(PathBuf, TrainerState)> {
    let dir = model_folder(dir)?;
    let path = dir.join("trainer_state.json");
    if !path.is_file() {
        return Err(Error::input(
            dir.display().to_string(),
            "is a model but not a save of `remat train` (no trainer_state.json): fine-tune it with --model",
        ));
    }
    let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
    let state = serde_json::from_str(&text).map_err(|e| Error::Json { path, source: e })?;
    Ok((dir, state))
}

/// Reads the save in `dir` (as [`read_state`] finds it), its optimizer state loaded into
/// `optimizer`, the model on `device`.
pub fn resume(dir: &Path, optimizer: ModuleOptimizer, device: &Device) -> Result<Resumed> {
    let (dir, state) = read_state(dir)?;
    let model = Llama::load(&dir, device)?;
    let optimizer_path = dir.join("optimizer.bpk");
    if !optimizer_path.is_file() {
        return Err(Error::input(
            optimizer_path.display().to_string(),
            "missing: this folder holds weights but no optimizer state to resume",
        ));
    }
    let optimizer = optimizer
        .load(&optimizer_path)
        .map_err(|e| Error::input(optimizer_path.display().to_string(), format!("{e:?}")))?;
    let tokenizer = TextTokenizer::load(&dir.join("tokenizer.json"), model.config.eos_token_id())?;
    Ok(Resumed {
        model,
        optimizer,
        state,
        tokenizer,
        dir,
    })
}
