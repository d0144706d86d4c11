//! Device memory of the checkpoint executor, on wgpu. Its own test binary: tests in one process
//! share the wgpu device and its memory pool, so nothing else may run beside it.

mod common;

use burn::prelude::*;
use common::{batch, eight_layers};
use remat::checkpoint::{Executor, MemoryProbe, Plan, Schedule, ScheduleOptions};

/// Bytes in use after the layers' forward: for recompute, exactly the layer inputs and the last
/// hidden state (so no KV cache and no other activation stays alive); for offload, only what
/// stays on the device.
#[test]
fn saved_memory_is_the_layer_inputs() {
    let base = Device::wgpu(DeviceKind::DefaultDevice);
    let device = base.clone().autodiff();
    let model = eight_layers(&device);
    let (b, t, d, layers) = (4, 64, 32, 8);
    let batch = batch(b, t, 64);
    let hidden_bytes = (b * t * d * 4) as u64;
    let mut saved = Vec::new();
    for (spec, device_inputs) in [("recompute", layers + 1), ("offload", 2), ("none", 0)] {
        let plan = Plan::parse(spec, layers).unwrap();
        let mut executor = Executor::new(Schedule::compile(&plan, ScheduleOptions::default()));
        // Warm up (kernels, pools), then measure.
        remat::block_on(executor.step(&model, &batch, None)).unwrap();
        base.memory_cleanup();
        let probe = Some(MemoryProbe::default());
        let out = remat::block_on(executor.step(&model, &batch, probe)).unwrap();
        let kept = out.memory.saved_after_forward_bytes;
        if device_inputs > 0 {
            let expected = device_inputs as u64 * hidden_bytes;
            let slack = 16 * 1024; // rotary tables, token ids
            assert!(
                kept >= expected && kept <= expected + slack,
                "{spec}: {kept} bytes kept after forward, expected {expected} (+ up to {slack})"
            );
        }
        assert!(out.memory.peak_bytes >= out.memory.start_bytes + kept);
        saved.push((spec, kept, executor.host_bytes()));
    }
    println!("{saved:?}");
    let (recompute, offload, none) = (saved[0].1, saved[1].1, saved[2].1);
    assert!(
        none > 4 * recompute,
        "keeping every activation ({none}) should cost far more than recompute ({recompute})"
    );
    assert!(offload < recompute);
    assert_eq!(
        saved[1].2 as u64,
        (layers as u64 - 1) * hidden_bytes,
        "host bytes of offload"
    );
}
