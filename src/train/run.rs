//! A training run, owned by the library and driven by a front-end (the CLI, the browser page,
//! the desktop window): [`Run::prepare`] reads the data, tokenizer and model and plans the
//! step; then [`Run::train_step`], [`Run::eval`], [`Run::save`] and [`Run::sample`], as the
//! front-end calls them. The step and everything that reads the device are async; nothing here
//! blocks, prints or knows a command line.

use web_time::{Instant, SystemTime, UNIX_EPOCH};

use burn::module::Module;
use burn::optim::ModuleOptimizer;

use super::data::{Document, Sequences};
use super::demo_corpus;
use super::lr::LrSchedule;
use super::optim::AdamW;
use super::picked::Picked;
use super::settings::{DataSource, ModelSource, RunSettings, TokenizerSource};
use super::state::Resumed;
use super::trainer::{StepStats, Trainer};
use crate::batch::Batch;
use crate::checkpoint::memory_model::{MemoryModel, OptimizerKind};
use crate::checkpoint::planner::{Planned, Speed, TimeModel, resolve};
use crate::checkpoint::{MemoryProbe, Schedule};
use crate::config::LlamaConfig;
use crate::device::SelectedDevice;
use crate::error::{Error, Result};
use crate::generate::{Sampling, continue_text};
use crate::kernels::Kernels;
use crate::model::llama::Llama;
use crate::tokenizer::TextTokenizer;
use burn::tensor::DType;

/// What [`Run::prepare`] found and decided, for a front-end to show.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub documents: usize,
    pub tokens: usize,
    pub train_sequences: usize,
    pub eval_sequences: usize,
    pub tokenize_seconds: f64,
    /// Seconds spent training a BPE on the data, when the run trained one.
    pub bpe_seconds: Option<f64>,
    pub total_steps: usize,
    pub epochs: f64,
    pub params: usize,
    /// Parameters the run trains: every one, or the LoRA adapters'.
    pub trainable_params: usize,
    pub layers: usize,
    pub hidden: usize,
    pub vocab: usize,
}

/// What one [`Run::train_step`] did.
#[derive(Debug, Clone)]
pub struct StepReport {
    /// The step just done (1-based).
    pub step: usize,
    pub lr: f64,
    pub stats: StepStats,
    /// Whether memory was sampled (the run's second step and eval steps).
    pub sampled: bool,
    /// Whether the settings call for an eval and a save after this step.
    pub eval_due: bool,
    pub save_due: bool,
}

/// A training run: settings, data, model, optimizer and plan, and how far it has got.
pub struct Run {
    settings: RunSettings,
    device: SelectedDevice,
    kernels: Kernels,
    tokenizer: TextTokenizer,
    data: Sequences,
    eval_batches: Vec<Batch>,
    planned: Planned,
    trainer: Trainer,
    lr: LrSchedule,
    start: usize,
    step: usize,
    run_id: String,
    first_words: String,
    summary: Summary,
}

impl Run {
    /// Reads the data, the tokenizer and the model (from `resumed`, when going on from a save),
    /// checks that they fit each other, and plans the step on `device`.
    pub fn prepare(
        settings: RunSettings,
        device: SelectedDevice,
        resumed: Option<Resumed>,
    ) -> Result<Self> {
        Self::prepare_with(settings, device, resumed, &Picked::default())
    }

    /// [`Run::prepare`], with the files the settings name as picked (the browser's) in memory.
    pub fn prepare_with(
        settings: RunSettings,
        device: SelectedDevice,
        resumed: Option<Resumed>,
        picked: &Picked,
    ) -> Result<Self> {
        settings.validate()?;
        let settings = match resumed {
            Some(_) => settings,
            None => with_adapter_lora(settings)?,
        };
        settings.dtype.check_on(&device)?;
        let autodiff = device.device.clone().autodiff();
        let kernels = settings.kernels.on(&device.device);
        // A LoRA run's base is frozen: loaded in the run's type. Full fine-tuning keeps
        // float32 masters of every weight.
        let base_dtype = match settings.lora {
            Some(_) => settings.dtype.dtype(),
            None => DType::F32,
        };
        autodiff.seed(settings.seed);

        let documents = match &settings.data {
            DataSource::Picked(name) => picked.documents(name)?,
            DataSource::Path(path) => read_path(path)?,
            DataSource::Demo { stories } => demo_corpus::stories(*stories, 0)
                .into_iter()
                .enumerate()
                .map(|(i, text)| Document {
                    source: format!("built-in story {i}"),
                    text,
                })
                .collect(),
        };
        let texts: Vec<&str> = documents.iter().map(|d| d.text.as_str()).collect();
        let base_config = match (&resumed, &settings.model) {
            (Some(r), _) => r.model.config.clone(),
            (None, ModelSource::Folder(dir)) => {
                if crate::adapter::is_adapter(dir) && settings.adapter.is_none() {
                    return Err(Error::input(
                        "model",
                        format!(
                            "{} is a LoRA adapter (adapter_config.json): give it as the `adapter`, with its base model as the `model`",
                            dir.display()
                        ),
                    ));
                }
                LlamaConfig::load(dir)?
            }
            (None, ModelSource::Picked(name)) => picked.model(name)?.config()?,
            (None, ModelSource::Preset(name)) => crate::presets::preset(name)?,
        };
        let mut bpe_seconds = None;
        let tokenizer = match &resumed {
            Some(r) => r.tokenizer.clone(),
            None => {
                let (tokenizer, seconds) = load_tokenizer(&settings, &base_config, picked, &texts)?;
                bpe_seconds = seconds;
                tokenizer
            }
        };
        let mut config = base_config;
        if resumed.is_none() && matches!(settings.model, ModelSource::Preset(_)) {
            // From scratch: the model's vocabulary is the tokenizer's.
            config.vocab_size = tokenizer.vocab_size();
            config.set_special_tokens(tokenizer.eos);
        }
        let config = config.for_training();
        check_fits(&config, &tokenizer, &settings)?;

        let tokenizing = Instant::now();
        let tokenized = tokenizer.encode_all(&texts)?;
        let data = Sequences::pack(
            &tokenized,
            tokenizer.eos,
            settings.seq,
            settings.eval_fraction,
            settings.seed,
        )?;
        let tokenize_seconds = tokenizing.elapsed().as_secs_f64();
        let per_epoch = data.batches_per_epoch(settings.batch)?;
        let total = settings.total_steps(per_epoch)?;

        let planned = plan(&settings, &config, &device, kernels)?;
        let (model, optimizer, start, run_id) = match resumed {
            Some(r) => (r.model, r.optimizer, r.state.step, r.state.run_id),
            None => {
                let model = match &settings.model {
                    ModelSource::Folder(dir) => Llama::load_in(dir, &autodiff, base_dtype)?,
                    ModelSource::Picked(name) => {
                        let files = picked.model(name)?;
                        let (config, weights) = (files.config()?, files.weights()?);
                        Llama::from_store_in(&config, weights, &autodiff, base_dtype)?
                    }
                    ModelSource::Preset(_) => config.init(&autodiff),
                };
                let model = match (&settings.adapter, &settings.lora) {
                    (Some(dir), _) => model.load_adapter(dir)?.0,
                    (None, Some(lora)) => model.with_lora(lora),
                    (None, None) => model,
                };
                (model, adamw(&settings).init(kernels), 0, new_run_id())
            }
        };
        if start >= total {
            return Err(Error::input(
                "steps",
                format!(
                    "the save is at step {start}, and the run has {total} steps: give a larger `steps` to go on"
                ),
            ));
        }
        let schedule = Schedule::compile(&planned.plan, settings.schedule);
        let model = model.with_kernels(kernels).with_precision(settings.dtype);
        let mut trainer = Trainer::new(model, optimizer, schedule);
        trainer.max_grad_norm = Some(settings.max_grad_norm as f32).filter(|&n| n > 0.0);
        let lr = LrSchedule {
            peak: settings.lr(),
            warmup_steps: settings.warmup.unwrap_or(total / 20),
            total_steps: total,
            final_fraction: 0.1,
        };
        let eval_batches = data.eval_batches(settings.batch, config.vocab_size)?;
        let summary = Summary {
            documents: documents.len(),
            tokens: tokenized.iter().map(Vec::len).sum(),
            train_sequences: data.train.len(),
            eval_sequences: data.eval.len(),
            tokenize_seconds,
            bpe_seconds,
            total_steps: total,
            epochs: (total * settings.grad_accum) as f64 / per_epoch as f64,
            params: config.num_params(),
            trainable_params: memory_model(&settings, &config, kernels).trainable_params(),
            layers: config.num_hidden_layers,
            hidden: config.hidden_size,
            vocab: config.vocab_size,
        };
        let first_words = documents[0]
            .text
            .split_whitespace()
            .take(4)
            .collect::<Vec<_>>()
            .join(" ");
        Ok(Self {
            settings,
            device,
            kernels,
            tokenizer,
            data,
            eval_batches,
            planned,
            trainer,
            lr,
            start,
            step: start,
            run_id,
            first_words,
            summary,
        })
    }

    pub fn settings(&self) -> &RunSettings {
        &self.settings
    }

    pub fn summary(&self) -> &Summary {
        &self.summary
    }

    /// The plan the run trains under, with its predicted peak.
    pub fn planned(&self) -> &Planned {
        &self.planned
    }

    pub fn schedule(&self) -> &Schedule {
        self.trainer.schedule()
    }

    pub fn device(&self) -> &SelectedDevice {
        &self.device
    }

    /// The kernels in effect on the run's device.
    pub fn kernels(&self) -> Kernels {
        self.kernels
    }

    pub fn model(&self) -> &Llama {
        self.trainer.model()
    }

    pub fn tokenizer(&self) -> &TextTokenizer {
        &self.tokenizer
    }

    pub fn run_id(&self) -> &str {
        &self.run_id
    }

    /// The step the run started from (0, or the step of the save it resumed).
    pub fn start(&self) -> usize {
        self.start
    }

    /// Optimizer steps done.
    pub fn step(&self) -> usize {
        self.step
    }

    pub fn total_steps(&self) -> usize {
        self.summary.total_steps
    }

    pub fn is_done(&self) -> bool {
        self.step >= self.total_steps()
    }

    /// Tokens one optimizer step trains on.
    pub fn tokens_per_step(&self) -> usize {
        self.settings.batch * self.settings.seq * self.settings.grad_accum
    }

    /// The next optimizer step. Memory is sampled through `probe` at the run's second step
    /// (once AdamW's state exists) and at eval steps. A non-finite loss or gradient is an error
    /// and leaves the model as it was.
    pub async fn train_step(&mut self, probe: Option<MemoryProbe>) -> Result<StepReport> {
        let step = self.step + 1;
        let total = self.total_steps();
        if step > total {
            return Err(Error::input(
                "steps",
                format!("the run is done ({total} steps)"),
            ));
        }
        let (batch, accum, seed) = (
            self.settings.batch,
            self.settings.grad_accum,
            self.settings.seed,
        );
        let vocab = self.trainer.model().config.vocab_size;
        let micro: Vec<Batch> = (0..accum)
            .map(|j| {
                self.data
                    .train_batch((step - 1) * accum + j, batch, seed, vocab)
            })
            .collect::<Result<_>>()?;
        let lr = self.lr.lr(step);
        let eval_due = step == total || every(self.settings.eval_every, step);
        let save_due = step == total || every(self.settings.save_every, step);
        let sampled = step == (self.start + 2).min(total) || eval_due;
        let stats = self
            .trainer
            .step(&micro, lr, probe.filter(|_| sampled))
            .await?;
        self.step = step;
        Ok(StepReport {
            step,
            lr,
            stats,
            sampled,
            eval_due,
            save_due,
        })
    }

    /// The mean loss over the held-out sequences; `None` when none were held out.
    pub async fn eval(&self) -> Result<Option<f32>> {
        if self.eval_batches.is_empty() {
            return Ok(None);
        }
        self.trainer.eval_loss(&self.eval_batches).await.map(Some)
    }

    /// Saves the run at its current step into `out/checkpoint-STEP` (see [`super::save`]),
    /// keeping the settings' number of saves. A model with a non-finite weight is an error,
    /// and nothing is written.
    #[cfg(not(target_family = "wasm"))]
    pub async fn save(&self, out: &std::path::Path) -> Result<std::path::PathBuf> {
        let state = super::state::TrainerState {
            step: self.step,
            run_id: self.run_id.clone(),
            settings: serde_json::to_value(&self.settings).expect("settings serialize"),
        };
        let here = super::save::save_dir(out, self.step);
        let files = self.save_files(&here).await?;
        let keep = self.settings.save_total_limit;
        super::save::save(out, files, &self.trainer.optimizer, &state, keep)
    }

    /// What a save in `dir` holds besides the optimizer and trainer state, by path inside it:
    /// the HF folder; for a LoRA run the PEFT adapter folder and the tokenizer (the base
    /// model too when it is not a folder on disk: a preset), and with `merge` the merged
    /// model's HF folder in `merged/`.
    #[cfg(not(target_family = "wasm"))]
    async fn save_files(&self, dir: &std::path::Path) -> Result<Vec<(String, Vec<u8>)>> {
        use super::hf_folder::{hf_files, merged_files, model_files, peft_files, tokenizer_files};
        fn in_dir(files: Vec<(&'static str, Vec<u8>)>, sub: &str) -> Vec<(String, Vec<u8>)> {
            (files.into_iter())
                .map(|(name, bytes)| (format!("{sub}{name}"), bytes))
                .collect()
        }
        let (model, tokenizer, step) = (self.trainer.model(), &self.tokenizer, self.step);
        let Some(lora) = &self.settings.lora else {
            return Ok(in_dir(hf_files(model, tokenizer, step).await?, ""));
        };
        let absolute =
            |path: &std::path::Path| std::path::absolute(path).map_err(|e| Error::io(path, e));
        let base = match &self.settings.model {
            ModelSource::Folder(base) => absolute(base)?,
            ModelSource::Preset(_) | ModelSource::Picked(_) => absolute(dir)?,
        };
        let base = base.display().to_string();
        let mut files = in_dir(peft_files(model, lora, &base, step).await?, "");
        files.extend(in_dir(tokenizer_files(&model.config, tokenizer)?, ""));
        if !matches!(self.settings.model, ModelSource::Folder(_)) {
            files.extend(in_dir(model_files(model, step).await?, ""));
        }
        if self.settings.merge {
            files.extend(in_dir(
                merged_files(model, tokenizer, step).await?,
                "merged/",
            ));
        }
        Ok(files)
    }

    /// The model as it is now, as the files of an HF folder (see [`super::hf_folder`]).
    pub async fn hf_files(&self) -> Result<Vec<(&'static str, Vec<u8>)>> {
        super::hf_folder::hf_files(self.trainer.model(), &self.tokenizer, self.step).await
    }

    /// The text a sample continues: the settings' prompt, else the first words of the data.
    pub fn prompt(&self) -> &str {
        self.settings.prompt.as_deref().unwrap_or(&self.first_words)
    }

    /// Continues `prompt` with the settings' number of tokens (temperature 0.7, top-k 40,
    /// top-p 0.95), calling `on_text` with each piece of text as it is decoded; returns the
    /// text generated.
    pub async fn sample(&self, prompt: &str, on_text: impl FnMut(&str)) -> Result<String> {
        let sampling = Sampling {
            max_new_tokens: self.settings.sample_tokens,
            temperature: 0.7,
            top_k: 40,
            top_p: 0.95,
            seed: self.settings.seed,
        };
        let model = self.trainer.model().valid();
        continue_text(&model, &self.tokenizer, prompt, &sampling, on_text).await
    }
}

/// `settings` with `lora` set to their `adapter`'s (which they may name, but not differently).
#[cfg(not(target_family = "wasm"))]
fn with_adapter_lora(mut settings: RunSettings) -> Result<RunSettings> {
    let Some(dir) = &settings.adapter else {
        return Ok(settings);
    };
    let found = crate::adapter::AdapterConfig::read(dir)?;
    if let Some(lora) = &settings.lora
        && *lora != found.lora
    {
        let targets: Vec<&str> = found.lora.targets.iter().map(|t| t.name()).collect();
        return Err(Error::input(
            "lora_rank",
            format!(
                "the adapter in {} has rank {}, alpha {} on {}: leave the LoRA settings out to go on training it",
                dir.display(),
                found.lora.rank,
                found.lora.alpha,
                targets.join(",")
            ),
        ));
    }
    if found.dropout > 0.0 {
        tracing::warn!(
            "{}: lora_dropout {} is not applied: remat trains adapters without dropout",
            dir.display(),
            found.dropout
        );
    }
    settings.lora = Some(found.lora);
    Ok(settings)
}

#[cfg(target_family = "wasm")]
fn with_adapter_lora(settings: RunSettings) -> Result<RunSettings> {
    match &settings.adapter {
        Some(dir) => Err(Error::input(
            "adapter",
            format!("{}: the browser reads no files", dir.display()),
        )),
        None => Ok(settings),
    }
}

#[cfg(not(target_family = "wasm"))]
fn read_path(path: &std::path::Path) -> Result<Vec<Document>> {
    super::data::read_documents(path)
}

#[cfg(target_family = "wasm")]
fn read_path(path: &std::path::Path) -> Result<Vec<Document>> {
    Err(Error::input(
        "data",
        format!("{}: the browser reads no files", path.display()),
    ))
}

/// `step` is a multiple of `every` (never, for 0).
fn every(every: usize, step: usize) -> bool {
    every > 0 && step.is_multiple_of(every)
}

fn adamw(settings: &RunSettings) -> AdamW {
    AdamW {
        weight_decay: settings.weight_decay as f32,
        ..AdamW::default()
    }
}

/// The optimizer a run with `settings` builds, for reading a save's state into.
pub fn optimizer(settings: &RunSettings, device: &SelectedDevice) -> ModuleOptimizer {
    adamw(settings).init(settings.kernels.on(&device.device))
}

/// What a step of `config` under `settings` holds, as the planner counts it.
pub fn memory_model(settings: &RunSettings, config: &LlamaConfig, kernels: Kernels) -> MemoryModel {
    MemoryModel::new(config, settings.batch, settings.seq, OptimizerKind::AdamW)
        .with_fused_kernels(kernels == Kernels::Fused)
        .with_precision(settings.dtype)
        .with_schedule(settings.schedule)
        .with_lora(settings.lora.clone())
}

/// The plan `settings` ask for on `device`, with its predicted peak (see
/// [`crate::checkpoint::planner::resolve`]).
pub fn plan(
    settings: &RunSettings,
    config: &LlamaConfig,
    device: &SelectedDevice,
    kernels: Kernels,
) -> Result<Planned> {
    let memory = memory_model(settings, config, kernels);
    memory.check()?;
    let speed = if settings.calibrate {
        calibrate(config, &memory, device, kernels)?
    } else {
        Speed::default()
    };
    resolve(
        &settings.plan,
        &memory,
        &TimeModel::new(&memory, speed),
        device,
    )
}

#[cfg(not(target_family = "wasm"))]
fn calibrate(
    config: &LlamaConfig,
    memory: &MemoryModel,
    device: &SelectedDevice,
    kernels: Kernels,
) -> Result<Speed> {
    let speed = crate::checkpoint::calibrate::calibrate(config, memory, &device.device, kernels)?;
    tracing::info!(
        "calibrated on {}: {:.2} TFLOP/s, a layer's backward {:.2}x its forward, host copies {:.2} GB/s",
        device.description,
        speed.flops_per_second / 1e12,
        speed.backward_per_forward,
        speed.host_bytes_per_second / 1e9
    );
    Ok(speed)
}

#[cfg(target_family = "wasm")]
fn calibrate(_: &LlamaConfig, _: &MemoryModel, _: &SelectedDevice, _: Kernels) -> Result<Speed> {
    Err(Error::input(
        "calibrate",
        "timing the device needs a native build; plan with the assumed speed",
    ))
}

/// The tokenizer of a new run, and the seconds spent training it when it was trained.
fn load_tokenizer(
    settings: &RunSettings,
    config: &LlamaConfig,
    picked: &Picked,
    texts: &[&str],
) -> Result<(TextTokenizer, Option<f64>)> {
    let eos = config.eos_token_id();
    let vocab_size = match (&settings.tokenizer, &settings.model) {
        (TokenizerSource::File(path), _) => return Ok((TextTokenizer::load(path, eos)?, None)),
        (TokenizerSource::Auto, ModelSource::Picked(name)) => {
            return Ok((picked.model(name)?.tokenizer(eos)?, None));
        }
        (TokenizerSource::Auto, ModelSource::Folder(dir)) => {
            let path = dir.join("tokenizer.json");
            if !path.is_file() {
                return Err(Error::input(
                    "tokenizer",
                    format!(
                        "{}: missing; give the model's tokenizer.json as the tokenizer",
                        path.display()
                    ),
                ));
            }
            return Ok((TextTokenizer::load(&path, eos)?, None));
        }
        (TokenizerSource::Bpe { vocab_size }, _) => *vocab_size,
        (TokenizerSource::Auto, ModelSource::Preset(_)) => 512,
    };
    let started = Instant::now();
    let tokenizer = TextTokenizer::train_bpe(texts, vocab_size)?;
    Ok((tokenizer, Some(started.elapsed().as_secs_f64())))
}

/// The tokenizer's ids fit the model, and the sequence its positions.
fn check_fits(
    config: &LlamaConfig,
    tokenizer: &TextTokenizer,
    settings: &RunSettings,
) -> Result<()> {
    if tokenizer.vocab_size() > config.vocab_size {
        return Err(Error::input(
            "tokenizer",
            format!(
                "the tokenizer has {} tokens but the model's vocab_size is {}: use the model's own tokenizer.json",
                tokenizer.vocab_size(),
                config.vocab_size
            ),
        ));
    }
    let positions = config.max_position_embeddings;
    if settings.seq > positions {
        return Err(Error::input(
            "seq",
            format!(
                "{} is longer than the model's max_position_embeddings ({positions})",
                settings.seq
            ),
        ));
    }
    if settings.sample_tokens >= positions {
        return Err(Error::input(
            "sample_tokens",
            format!(
                "{}: more than the model's max_position_embeddings ({positions}) leave after the prompt",
                settings.sample_tokens
            ),
        ));
    }
    Ok(())
}

/// A name no other run has: the time, and the process id (native) or a random number.
fn new_run_id() -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("{nanos:x}-{:x}", salt())
}

#[cfg(not(target_family = "wasm"))]
fn salt() -> u32 {
    std::process::id()
}

#[cfg(target_family = "wasm")]
fn salt() -> u32 {
    let mut bytes = [0u8; 4];
    let _ = getrandom::fill(&mut bytes);
    u32::from_le_bytes(bytes)
}
