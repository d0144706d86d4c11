//! `remat grads`: one forward and backward pass, written out for comparison with PyTorch.

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use remat::LlamaConfig;
use remat::adapter::{AdapterConfig, WEIGHTS_FILE};
use remat::device::{self, DeviceChoice};
use remat::inspect::{Adapters, Check, gradients};
use remat::precision::Precision;
use remat::weights::{TensorStore, to_safetensors};

#[derive(Args, Debug)]
pub struct GradsArgs {
    /// HF model folder (config.json, model.safetensors).
    #[arg(long)]
    model: PathBuf,
    /// safetensors file with `input_ids` [batch, seq] and optional `labels` (integers).
    #[arg(long)]
    inputs: PathBuf,
    /// Where to write `loss`, `logits` and each trained parameter's gradient by HF name (f32;
    /// PEFT's names for adapters).
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
    /// Fresh LoRA adapters over the frozen model (`B` zero, as a run starts them).
    #[command(flatten)]
    lora: super::lora::LoraArgs,
    /// A PEFT adapter folder over the model: its adapters' gradients are written, under
    /// their PEFT names.
    #[arg(long, conflicts_with = "lora_rank")]
    adapter: Option<PathBuf>,
    /// f32, bf16 or f16: activations and frozen weights (what trains stays float32).
    #[arg(long, default_value = "f32")]
    dtype: Precision,
}

pub fn run(args: GradsArgs) -> anyhow::Result<()> {
    let selected = device::select(args.device)?;
    let device = selected.device.clone().autodiff();
    let kernels = super::kernels::resolve(args.kernels.kernels, &device);
    let config = LlamaConfig::load(&args.model)?;
    let store = TensorStore::open(&args.model)?;
    let adapters = match (&args.adapter, args.lora.config()?) {
        (Some(dir), _) => {
            let lora = AdapterConfig::read(dir)?.lora;
            let path = dir.join(WEIGHTS_FILE);
            let bytes = std::fs::read(&path).with_context(|| path.display().to_string())?;
            let file = path.display().to_string();
            Adapters::Stored(lora, TensorStore::from_safetensors(&bytes, &file)?)
        }
        (None, Some(lora)) => Adapters::Fresh(lora),
        (None, None) => Adapters::None,
    };
    let file = args.inputs.display().to_string();
    let bytes = std::fs::read(&args.inputs).with_context(|| format!("reading {file}"))?;
    args.dtype.check_on(&selected)?;
    let check = Check {
        plan: args.policy.clone(),
        kernels,
        precision: args.dtype,
        adapters,
    };
    let (plan, tensors) =
        remat::block_on(gradients(&config, store, &bytes, &file, &device, check))?;
    let loss = tensors[0].1.as_slice::<f32>().expect("f32")[0];
    println!("loss: {loss:.6} (plan {plan})");
    std::fs::write(&args.out, to_safetensors(&tensors)?)
        .with_context(|| format!("writing {}", args.out.display()))?;
    println!("wrote {} tensors to {}", tensors.len(), args.out.display());
    Ok(())
}
