//! Measuring a device's speed for the planner: one decoder layer's forward and a round trip of
//! its input through host memory, timed. Native only: it blocks and reads the clock.

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

/// Times one decoder layer's forward (with `kernels`) and a round trip of its input through
/// host memory on `device`, at the batch shape of `memory`.
pub fn calibrate(
    config: &LlamaConfig,
    memory: &MemoryModel,
    device: &Device,
    kernels: Kernels,
) -> Result<Speed> {
    let layer = DecoderLayer::new(config, device);
    let pass = Pass {
        rope: RopeTables::new(config.rope()?, config.head_dim(), 0, memory.seq, device),
        kernels,
    };
    let x = Tensor::<3>::random(
        [memory.batch, memory.seq, config.hidden_size],
        burn::tensor::Distribution::Normal(0.0, 1.0),
        device,
    );
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
    let forward = timed(Box::new(|| {
        drop(layer.forward(x.clone(), &pass));
        device.sync().ok();
        Ok(())
    }))?;
    let copy = timed(Box::new(&mut round_trip))? / 2.0;
    Ok(Speed {
        flops_per_second: memory.layer_forward_flops() / forward,
        host_bytes_per_second: memory.hidden_bytes() as f64 / copy,
    })
}
