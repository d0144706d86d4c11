//! `--policy`, `--budget` and `--calibrate`: how the bench command picks a plan (train takes
//! them into its settings).

use clap::Args;
use remat::LlamaConfig;
use remat::checkpoint::planner::Budget;
use remat::checkpoint::{PlanSpec, Planned};
use remat::device::SelectedDevice;
use remat::kernels::Kernels;
use remat::train::run;
use remat::train::settings::RunSettings;

#[derive(Args, Debug, Clone)]
pub struct PolicyArgs {
    /// Checkpoint plan: none, recompute, offload, auto (the fastest plan within --budget), or
    /// one of K/R/O per layer.
    #[arg(long, default_value = "none")]
    pub policy: String,
    /// Device memory budget for `--policy auto`: 6GiB, 512MiB, or a share of the device's
    /// memory such as 80%.
    #[arg(long)]
    pub budget: Option<Budget>,
    /// Measure the device's compute and host-copy speed before planning (else an RTX
    /// 3090/4090-class card is assumed).
    #[arg(long)]
    pub calibrate: bool,
}

impl PolicyArgs {
    /// The plan these flags name.
    pub fn spec(&self) -> anyhow::Result<PlanSpec> {
        match (self.policy.as_str(), self.budget) {
            ("auto", Some(budget)) => Ok(PlanSpec::Auto(budget)),
            ("auto", None) => anyhow::bail!("--policy auto needs --budget (e.g. 6GiB or 80%)"),
            (spec, _) => Ok(spec.parse()?),
        }
    }

    /// The plan these flags ask for in a step of `step` (its batch shape, schedule and LoRA),
    /// said with its predicted peak: the training run's own planning ([`run::plan`]).
    pub fn resolve(
        &self,
        step: RunSettings,
        config: &LlamaConfig,
        selected: &SelectedDevice,
        kernels: Kernels,
    ) -> anyhow::Result<Planned> {
        let settings = RunSettings {
            plan: self.spec()?,
            calibrate: self.calibrate,
            ..step
        };
        let planned = run::plan(&settings, config, selected, kernels)?;
        tracing::info!("plan {planned}");
        Ok(planned)
    }
}
