//! Subcommands of the `remat` binary, one file each.

mod bench;
mod devices;
mod grads;
mod plan;
mod policy;
mod train;

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
    /// Train a model (with no arguments: a small demo on a built-in corpus).
    Train(train::TrainArgs),
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
            Some(Command::Train(args)) => train::run(args),
            Some(Command::Bench(args)) => bench::run(args),
            Some(Command::Plan(args)) => plan::run(args),
            Some(Command::Grads(args)) => grads::run(args),
            Some(Command::Devices) => devices::run(),
        }
    }
}
