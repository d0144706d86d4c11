//! `--policy`, `--budget` and `--calibrate`: how the train, bench and plan commands pick a plan.

use std::time::Instant;

use anyhow::Context;
use burn::prelude::*;
use clap::Args;
use remat::LlamaConfig;
use remat::checkpoint::planner::{Budget, gib};
use remat::checkpoint::{
    HostStash, MemoryModel, Optimizer, Plan, Planned, Speed, TimeModel, plan_for_budget,
};
use remat::device::SelectedDevice;
use remat::model::layer::DecoderLayer;

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
    /// The plan these flags ask for at this batch shape, said with its predicted peak.
    pub fn resolve(
        &self,
        config: &LlamaConfig,
        batch: usize,
        seq: usize,
        selected: &SelectedDevice,
    ) -> anyhow::Result<Planned> {
        let fused = remat::kernels::use_fused(&selected.device, burn::tensor::DType::F32);
        let memory =
            MemoryModel::new(config, batch, seq, Optimizer::AdamW).with_fused_kernels(fused);
        memory.check()?;
        let speed = self.speed(config, &memory, selected)?;
        let time = TimeModel::new(&memory, speed);
        let planned = match self.policy.as_str() {
            "auto" => {
                let budget = self
                    .budget
                    .context("--policy auto needs --budget (e.g. 6GiB or 80%)")?
                    .bytes(selected.memory_bytes)?;
                let planned = plan_for_budget(&memory, &time, budget)?;
                tracing::info!("budget {}: auto chose plan {}", gib(budget), planned.plan);
                planned
            }
            spec => Planned::new(Plan::parse(spec, config.num_hidden_layers)?, &memory, &time),
        };
        tracing::info!("plan {planned}");
        // Nothing is allocated for a step that cannot fit the device.
        let peak = planned.peak.total();
        if let Some(device_bytes) = selected.memory_bytes
            && peak > device_bytes
        {
            anyhow::bail!(
                "plan {} needs {} of device memory at its peak ({}), and {} has {}: {}",
                planned.plan,
                gib(peak),
                planned.peak,
                selected.description,
                gib(device_bytes),
                memory.what_fits(device_bytes)
            );
        }
        Ok(planned)
    }

    /// Measured speed if asked for, else the default.
    pub fn speed(
        &self,
        config: &LlamaConfig,
        memory: &MemoryModel,
        selected: &SelectedDevice,
    ) -> anyhow::Result<Speed> {
        if !self.calibrate {
            return Ok(Speed::default());
        }
        let speed = calibrate(config, memory, &selected.device)?;
        tracing::info!(
            "calibrated on {}: {:.2} TFLOP/s, host copies {:.2} GB/s",
            selected.description,
            speed.flops_per_second / 1e12,
            speed.host_bytes_per_second / 1e9
        );
        Ok(speed)
    }
}

/// Times one decoder layer's forward and a round trip of its input through host memory on
/// `device`, at the batch shape of `memory`.
pub fn calibrate(
    config: &LlamaConfig,
    memory: &MemoryModel,
    device: &Device,
) -> anyhow::Result<Speed> {
    let layer = DecoderLayer::new(config, device);
    let rope = remat::model::rope::RopeTables::new(
        config.rope()?,
        config.head_dim(),
        0,
        memory.seq,
        device,
    );
    let x = Tensor::<3>::random(
        [memory.batch, memory.seq, config.hidden_size],
        burn::tensor::Distribution::Normal(0.0, 1.0),
        device,
    );
    let mut stash = HostStash::new();
    let mut round_trip = || -> anyhow::Result<()> {
        let mut transfer = stash.start(x.clone());
        stash.finish(&mut transfer)?;
        let back = stash.restore(transfer, device)?;
        device.sync().ok();
        drop(back);
        Ok(())
    };
    // Warm-up: kernels compiled, buffers allocated.
    drop(layer.forward(x.clone(), &rope));
    round_trip()?;
    device.sync().ok();

    let timed = |mut f: Box<dyn FnMut() -> anyhow::Result<()> + '_>| -> anyhow::Result<f64> {
        let (mut runs, started) = (0, Instant::now());
        while runs < 2 || started.elapsed().as_secs_f64() < 0.5 {
            f()?;
            runs += 1;
        }
        Ok(started.elapsed().as_secs_f64() / runs as f64)
    };
    let forward = timed(Box::new(|| {
        drop(layer.forward(x.clone(), &rope));
        device.sync().ok();
        Ok(())
    }))?;
    let copy = timed(Box::new(&mut round_trip))? / 2.0;
    Ok(Speed {
        flops_per_second: memory.layer_forward_flops() / forward,
        host_bytes_per_second: memory.hidden_bytes() as f64 / copy,
    })
}
