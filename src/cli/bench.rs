//! `remat bench`: training steps under a checkpoint plan, with their memory and speed.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use burn::prelude::*;
use clap::Args;
use remat::batch::Batch;
use remat::checkpoint::{Executor, MemoryModel, MemoryReport, OptimizerKind, Schedule};
use remat::device::{self, DeviceChoice};
use remat::precision::Precision;
use remat::train::optim::AdamW;
use remat::train::settings::RunSettings;
use remat::{Llama, LlamaConfig};

use super::policy::PolicyArgs;

/// The model: an HF folder, or sizes for a fresh one.
#[derive(Args, Debug, Clone)]
pub struct ModelArgs {
    /// HF model folder; without it a preset or the sizes below make a fresh model.
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// A named size.
    #[arg(long, conflicts_with = "model",
          value_parser = clap::builder::PossibleValuesParser::new(remat::presets::PRESETS))]
    pub preset: Option<String>,
    #[arg(long, default_value_t = 256)]
    pub hidden: usize,
    #[arg(long, default_value_t = 688)]
    pub intermediate: usize,
    #[arg(long, default_value_t = 4)]
    pub layers: usize,
    #[arg(long, default_value_t = 4)]
    pub heads: usize,
    #[arg(long, default_value_t = 2)]
    pub kv_heads: usize,
    #[arg(long, default_value_t = 2048)]
    pub vocab: usize,
}

impl ModelArgs {
    pub fn config(&self) -> anyhow::Result<LlamaConfig> {
        Ok(match (&self.model, &self.preset) {
            (Some(dir), _) => LlamaConfig::load(dir)?,
            (None, Some(name)) => remat::presets::preset(name)?,
            (None, None) => {
                let config = LlamaConfig::new(
                    self.vocab,
                    self.hidden,
                    self.intermediate,
                    self.layers,
                    self.heads,
                    self.kv_heads,
                );
                config.validate().context("the model flags")?;
                config
            }
        }
        .for_training())
    }

    pub fn build(&self, config: &LlamaConfig, device: &Device) -> anyhow::Result<Llama> {
        Ok(match &self.model {
            Some(dir) => Llama::load(dir, device)?,
            None => config.init(device),
        })
    }
}

#[derive(Args, Debug)]
pub struct BenchArgs {
    #[command(flatten)]
    model: ModelArgs,
    #[arg(long, default_value_t = 8)]
    batch: usize,
    #[arg(long, default_value_t = 512)]
    seq: usize,
    /// Timed steps, after one warm-up step and one step that samples memory.
    #[arg(long, default_value_t = 3)]
    steps: usize,
    #[command(flatten)]
    policy: PolicyArgs,
    /// auto, cuda, wgpu or cpu.
    #[arg(long, default_value = "auto")]
    device: DeviceChoice,
    /// End with one line of JSON holding every figure.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    kernels: super::kernels::KernelArgs,
    #[command(flatten)]
    schedule: super::schedule::ScheduleArgs,
    #[command(flatten)]
    lora: super::lora::LoraArgs,
    /// f32, bf16 or f16: activations and frozen weights (what trains stays float32).
    #[arg(long, default_value = "f32")]
    dtype: Precision,
}

/// The figures of one benchmark run.
#[derive(Debug, serde::Serialize)]
struct Figures {
    plan: String,
    /// The kernels in effect on this device: `fused` or `reference`.
    kernels: String,
    /// The type of activations and frozen weights.
    dtype: String,
    device: String,
    batch: usize,
    seq: usize,
    params: usize,
    /// Parameters trained: every one, or the LoRA adapters'.
    trainable_params: usize,
    /// Weights (adapters included), and the trained parameters' gradients and AdamW's two
    /// moments, f32.
    model_state_bytes: u64,
    peak_device_bytes: u64,
    /// What the planner's memory model predicted for `peak_device_bytes`.
    predicted_peak_bytes: u64,
    reserved_device_bytes: u64,
    /// Peak of bytes in use minus what was in use before the step (weights, optimizer state)
    /// and the gradients held at that moment.
    activation_peak_bytes: u64,
    /// Bytes in use after the layers' forward above the step's start: what the plan saved.
    saved_activation_bytes: u64,
    host_bytes: u64,
    /// The final norm, LM head and loss alone, forward and backward: how far the device's
    /// pool had to grow above what was in use before (the true peak inside the operations,
    /// which step samples at layer boundaries do not see; fragmentation included).
    loss_step_peak_bytes: u64,
    step_seconds: f64,
    /// The planner's time model: how much slower than `none` this plan's step is (0.3: 30%),
    /// with the device's measured speed under `--calibrate`, the assumed one otherwise.
    predicted_slowdown: f64,
    tokens_per_second: f64,
    loss: f32,
}

fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

pub fn run(args: BenchArgs) -> anyhow::Result<()> {
    let selected = device::select(args.device)?;
    let base = selected.device.clone();
    let device = base.clone().autodiff();
    device.seed(0);
    let kernels = super::kernels::resolve(args.kernels.kernels, &device);
    let config = args.model.config()?;
    let options = args.schedule.options();
    let lora = args.lora.config()?;
    let step = RunSettings {
        batch: args.batch,
        seq: args.seq,
        schedule: options,
        lora: lora.clone(),
        dtype: args.dtype,
        ..RunSettings::default()
    };
    args.dtype.check_on(&selected)?;
    let planned = args.policy.resolve(step, &config, &selected, kernels)?;
    let plan = planned.plan.clone();
    let model = args.model.build(&config, &device)?;
    let model = match &lora {
        Some(lora) => model.with_lora(lora),
        None => model,
    }
    .with_kernels(kernels)
    .with_precision(args.dtype);
    let trainable_params = MemoryModel::new(&config, args.batch, args.seq, OptimizerKind::AdamW)
        .with_lora(lora)
        .trainable_params();
    let ids = (0..args.batch * args.seq)
        .map(|i| ((i as u64 * 2_654_435_761) % config.vocab_size as u64) as i64)
        .collect();
    let batch = Batch::new(ids, None, [args.batch, args.seq], config.vocab_size)?;
    let mut optimizer = AdamW::default().init(kernels);
    let mut executor = Executor::new(Schedule::compile(&plan, options));
    let params = config.num_params();

    let mut model = model;
    let probe = crate::memory_probe();
    let mut step = |model: Llama, sample: bool| -> anyhow::Result<(Llama, f32, MemoryReport)> {
        let out = remat::block_on(executor.step(&model, &batch, sample.then_some(probe)))?;
        let loss = out.loss.into_scalar::<f32>();
        let model = optimizer.step(1e-4, model, out.grads);
        base.sync().ok();
        Ok((model, loss, out.memory))
    };
    // Warm-up: kernels compiled, pools and optimizer state allocated.
    (model, _, _) = step(model, false)?;
    base.memory_cleanup();
    let (mut loss, memory);
    (model, loss, memory) = step(model, true)?;
    let started = Instant::now();
    for _ in 0..args.steps {
        (model, loss, _) = step(model, false)?;
    }
    let step_seconds = started.elapsed().as_secs_f64() / args.steps.max(1) as f64;
    let loss_step_peak_bytes = loss_step_peak(&model, &batch, &base)?;
    let host_bytes = executor.host_bytes() as u64;
    drop(model);

    let weight_bytes = planned.peak.weights;
    let figures = Figures {
        plan: plan.to_string(),
        kernels: kernels.to_string(),
        dtype: args.dtype.to_string(),
        device: selected.description.clone(),
        batch: args.batch,
        seq: args.seq,
        params,
        trainable_params,
        model_state_bytes: weight_bytes + 3 * 4 * trainable_params as u64,
        peak_device_bytes: memory.peak_bytes,
        predicted_peak_bytes: planned.peak.total(),
        reserved_device_bytes: memory.reserved_bytes,
        activation_peak_bytes: memory.activation_peak_bytes,
        saved_activation_bytes: memory.saved_after_forward_bytes,
        host_bytes,
        loss_step_peak_bytes,
        step_seconds,
        predicted_slowdown: planned.slowdown,
        tokens_per_second: (args.batch * args.seq) as f64 / step_seconds,
        loss,
    };
    println!("plan {} on {}", figures.plan, figures.device);
    println!(
        "  {} parameters ({} trained), batch {} x {} tokens",
        figures.params, figures.trainable_params, figures.batch, figures.seq
    );
    println!(
        "  peak device {} (predicted {}, reserved {}), activation peak {}, saved after forward {}, host {}",
        mib(figures.peak_device_bytes),
        mib(figures.predicted_peak_bytes),
        mib(figures.reserved_device_bytes),
        mib(figures.activation_peak_bytes),
        mib(figures.saved_activation_bytes),
        mib(figures.host_bytes)
    );
    println!(
        "  loss step alone (final norm, head, loss, backward): peak {}",
        mib(figures.loss_step_peak_bytes)
    );
    println!(
        "  {:.3} s/step, {:.0} tokens/s over {} steps, loss {:.4}; predicted {:+.0}% time against none",
        figures.step_seconds,
        figures.tokens_per_second,
        args.steps,
        figures.loss,
        100.0 * figures.predicted_slowdown
    );
    if args.json {
        println!("{}", serde_json::to_string(&figures)?);
    }
    Ok(())
}

/// Bytes the loss step alone (final norm, LM head, loss, and their backward to the last hidden
/// states) takes at its peak on `device`: the pool's growth above the bytes in use before it,
/// after freeing the pool's cached memory. 0 where the device has no pool to read.
fn loss_step_peak(model: &Llama, batch: &Batch, device: &Device) -> anyhow::Result<u64> {
    let autodiff = device.clone().autodiff();
    let [b, t] = batch.labels(device).dims();
    let hidden = Tensor::<3>::random(
        [b, t, model.config.hidden_size],
        burn::tensor::Distribution::Normal(0.0, 1.0),
        &autodiff,
    )
    .cast(model.dtype)
    .require_grad();
    let labels = batch.labels(&autodiff);
    device.memory_cleanup();
    let Some(before) = remat::block_on(crate::memory_probe().bytes_in_use(device))? else {
        return Ok(0);
    };
    let loss = model.loss(hidden.clone(), labels, batch.num_targets());
    let grads = loss.backward();
    drop(hidden.grad(&grads));
    drop(grads);
    let _ = device.sync();
    Ok(remat::checkpoint::memory::bytes_reserved(device)
        .map_or(0, |reserved| reserved.saturating_sub(before)))
}
