//! Measuring a device's speed for the planner: one decoder layer's forward, the same forward
//! recorded for autodiff with its backward, and a round trip of its input through host memory,
//! timed. Native only: it blocks and reads the clock.

use std::time::Instant;

use burn::prelude::*;

use super::memory_model::MemoryModel;
use super::offload::HostStash;
use super::planner::Speed;
use crate::config::LlamaConfig;
use crate::error::Result;
use crate::kernels::Kernels;
use crate::model::layer::DecoderLayer;
use crate::model::pass::Pass;
use crate::model::rope::RopeTables;

/// Times one decoder layer's forward (with `kernels`), its forward and backward as a
/// recomputed layer's backward runs them (a vector-Jacobian product on the autodiff device), and
/// a round trip of its input through host memory on `device`, at the batch shape of `memory`.
pub fn calibrate(
    config: &LlamaConfig,
    memory: &MemoryModel,
    device: &Device,
    kernels: Kernels,
) -> Result<Speed> {
    let pass_on = |device: &Device| -> Result<Pass> {
        Ok(Pass {
            rope: RopeTables::new(config.rope()?, config.head_dim(), 0, memory.seq, device),
            kernels,
        })
    };
    let layer = DecoderLayer::new(config, device);
    let pass = pass_on(device)?;
    let shape = [memory.batch, memory.seq, config.hidden_size];
    let normal = burn::tensor::Distribution::Normal(0.0, 1.0);
    let x = Tensor::<3>::random(shape, normal, device);
    let autodiff = device.clone().autodiff();
    let trained = DecoderLayer::new(config, &autodiff);
    let trained_pass = pass_on(&autodiff)?;
    let x_trained = Tensor::<3>::random(shape, normal, &autodiff).require_grad();
    let dy = Tensor::<3>::random(shape, normal, &autodiff);
    let forward_backward = || {
        let y = trained.forward(x_trained.clone(), &trained_pass);
        drop((y * dy.clone()).sum().backward());
        device.sync().ok();
    };
    let mut stash = HostStash::new();
    let mut round_trip = || -> Result<()> {
        let mut transfer = stash.start(x.clone());
        crate::block_on(stash.settle(&mut transfer))?;
        let back = crate::block_on(stash.restore(transfer, device))?;
        device.sync().ok();
        drop(back);
        Ok(())
    };
    // Warm-up: kernels compiled, buffers allocated.
    drop(layer.forward(x.clone(), &pass));
    forward_backward();
    round_trip()?;
    device.sync().ok();

    let timed = |mut f: Box<dyn FnMut() -> Result<()> + '_>| -> Result<f64> {
        let (mut runs, started) = (0, Instant::now());
        while runs < 2 || started.elapsed().as_secs_f64() < 0.5 {
            f()?;
            runs += 1;
        }
        Ok(started.elapsed().as_secs_f64() / runs as f64)
    };
    // The forward and the forward with backward in turns, the median of each: the two see the
    // same machine (a shared or throttled CPU drifts between separate runs).
    let (mut forwards, mut trainings, started) = (Vec::new(), Vec::new(), Instant::now());
    while forwards.len() < 3 || started.elapsed().as_secs_f64() < 1.0 {
        forwards.push(seconds(|| {
            drop(layer.forward(x.clone(), &pass));
            device.sync().ok();
        }));
        trainings.push(seconds(forward_backward));
    }
    let (forward, trained) = (median(forwards), median(trainings));
    let copy = timed(Box::new(&mut round_trip))? / 2.0;
    Ok(Speed {
        flops_per_second: memory.layer_forward_flops() / forward,
        backward_per_forward: (trained / forward - 1.0).max(0.0),
        host_bytes_per_second: memory.hidden_bytes() as f64 / copy,
    })
}

fn seconds(f: impl FnOnce()) -> f64 {
    let started = Instant::now();
    f();
    started.elapsed().as_secs_f64()
}

fn median(mut seconds: Vec<f64>) -> f64 {
    seconds.sort_by(f64::total_cmp);
    seconds[seconds.len() / 2]
}
