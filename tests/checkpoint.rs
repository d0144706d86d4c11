//! The checkpoint executor: every plan gives the plain backward's gradients, offloaded inputs
//! come back unchanged, and the memory a plan saves is what it should be.

mod common;

use burn::prelude::*;
use common::{devices, fixture, rel_err, values};
use remat::checkpoint::{HostStash, MemoryTracker, Plan, forward_backward};
use remat::train::batch::Batch;
use remat::{Llama, LlamaConfig};

/// A deterministic batch of `[batch, seq]` ids below `vocab`.
fn batch(batch: usize, seq: usize, vocab: usize) -> Batch {
    let ids = (0..batch * seq)
        .map(|i| ((i * 7919 + 13) % vocab) as i64)
        .collect();
    Batch::new(ids, None, [batch, seq], vocab).unwrap()
}

fn eight_layers(device: &Device) -> Llama {
    let mut config = LlamaConfig::new(64, 32, 64, 8, 4, 2);
    config.initializer_range = 0.1;
    device.seed(7);
    config.init(device)
}

/// Compares every plan's gradients with the plain backward's: bit for bit where `exact`, and
/// within 1e-6 relative always. The executor re-runs layers through the same op implementations
/// as the plain backward, so both backends here are exact.
fn check_plans(label: &str, model: &Llama, batch: &Batch, plans: &[&str], exact: bool) {
    let reference = remat::train::step::forward_backward(model, batch);
    let reference_grads = model.hf_grads(&reference.grads).unwrap();
    let mut stash = HostStash::new();
    for spec in plans {
        let plan = Plan::parse(spec, model.layers.len()).unwrap();
        let mut tracker = MemoryTracker::new(&model.embed_tokens.weight.device(), false);
        let out = forward_backward(model, batch, &plan, &mut stash, &mut tracker).unwrap();
        let grads = model.hf_grads(&out.grads).unwrap();
        assert_eq!(grads.len(), reference_grads.len());
        let mut worst = rel_err(&[out.loss], &[reference.loss]);
        for ((name, grad), (_, expected)) in grads.iter().zip(&reference_grads) {
            let (a, b) = (values(grad), values(expected));
            if exact {
                assert!(
                    a == b,
                    "{label} {plan}: gradient of {name} differs: rel err {:e}",
                    rel_err(&a, &b)
                );
            }
            worst = worst.max(rel_err(&a, &b));
        }
        assert!(worst <= 1e-6, "{label} {plan}: rel err {worst:e}");
        println!("{label} {plan}: worst gradient rel err {worst:.1e}");
    }
}

#[test]
fn every_plan_gives_the_plain_gradients_on_fixtures() {
    for name in ["gqa", "tied"] {
        for (label, base) in devices() {
            let model = Llama::load(&fixture(name), &base.clone().autodiff()).unwrap();
            let batch = batch(2, 12, model.config.vocab_size);
            check_plans(
                &format!("{name}/{label}"),
                &model,
                &batch,
                &["none", "recompute", "offload", "KR", "OK", "RO"],
                true,
            );
        }
    }
}

#[test]
fn every_plan_gives_the_plain_gradients_on_eight_layers() {
    for (label, base) in devices() {
        let model = eight_layers(&base.clone().autodiff());
        let batch = batch(2, 16, 64);
        let plans = ["none", "recompute", "offload", "KRKOKKRO", "OOKKRRKO"];
        check_plans(&format!("8 layers/{label}"), &model, &batch, &plans, true);
    }
}

#[test]
fn offloaded_inputs_survive_in_place_ops() {
    for (label, device) in devices() {
        let mut stash = HostStash::new();
        let x = Tensor::<3>::random(
            [2, 8, 16],
            burn::tensor::Distribution::Normal(0.0, 1.0),
            &device,
        );
        let expected = values(&x.clone().into_data());
        let h = x.clone() * 2.0;
        let mut transfer = stash.start(h.clone());
        // `h` is now the only handle: these may run in place on its buffer.
        let h = (h * 3.0 + 1.0).exp();
        stash.finish(&mut transfer).unwrap();
        let back = stash.restore(transfer, &device).unwrap();
        let doubled: Vec<f32> = expected.iter().map(|v| v * 2.0).collect();
        assert_eq!(values(&back.into_data()), doubled, "{label}");
        drop(h);
        // Buffers are reused: a second round allocates nothing new.
        let held = stash.host_bytes();
        let transfer = stash.start(x.clone());
        stash.restore(transfer, &device).unwrap();
        assert_eq!(stash.host_bytes(), held, "{label}");
    }
}

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
    let mut stash = HostStash::new();
    let mut saved = Vec::new();
    for (spec, device_inputs) in [("recompute", layers + 1), ("offload", 2), ("none", 0)] {
        let plan = Plan::parse(spec, layers).unwrap();
        // Warm up (kernels, pools), then measure.
        let mut tracker = MemoryTracker::new(&device, false);
        forward_backward(&model, &batch, &plan, &mut stash, &mut tracker).unwrap();
        base.memory_cleanup();
        let mut tracker = MemoryTracker::new(&device, true);
        let out = forward_backward(&model, &batch, &plan, &mut stash, &mut tracker).unwrap();
        let kept = out.memory.saved_after_forward_bytes;
        if device_inputs > 0 {
            let expected = device_inputs as u64 * hidden_bytes;
            let slack = 64 * 1024; // rotary tables, token ids, loss scalars
            assert!(
                kept >= expected && kept <= expected + slack,
                "{spec}: {kept} bytes kept after forward, expected {expected} (+ up to {slack})"
            );
        }
        assert!(out.memory.peak_bytes >= out.memory.start_bytes + kept);
        saved.push((spec, kept, stash.host_bytes()));
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
