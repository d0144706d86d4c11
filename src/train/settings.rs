//! The settings of a training run, as typed values: what every front-end (the CLI, the
//! browser, the desktop) fills in, what `trainer_state.json` records, and what a resumed run
//! reads back. Errors name settings by their field names here; front-ends map them to their own
//! words (the CLI to flags: `grad_accum` is `--grad-accum`).

use std::path::PathBuf;

use crate::checkpoint::{FixedPlan, PlanSpec, ScheduleOptions};
use crate::device::DeviceChoice;
use crate::error::{Error, Result};
use crate::kernels::Kernels;
use crate::model::lora::LoraConfig;
use crate::precision::Precision;

/// The model a run trains.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ModelSource {
    /// A fresh model of a named size ([`crate::presets::PRESETS`]), trained from scratch.
    Preset(String),
    /// An HF model folder to fine-tune (config.json, model.safetensors, tokenizer.json).
    Folder(PathBuf),
    /// The files of an HF model folder a person picked in a page, by the folder's name; their
    /// bytes are handed to the run in memory ([`super::picked::Picked`]).
    Picked(String),
}

/// The text a run trains on.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DataSource {
    /// Short stories remat generates ([`super::demo_corpus`]).
    Demo { stories: usize },
    /// A .txt or .md file, a .jsonl file with a "text" field per line, or a folder of them.
    Path(PathBuf),
    /// A text file (as [`DataSource::Path`]) a person picked in a page, by its name; its bytes
    /// are handed to the run in memory ([`super::picked::Picked`]).
    Picked(String),
}

/// The tokenizer of a new run (a resumed run keeps its save's).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenizerSource {
    /// The model folder's tokenizer.json; from scratch, a byte-level BPE of 512 tokens trained
    /// on the data.
    Auto,
    /// This tokenizer.json.
    File(PathBuf),
    /// A byte-level BPE of this many tokens trained on the data.
    Bpe { vocab_size: usize },
}

/// How long a run trains.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Length {
    /// Optimizer steps.
    Steps(usize),
    /// Passes over the training data.
    Epochs(f64),
}

/// Everything a training run is started with.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RunSettings {
    pub model: ModelSource,
    pub data: DataSource,
    pub tokenizer: TokenizerSource,
    /// Sequences per micro-batch.
    pub batch: usize,
    /// Tokens per sequence.
    pub seq: usize,
    /// Micro-batches per optimizer step.
    pub grad_accum: usize,
    pub length: Length,
    /// Peak learning rate; `None`: 3e-3 from scratch, 2e-5 fine-tuning.
    pub lr: Option<f64>,
    /// Linear warmup steps before the cosine decay; `None`: 5% of the steps.
    pub warmup: Option<usize>,
    /// AdamW's decoupled weight decay.
    pub weight_decay: f64,
    /// Clip the global gradient norm to this; 0 turns clipping off.
    pub max_grad_norm: f64,
    /// Seed of initialization, the eval split, batch order and sampling.
    pub seed: u64,
    /// Share of the sequences held out for evaluation (0 for none).
    pub eval_fraction: f64,
    /// Evaluate every this many steps, and at the end (0: only at the end).
    pub eval_every: usize,
    pub plan: PlanSpec,
    pub schedule: ScheduleOptions,
    /// Measure the device's speed before planning (native devices).
    pub calibrate: bool,
    pub kernels: Kernels,
    pub device: DeviceChoice,
    /// The type of activations and frozen weights; what trains stays float32.
    pub dtype: Precision,
    /// Train LoRA adapters of this rank, scale and targets over the frozen model (`None`:
    /// train every parameter). With an `adapter`, that adapter's.
    pub lora: Option<LoraConfig>,
    /// A PEFT adapter folder to go on training over the model (its `adapter_config.json` sets
    /// `lora`).
    pub adapter: Option<PathBuf>,
    /// Saves of a LoRA run also write the model with the adapters merged into its weights, as
    /// a full HF folder (`merged/`).
    pub merge: bool,
    /// Save every this many steps, and at the end (0: only at the end).
    pub save_every: usize,
    /// Saves to keep, newest first; 0 keeps all.
    pub save_total_limit: usize,
    /// Text to continue at the end of training; `None`: the first words of the data.
    pub prompt: Option<String>,
    /// Tokens to generate at the end of training (0 for none).
    pub sample_tokens: usize,
}

impl Default for RunSettings {
    fn default() -> Self {
        Self {
            model: ModelSource::Preset("tiny".into()),
            data: DataSource::Demo { stories: 4000 },
            tokenizer: TokenizerSource::Auto,
            batch: 16,
            seq: 64,
            grad_accum: 1,
            length: Length::Steps(1000),
            lr: None,
            warmup: None,
            weight_decay: 0.01,
            max_grad_norm: 1.0,
            seed: 0,
            eval_fraction: 0.05,
            eval_every: 50,
            plan: PlanSpec::Fixed(FixedPlan::None),
            schedule: ScheduleOptions::default(),
            calibrate: false,
            kernels: Kernels::default(),
            device: DeviceChoice::Auto,
            dtype: Precision::F32,
            lora: None,
            adapter: None,
            merge: false,
            save_every: 0,
            save_total_limit: 2,
            prompt: None,
            sample_tokens: 48,
        }
    }
}

/// The most optimizer steps a run takes (a run of a billion steps is beyond any schedule).
pub const MAX_STEPS: usize = 1 << 30;

/// The most tokens one optimizer step holds on the host (`batch x seq x grad_accum`): far above
/// what fine-tuning or pre-training steps take (4-16M tokens).
pub const MAX_TOKENS_PER_STEP: usize = 1 << 27;

/// The largest vocabulary a BPE is trained to.
pub const MAX_VOCAB: usize = 1 << 22;

impl RunSettings {
    /// The peak learning rate in effect: 2e-4 for LoRA adapters (PEFT's and torchtune's
    /// recipes), else 3e-3 from scratch and 2e-5 fine-tuning.
    pub fn lr(&self) -> f64 {
        self.lr.unwrap_or(match (&self.lora, &self.model) {
            (Some(_), _) => 2e-4,
            (None, ModelSource::Folder(_) | ModelSource::Picked(_)) => 2e-5,
            (None, ModelSource::Preset(_)) => 3e-3,
        })
    }

    /// Checks the values that need no files or device.
    pub fn validate(&self) -> Result<()> {
        for (name, value) in [
            ("batch", self.batch),
            ("seq", self.seq),
            ("grad_accum", self.grad_accum),
        ] {
            if value == 0 {
                return Err(Error::input(name, "must be at least 1"));
            }
        }
        if self.seq < 2 {
            return Err(Error::input(
                "seq",
                format!(
                    "{}: a sequence needs at least two tokens (one to read, one to predict)",
                    self.seq
                ),
            ));
        }
        let tokens = (self.batch as f64) * (self.seq as f64) * (self.grad_accum as f64);
        if tokens > MAX_TOKENS_PER_STEP as f64 {
            return Err(Error::input(
                "batch x seq x grad_accum",
                format!(
                    "{} x {} x {} = {tokens:.3e} tokens per step: more than remat holds (at most {MAX_TOKENS_PER_STEP})",
                    self.batch, self.seq, self.grad_accum
                ),
            ));
        }
        if let TokenizerSource::Bpe { vocab_size } = self.tokenizer
            && !(1..=MAX_VOCAB).contains(&vocab_size)
        {
            return Err(Error::input(
                "vocab_size",
                format!("{vocab_size}: must be between 1 and {MAX_VOCAB}"),
            ));
        }
        if let Some(lr) = self.lr
            && !(lr > 0.0 && (lr as f32).is_finite())
        {
            return Err(Error::input(
                "lr",
                format!("{lr}: must be above 0 and within float32 (3.4e38)"),
            ));
        }
        let non_negative = [
            ("max_grad_norm", self.max_grad_norm),
            ("weight_decay", self.weight_decay),
        ];
        for (name, value) in non_negative {
            if !(value >= 0.0 && value.is_finite()) {
                return Err(Error::input(
                    name,
                    format!("{value}: must be 0 or a positive number"),
                ));
            }
        }
        if !(0.0..1.0).contains(&self.eval_fraction) {
            return Err(Error::input(
                "eval_fraction",
                format!("{}: must be in [0, 1)", self.eval_fraction),
            ));
        }
        match self.length {
            Length::Steps(0) => return Err(Error::input("steps", "must be at least 1")),
            Length::Steps(steps) if steps > MAX_STEPS => {
                return Err(Error::input(
                    "steps",
                    format!("{steps}: more than a run takes (at most {MAX_STEPS})"),
                ));
            }
            Length::Epochs(epochs) if !(epochs > 0.0 && epochs.is_finite()) => {
                return Err(Error::input("epochs", format!("{epochs}: must be above 0")));
            }
            _ => {}
        }
        if let Some(lora) = &self.lora {
            lora.validate()?;
        }
        if self.merge && self.lora.is_none() && self.adapter.is_none() {
            return Err(Error::input(
                "merge",
                "merges LoRA adapters into the model: give `lora_rank` (or an `adapter`) too",
            ));
        }
        Ok(())
    }

    /// Optimizer steps, given `micro_batches_per_epoch` of the data.
    pub fn total_steps(&self, micro_batches_per_epoch: usize) -> Result<usize> {
        match self.length {
            Length::Steps(steps) => Ok(steps),
            Length::Epochs(epochs) => {
                let micro = (epochs * micro_batches_per_epoch as f64).ceil();
                let steps = (micro / self.grad_accum as f64).ceil().max(1.0);
                if steps > MAX_STEPS as f64 {
                    return Err(Error::input(
                        "epochs",
                        format!(
                            "{epochs}: {steps:.3e} steps of {micro_batches_per_epoch} micro-batches per epoch is more than a run takes (at most {MAX_STEPS})"
                        ),
                    ));
                }
                Ok(steps as usize)
            }
        }
    }

    /// The settings a resumed run cannot change, by name, where `self` differs from the run's
    /// `saved` settings: the model and the tokenizer (and with it the vocabulary).
    pub fn changed_on_resume(&self, saved: &Self) -> Vec<&'static str> {
        let mut changed = Vec::new();
        if self.model != saved.model {
            changed.push(match self.model {
                ModelSource::Folder(_) | ModelSource::Picked(_) => "model",
                ModelSource::Preset(_) => "preset",
            });
        }
        if self.tokenizer != saved.tokenizer {
            changed.push(match self.tokenizer {
                TokenizerSource::Bpe { .. } => "vocab_size",
                _ => "tokenizer",
            });
        }
        if self.lora.is_some() && self.lora != saved.lora {
            changed.push("lora_rank");
        }
        if self.adapter.is_some() && self.adapter != saved.adapter {
            changed.push("adapter");
        }
        changed
    }

    /// A name for the run: the model folder's, or the preset's.
    pub fn run_name(&self) -> String {
        match &self.model {
            ModelSource::Folder(dir) => dir
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| "finetune".into()),
            ModelSource::Preset(name) | ModelSource::Picked(name) => name.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_round_trip_through_json_and_unknown_fields_are_errors() {
        let settings = RunSettings {
            plan: "auto 6GiB".parse().unwrap(),
            length: Length::Epochs(1.5),
            tokenizer: TokenizerSource::Bpe { vocab_size: 300 },
            ..RunSettings::default()
        };
        let json = serde_json::to_string(&settings).unwrap();
        assert!(json.contains(r#""plan":"auto 6GiB""#), "{json}");
        let back: RunSettings = serde_json::from_str(&json).unwrap();
        assert_eq!(back, settings);
        let partial: RunSettings = serde_json::from_str(r#"{"batch": 4}"#).unwrap();
        assert_eq!((partial.batch, partial.seq), (4, 64));
        let err = serde_json::from_str::<RunSettings>(r#"{"bach": 4}"#).unwrap_err();
        assert!(err.to_string().contains("unknown field `bach`"), "{err}");
    }

    #[test]
    fn bad_values_name_their_setting() {
        let cases = [
            (
                RunSettings {
                    batch: 0,
                    ..Default::default()
                },
                "batch: must be at least 1",
            ),
            (
                RunSettings {
                    seq: 1,
                    ..Default::default()
                },
                "seq: 1: a sequence needs",
            ),
            (
                RunSettings {
                    lr: Some(f64::INFINITY),
                    ..Default::default()
                },
                "lr: inf",
            ),
            (
                RunSettings {
                    weight_decay: -1.0,
                    ..Default::default()
                },
                "weight_decay: -1",
            ),
            (
                RunSettings {
                    length: Length::Steps(0),
                    ..Default::default()
                },
                "steps:",
            ),
            (
                RunSettings {
                    eval_fraction: 1.0,
                    ..Default::default()
                },
                "eval_fraction: 1",
            ),
        ];
        for (settings, expected) in cases {
            let err = settings.validate().unwrap_err().to_string();
            assert!(err.starts_with(expected), "{err}");
        }
    }
}
