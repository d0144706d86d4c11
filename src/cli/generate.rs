//! `remat generate`: continue a prompt with a model folder (an HF folder or a run's save).

use std::path::PathBuf;

use clap::Args;
use remat::Llama;
use remat::adapter::{AdapterConfig, base_folder, is_adapter, load_model};
use remat::device::{self, DeviceChoice};
use remat::generate::Sampling;
use remat::tokenizer::TextTokenizer;
use remat::train::save::model_folder;

use super::train::print_sample;
use remat::generate::continue_text;

#[derive(Args, Debug)]
pub struct GenerateArgs {
    /// HF model folder with config.json, model.safetensors and tokenizer.json, a PEFT
    /// adapter folder (over its base_model_name_or_path), or the output folder of `remat
    /// train` (its latest save).
    #[arg(long)]
    model: PathBuf,
    /// A PEFT adapter folder (remat's save or PEFT's own) to run over --model.
    #[arg(long)]
    adapter: Option<PathBuf>,
    /// Text to continue.
    #[arg(long)]
    prompt: String,
    #[arg(long, default_value_t = 64)]
    max_new_tokens: usize,
    /// 0 picks the most likely token each time (greedy, as HF's `do_sample=False`).
    #[arg(long, default_value_t = 0.0)]
    temperature: f64,
    /// Sample among the k most likely tokens only (0: all).
    #[arg(long, default_value_t = 0)]
    top_k: usize,
    /// Sample among the most likely tokens whose probabilities add up to p.
    #[arg(long, default_value_t = 1.0)]
    top_p: f64,
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// auto, cuda, wgpu or cpu.
    #[arg(long, default_value = "auto")]
    device: DeviceChoice,
}

pub fn run(args: GenerateArgs) -> anyhow::Result<()> {
    anyhow::ensure!(
        args.temperature >= 0.0 && args.temperature.is_finite(),
        "--temperature {}: must be 0 or more",
        args.temperature
    );
    anyhow::ensure!(
        args.top_p > 0.0 && args.top_p <= 1.0,
        "--top-p {}: must be in (0, 1]",
        args.top_p
    );
    let dir = model_folder(&args.model)?;
    let selected = device::select(args.device)?;
    let model = match &args.adapter {
        Some(adapter) => {
            Llama::load(&dir, &selected.device)?
                .load_adapter(adapter)?
                .0
        }
        None => load_model(&dir, &selected.device)?,
    };
    // The adapter's tokenizer where it has one (PEFT saves it beside the adapter), else the
    // base model's.
    let dir = match &args.adapter {
        Some(adapter) if adapter.join("tokenizer.json").is_file() => adapter.clone(),
        _ if dir.join("tokenizer.json").is_file() || !is_adapter(&dir) => dir,
        _ => base_folder(&dir, &AdapterConfig::read(&dir)?)?,
    };
    anyhow::ensure!(
        args.max_new_tokens < model.config.max_position_embeddings,
        "--max-new-tokens {}: more than the model's max_position_embeddings ({}) leave after the prompt",
        args.max_new_tokens,
        model.config.max_position_embeddings
    );
    let tokenizer = TextTokenizer::load(&dir.join("tokenizer.json"), model.config.eos_token_id())?;
    anyhow::ensure!(
        tokenizer.vocab_size() <= model.config.vocab_size,
        "{}: the tokenizer has {} tokens but the model's vocab_size is {}",
        dir.display(),
        tokenizer.vocab_size(),
        model.config.vocab_size
    );
    let sampling = Sampling {
        max_new_tokens: args.max_new_tokens,
        temperature: args.temperature,
        top_k: args.top_k,
        top_p: args.top_p,
        seed: args.seed,
    };
    print_sample(&args.prompt, |on_text| {
        remat::block_on(continue_text(
            &model,
            &tokenizer,
            &args.prompt,
            &sampling,
            on_text,
        ))
        .map(drop)
    })
}
