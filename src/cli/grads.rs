//! `remat grads`: one forward and backward pass, written out for comparison with PyTorch.

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use remat::LlamaConfig;
use remat::device::{self, DeviceChoice};
use remat::inspect::gradients;
use remat::weights::{TensorStore, to_safetensors};

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

pub fn run(args: GradsArgs) -> anyhow::Result<()> {
    let selected = device::select(args.device)?;
    let device = selected.device.clone().autodiff();
    let kernels = super::kernels::resolve(args.kernels.kernels, &device);
    let config = LlamaConfig::load(&args.model)?;
    let store = TensorStore::open(&args.model)?;
    let file = args.inputs.display().to_string();
    let bytes = std::fs::read(&args.inputs).with_context(|| format!("reading {file}"))?;
    let (plan, tensors) = remat::block_on(gradients(
        &config,
        store,
        &bytes,
        &file,
        &args.policy,
        &device,
        kernels,
    ))?;
    let loss = tensors[0].1.as_slice::<f32>().expect("f32")[0];
    println!("loss: {loss:.6} (plan {plan})");
    std::fs::write(&args.out, to_safetensors(&tensors)?)
        .with_context(|| format!("writing {}", args.out.display()))?;
    println!("wrote {} tensors to {}", tensors.len(), args.out.display());
    Ok(())
}
