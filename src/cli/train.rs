//! `remat train`: for now, a small model trained from scratch on a built-in corpus.

use std::time::Instant;

use clap::Args;
use remat::checkpoint::{HostStash, MemoryTracker, forward_backward};
use remat::device::{self, DeviceChoice};
use remat::train::batch::Batch;
use remat::train::optim::AdamW;

use super::policy::PolicyArgs;

/// A short English text, about 3 KB, byte-level tokenized: small enough to learn in minutes.
const CORPUS: &str = include_str!("corpus.txt");

#[derive(Args, Debug, Clone)]
pub struct TrainArgs {
    /// Optimizer steps.
    #[arg(long, default_value_t = 600)]
    steps: usize,
    /// Sequences per batch.
    #[arg(long, default_value_t = 8)]
    batch: usize,
    /// Tokens per sequence.
    #[arg(long, default_value_t = 64)]
    seq: usize,
    /// Learning rate.
    #[arg(long, default_value_t = 3e-3)]
    lr: f64,
    /// Seed for initialization and batch sampling.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    #[command(flatten)]
    policy: PolicyArgs,
    /// auto, wgpu or cpu.
    #[arg(long, default_value = "auto")]
    device: DeviceChoice,
}

impl Default for TrainArgs {
    fn default() -> Self {
        use clap::FromArgMatches;
        let matches = <Self as clap::Args>::augment_args(clap::Command::new("train"))
            .get_matches_from(["train"]);
        Self::from_arg_matches(&matches).expect("the defaults parse")
    }
}

/// SplitMix64: a small, seedable generator for sampling batch windows.
fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

pub fn run(args: TrainArgs) -> anyhow::Result<()> {
    let selected = device::select(args.device)?;
    let device = selected.device.clone().autodiff();
    device.seed(args.seed);
    let config = remat::presets::preset("tiny")?;
    let tokens: Vec<i64> = CORPUS.bytes().map(i64::from).collect();
    anyhow::ensure!(
        tokens.len() > args.seq,
        "--seq {} is longer than the built-in corpus ({} tokens)",
        args.seq,
        tokens.len()
    );
    println!(
        "training a {}-parameter Llama ({} layers, hidden {}) on {} bytes of text, batch {} x {} tokens",
        config.num_params(),
        config.num_hidden_layers,
        config.hidden_size,
        tokens.len(),
        args.batch,
        args.seq
    );
    let plan = args
        .policy
        .resolve(&config, args.batch, args.seq, &selected)?
        .plan;
    let mut stash = HostStash::new();
    let mut model = config.init(&device);
    let mut optimizer = AdamW::default().init();
    let mut rng = args.seed;
    let started = Instant::now();
    for step in 1..=args.steps {
        let mut ids = Vec::with_capacity(args.batch * args.seq);
        for _ in 0..args.batch {
            let start = (splitmix(&mut rng) % (tokens.len() - args.seq) as u64) as usize;
            ids.extend_from_slice(&tokens[start..start + args.seq]);
        }
        let batch = Batch::new(ids, None, [args.batch, args.seq], config.vocab_size)?;
        let mut tracker = MemoryTracker::new(&device, false);
        let out = forward_backward(&model, &batch, &plan, &mut stash, &mut tracker)?;
        anyhow::ensure!(out.loss.is_finite(), "loss is {} at step {step}", out.loss);
        model = optimizer.step(args.lr, model, out.grads);
        if step == 1 || step % 10 == 0 || step == args.steps {
            let tokens_done = step * args.batch * args.seq;
            println!(
                "step {step:>4}  loss {:.4}  {:.0} tokens/s",
                out.loss,
                tokens_done as f64 / started.elapsed().as_secs_f64()
            );
        }
    }
    println!("done in {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}
