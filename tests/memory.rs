//! Device memory of the checkpoint executor and the kernels, on wgpu. Its own test binary: tests
//! in one process share the wgpu device and its memory pool, so nothing else may run beside one
//! (`ALONE`).

mod common;

use burn::prelude::*;
use burn::tensor::Distribution;
use common::{batch, eight_layers};
use remat::checkpoint::{Executor, MemoryProbe, Plan, Schedule, ScheduleOptions};
use remat::kernels;

/// Held by each test: the bytes in use it reads are its own.
static ALONE: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Bytes in use after the layers' forward: for recompute, exactly the layer inputs and the last
/// hidden state (so no KV cache and no other activation stays alive); for offload, only what
/// stays on the device.
#[test]
fn saved_memory_is_the_layer_inputs() {
    let _alone = ALONE.lock().unwrap_or_else(|e| e.into_inner());
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

#[test]
fn a_rebuilt_projection_input_is_not_kept_for_backward() {
    // The bytes in use after the forward, with the graph alive: keeping the inputs of the two
    // projections holds `silu(gate) * up` and the `[b, t, h*dh]` context (4 MiB each here);
    // rebuilding them holds neither (the gate, up and heads are kept either way).
    let _alone = ALONE.lock().unwrap_or_else(|e| e.into_inner());
    let device = Device::wgpu(DeviceKind::DefaultDevice).autodiff();
    device.seed(19);
    let [b, t, h, dh, n] = [4, 256, 8, 128, 64];
    let f = h * dh;
    let normal = Distribution::Normal(0.0, 1.0);
    let gate = Tensor::<3>::random([b, t, f], normal, &device).require_grad();
    let up = Tensor::<3>::random([b, t, f], normal, &device).require_grad();
    let heads = Tensor::<4>::random([b, h, t, dh], normal, &device).require_grad();
    let w = Tensor::<2>::random([f, n], normal, &device).require_grad();
    let probe = MemoryProbe::default();
    let in_use = || {
        remat::block_on(probe.bytes_in_use(&device.clone().inner()))
            .unwrap()
            .expect("wgpu counts its pool")
    };
    let after_forward = |rebuild: bool| {
        let before = in_use();
        let product = kernels::swiglu::fused(gate.clone(), up.clone());
        let of = kernels::InputOf::Swiglu {
            gate: gate.clone(),
            up: up.clone(),
        };
        let y = kernels::matmul::fused(product, rebuild.then_some(&of), w.clone());
        let context = heads.clone().swap_dims(1, 2).reshape([b, t, f]);
        let of = kernels::InputOf::Heads(heads.clone());
        let z = kernels::matmul::fused(context, rebuild.then_some(&of), w.clone());
        let held = in_use() - before;
        let _ = (y + z).sum().backward();
        held
    };
    let kept = after_forward(false);
    let rebuilt = after_forward(true);
    let inputs = 2 * (b * t * f * 4) as u64;
    let outputs = 2 * (b * t * n * 4) as u64;
    let slack = 16 * 1024; // a pool's small allocations
    println!(
        "after the forward: kept {kept} B, rebuilt {rebuilt} B; the two inputs {inputs} B, outputs {outputs} B"
    );
    assert!(
        rebuilt <= outputs + slack,
        "rebuilding the inputs held {rebuilt} B after the forward: more than the outputs' {outputs} B"
    );
    assert!(
        kept + slack >= outputs + inputs,
        "keeping the inputs held {kept} B after the forward: less than the outputs' and inputs' {} B",
        outputs + inputs
    );
}
