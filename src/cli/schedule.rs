//! `--no-offload-overlap`, `--no-prefetch` and `remat plan --schedule`: how a step's transfers
//! are scheduled, and the schedule printed with its predicted memory.

use clap::Args;
use remat::checkpoint::memory_model::gib;
use remat::checkpoint::{Op, Prediction, Schedule, ScheduleOptions};

#[derive(Args, Debug, Clone, Default)]
pub struct ScheduleArgs {
    /// Wait for each offloaded input's copy to the host at once, rather than while the next
    /// segment runs.
    #[arg(long)]
    pub no_offload_overlap: bool,
    /// Upload each offloaded input just before its own backward, rather than one segment ahead.
    #[arg(long)]
    pub no_prefetch: bool,
}

impl ScheduleArgs {
    pub fn options(&self) -> ScheduleOptions {
        ScheduleOptions {
            overlap_offload: !self.no_offload_overlap,
            prefetch: !self.no_prefetch,
        }
    }
}

/// Every op of `schedule`, each sample with the bytes `prediction` expects there.
pub fn print(schedule: &Schedule, prediction: &Prediction) {
    println!("schedule of plan {}:", schedule.plan());
    for (s, (range, policy)) in schedule.segments().iter().enumerate() {
        println!("  segment {s}: layers {range:?}, {policy:?}");
    }
    let mut samples = prediction.points.iter();
    for (n, op) in schedule.ops().iter().enumerate() {
        match op {
            Op::Sample(_) => {
                let (point, bytes) = samples.next().expect("one prediction per sample");
                let peak = if *point == prediction.peak.place && *bytes == prediction.peak.total() {
                    "  <- peak"
                } else {
                    ""
                };
                println!("{n:>4}  {:<48} {:>10}{peak}", op.to_string(), gib(*bytes));
            }
            _ => println!("{n:>4}  {op}"),
        }
    }
}
