//! Subcommands of the `remat` binary, one file each.

mod bench;
mod devices;
mod flags;
mod generate;
mod grads;
mod kernels;
mod lora;
mod plan;
mod plots;
mod policy;
mod schedule;
mod train;
mod train_args;

use clap::{Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(
    name = "remat",
    version,
    about = "Train Llama-family language models on the GPU you have"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Train from scratch or fine-tune (with no arguments: a demo on built-in stories).
    Train(Box<train::TrainArgs>),
    /// Continue a prompt with a trained model (KV cache; greedy or sampled).
    Generate(generate::GenerateArgs),
    /// Run training steps under a checkpoint plan and report memory and speed.
    Bench(bench::BenchArgs),
    /// Predict the peak memory and time of each checkpoint plan, and pick one for a budget.
    Plan(plan::PlanArgs),
    /// Write the loss, logits and every parameter gradient of one batch, for parity checks.
    Grads(grads::GradsArgs),
    /// List the wgpu adapters and the CPU backend.
    Devices,
}

impl Cli {
    pub fn run(self) -> anyhow::Result<()> {
        match self.command {
            None => train::run(train::TrainArgs::default()),
            Some(Command::Train(args)) => train::run(*args),
            Some(Command::Generate(args)) => generate::run(args),
            Some(Command::Bench(args)) => bench::run(args),
            Some(Command::Plan(args)) => plan::run(args),
            Some(Command::Grads(args)) => grads::run(args),
            Some(Command::Devices) => devices::run(),
        }
    }
}

pub use flags::render as render_error;
