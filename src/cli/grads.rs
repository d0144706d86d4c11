//! `remat grads`: one forward and backward pass, written out for comparison with PyTorch.

use std::path::PathBuf;

use anyhow::Context;
use burn::prelude::*;
use clap::Args;
use remat::batch::Batch;
use remat::checkpoint::{Executor, Plan, Schedule, ScheduleOptions};
use remat::device::{self, DeviceChoice};
use remat::weights::{TensorStore, int_tensor, to_safetensors};
use remat::{Llama, LlamaConfig};

#[derive(Args, Debug)]
pub struct GradsArgs {
    /// HF model folder (config.json, model.safetensors).
    #[arg(long)]
    model: PathBuf,
    /// safetensors file with `input_ids` [batch, seq] and optional `labels` (integers).
    #[arg(long)]
    inputs: PathBuf,
    /// Where to write `loss`, `logits` and each parameter's gradient by HF name (f32).
    #[arg(long)]
    out: PathBuf,
    /// Checkpoint plan: none, recompute, offload, or one of K/R/O per layer.
    #[arg(long, default_value = "none")]
    policy: String,
    /// auto, cuda, wgpu or cpu.
    #[arg(long, default_value = "auto")]
    device: DeviceChoice,
    #[command(flatten)]
    kernels: super::kernels::KernelArgs,
}

/// Reads the integer tensor `name`, which must be `[batch, seq]`.
fn ids(bytes: &[u8], file: &str, name: &str) -> anyhow::Result<Option<(Vec<i64>, [usize; 2])>> {
    let Some((shape, values)) = int_tensor(bytes, file, name)? else {
        return Ok(None);
    };
    let [b, s] = shape[..] else {
        anyhow::bail!("{file}: `{name}` has shape {shape:?}, expected [batch, seq]");
    };
    Ok(Some((values, [b, s])))
}

pub fn run(args: GradsArgs) -> anyhow::Result<()> {
    let selected = device::select(args.device)?;
    let device = selected.device.clone().autodiff();
    let kernels = super::kernels::resolve(args.kernels.kernels, &device);
    let config = LlamaConfig::load(&args.model)?.for_training();
    let plan = Plan::parse(&args.policy, config.num_hidden_layers)?;
    let model =
        Llama::from_store(&config, TensorStore::open(&args.model)?, &device)?.with_kernels(kernels);

    let file = args.inputs.display().to_string();
    let bytes = std::fs::read(&args.inputs).with_context(|| format!("reading {file}"))?;
    let (input_ids, shape) = ids(&bytes, &file, "input_ids")?
        .with_context(|| format!("{file}: tensor `input_ids` is missing"))?;
    let labels = ids(&bytes, &file, "labels")?;
    if let Some((_, label_shape)) = &labels
        && *label_shape != shape
    {
        anyhow::bail!("{file}: `labels` has shape {label_shape:?}, `input_ids` has {shape:?}");
    }
    let batch = Batch::new(input_ids, labels.map(|l| l.0), shape, config.vocab_size)
        .with_context(|| format!("in {file}"))?;

    let mut executor = Executor::new(Schedule::compile(&plan, ScheduleOptions::default()));
    let out = remat::block_on(executor.step(&model, &batch, None))?;
    let loss = out.loss.into_scalar::<f32>();
    println!("loss: {loss:.6} (plan {plan})");
    let logits = model.valid().forward(batch.input_ids(&selected.device));
    let mut tensors = vec![
        (
            "loss".to_string(),
            TensorData::new(vec![loss], Vec::<usize>::new()),
        ),
        ("logits".to_string(), logits.into_data().convert::<f32>()),
    ];
    tensors.extend(model.hf_grads(&out.grads)?);
    std::fs::write(&args.out, to_safetensors(&tensors)?)
        .with_context(|| format!("writing {}", args.out.display()))?;
    println!("wrote {} tensors to {}", tensors.len(), args.out.display());
    Ok(())
}
