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

use crate::adapter::load_model_in;
use crate::error::{Error, Result};
use crate::model::llama::Llama;
use crate::tokenizer::TextTokenizer;
use crate::train::state::{Resumed, TrainerState};
use crate::weights::AnyTensor;

/// The folder of the save made after `step` optimizer steps.
pub fn save_dir(out: &Path, step: usize) -> PathBuf {
    out.join(format!("checkpoint-{step}"))
}

/// Where the save of `step` waits while a new save of the same step takes its name.
fn replaced_dir(out: &Path, step: usize) -> PathBuf {
    out.join(format!(".checkpoint-{step}.old"))
}

/// The saves in a run's output folder, oldest first. A save caught in the middle of being
/// replaced (its old copy moved aside, the new one not yet in place) is listed by its old copy.
pub fn saves(out: &Path) -> Result<Vec<(usize, PathBuf)>> {
    if !out.is_dir() {
        return Ok(Vec::new());
    }
    let mut found = std::collections::BTreeMap::new();
    for entry in std::fs::read_dir(out).map_err(|e| Error::io(out, e))? {
        let path = entry.map_err(|e| Error::io(out, e))?.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let (step, aside) = match name.strip_prefix("checkpoint-") {
            Some(step) => (step, false),
            None => match name
                .strip_prefix(".checkpoint-")
                .and_then(|n| n.strip_suffix(".old"))
            {
                Some(step) => (step, true),
                None => continue,
            },
        };
        if let Ok(step) = step.parse::<usize>()
            && path.join("trainer_state.json").is_file()
            && !(aside && found.contains_key(&step))
        {
            found.insert(step, path);
        }
    }
    Ok(found.into_iter().collect())
}

/// The trainer state of the save in `dir`.
fn state_of(dir: &Path) -> Result<TrainerState> {
    let path = dir.join("trainer_state.json");
    let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
    serde_json::from_str(&text).map_err(|e| Error::Json { path, source: e })
}

/// The run that made the save in `dir`, when its trainer state can be read.
pub fn run_of(dir: &Path) -> Option<String> {
    state_of(dir).ok().map(|state| state.run_id)
}

/// The saves in `out` that are not older saves of run `run_id` before `step`: what a run
/// resuming at `step` into `out` would run over. Empty when the run may write there.
pub fn foreign_saves(out: &Path, run_id: &str, step: usize) -> Result<Vec<PathBuf>> {
    let mut foreign = Vec::new();
    for (found, dir) in saves(out)? {
        let state = state_of(&dir)?;
        if state.run_id != run_id || found > step {
            foreign.push(dir);
        }
    }
    Ok(foreign)
}

/// The model folder `dir` names: `dir` itself when it holds a `config.json` (or a PEFT
/// adapter), else the latest save of the run whose output folder it is.
pub fn model_folder(dir: &Path) -> Result<PathBuf> {
    if dir.join("config.json").is_file() || crate::adapter::is_adapter(dir) {
        return Ok(dir.to_path_buf());
    }
    if !dir.is_dir() {
        return Err(Error::input(dir.display().to_string(), "no such folder"));
    }
    saves(dir)?.pop().map(|(_, path)| path).ok_or_else(|| {
        Error::input(
            dir.display().to_string(),
            "holds neither a model (config.json) nor a run's saves (checkpoint-N folders)",
        )
    })
}

/// Writes the save of `state.step` into `out/checkpoint-STEP`: `files` (by path inside the
/// save), the optimizer state and `trainer_state.json`, through a temporary folder renamed
/// into place; then deletes the oldest saves of the same run beyond `keep` (0 keeps all).
pub fn save(
    out: &Path,
    files: Vec<(String, Vec<u8>)>,
    optimizer: &ModuleOptimizer,
    state: &TrainerState,
    keep: usize,
) -> Result<PathBuf> {
    let target = save_dir(out, state.step);
    let tmp = out.join(format!(".checkpoint-{}.tmp", state.step));
    if tmp.exists() {
        std::fs::remove_dir_all(&tmp).map_err(|e| Error::io(&tmp, e))?;
    }
    std::fs::create_dir_all(&tmp).map_err(|e| Error::io(&tmp, e))?;
    let write = |name: &str, bytes: &[u8]| -> Result<()> {
        let path = tmp.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        std::fs::write(&path, bytes).map_err(|e| Error::io(&path, e))
    };
    for (name, bytes) in files {
        write(&name, &bytes)?;
    }
    let write_json = |name: &str, value: &serde_json::Value| {
        write(
            name,
            serde_json::to_string_pretty(value)
                .expect("json")
                .as_bytes(),
        )
    };
    write_json(
        "trainer_state.json",
        &serde_json::to_value(state).expect("json"),
    )?;
    let optimizer_path = tmp.join("optimizer.bpk");
    optimizer
        .save(&optimizer_path)
        .map_err(|e| Error::input(optimizer_path.display().to_string(), format!("{e:?}")))?;

    // Only a complete save gets its name. An older save of the same step is moved aside
    // first and deleted last, so at every moment one of the two is whole under a name that
    // `saves` lists.
    let aside = replaced_dir(out, state.step);
    let rename = |from: &Path, to: &Path| std::fs::rename(from, to).map_err(|e| Error::io(from, e));
    let remove = |dir: &Path| std::fs::remove_dir_all(dir).map_err(|e| Error::io(dir, e));
    if aside.exists() {
        if target.exists() {
            remove(&aside)?;
        } else {
            rename(&aside, &target)?;
        }
    }
    if target.exists() {
        rename(&target, &aside)?;
    }
    rename(&tmp, &target)?;
    if aside.exists() {
        remove(&aside)?;
    }
    if keep > 0 && !state.run_id.is_empty() {
        // A save whose state cannot be read is not known to be the run's own: it stays.
        let own: Vec<PathBuf> = saves(out)?
            .into_iter()
            .filter(|(step, dir)| {
                *step < state.step && run_of(dir).as_deref() == Some(state.run_id.as_str())
            })
            .map(|(_, dir)| dir)
            .collect();
        for old in &own[..own.len().saturating_sub(keep - 1)] {
            remove(old)?;
        }
    }
    Ok(target)
}

/// The optimizer state in `path` (Burn's record: tensors keyed by parameter id) fits `model`:
/// every state tensor belongs to one of its parameters and has that parameter's shape. Read
/// from the file's header only.
fn check_optimizer_state(path: &Path, model: &Llama) -> Result<()> {
    let file = path.display().to_string();
    let params: std::collections::HashMap<u64, (String, Vec<usize>)> = model
        .trainable_params()
        .into_iter()
        .map(|p| {
            let shape = match &p.value {
                AnyTensor::R1(t) => t.dims().to_vec(),
                AnyTensor::R2(t) => t.dims().to_vec(),
            };
            (p.id.val(), (p.name, shape))
        })
        .collect();
    let tensors = burn_pack::Reader::from_file_exact(path)
        .and_then(burn_pack::Reader::into_tensors)
        .map_err(|e| Error::input(&file, format!("not a readable optimizer state: {e}")))?;
    for tensor in tensors {
        let Some((name, shape)) = tensor.param_id.and_then(|id| params.get(&id)) else {
            return Err(Error::input(
                &file,
                format!(
                    "state `{}` belongs to no parameter of this model: the optimizer state of another model?",
                    tensor.name
                ),
            ));
        };
        let found = tensor.shape.as_slice().to_vec();
        if found != *shape {
            return Err(Error::input(
                &file,
                format!(
                    "state `{}` of parameter `{name}` has shape {found:?}, the parameter {shape:?}: the optimizer state of another model?",
                    tensor.name
                ),
            ));
        }
    }
    Ok(())
}

/// The folder of the save `dir` names (a save folder, or a run's output folder for its latest
/// save) and its trainer state.
pub fn read_state(dir: &Path) -> Result<(PathBuf, TrainerState)> {
    let dir = model_folder(dir)?;
    if !dir.join("trainer_state.json").is_file() {
        return Err(Error::input(
            dir.display().to_string(),
            "is a model but not a save of `remat train` (no trainer_state.json): fine-tune it as a model instead",
        ));
    }
    let state = state_of(&dir)?;
    Ok((dir, state))
}

/// Reads the save in `dir` (as [`read_state`] finds it), its optimizer state loaded into
/// `optimizer`, the model on `device` (a LoRA run's frozen base in `base_dtype`).
pub fn resume(
    dir: &Path,
    optimizer: ModuleOptimizer,
    device: &Device,
    base_dtype: burn::tensor::DType,
) -> Result<Resumed> {
    let (dir, state) = read_state(dir)?;
    let model = load_model_in(&dir, device, base_dtype)?;
    let optimizer_path = dir.join("optimizer.bpk");
    if !optimizer_path.is_file() {
        return Err(Error::input(
            optimizer_path.display().to_string(),
            "missing: this folder holds weights but no optimizer state to resume",
        ));
    }
    check_optimizer_state(&optimizer_path, &model)?;
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
