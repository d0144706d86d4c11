//! The checkpoint executor: every plan gives the plain backward's gradients, and offloaded
//! inputs come back unchanged.

mod common;

use burn::prelude::*;
use common::{batch, devices, eight_layers, fixture, rel_err, values};
use remat::Llama;
use remat::checkpoint::{HostStash, MemoryTracker, Plan, forward_backward};
use remat::train::batch::Batch;

/// Compares every plan's gradients with the plain backward's, bit for bit: the executor re-runs
/// layers through the same op implementations as the plain backward, on every backend.
fn check_plans(label: &str, model: &Llama, batch: &Batch, plans: &[&str]) {
    let reference = remat::train::step::forward_backward(model, batch);
    let reference_grads = model.hf_grads(&reference.grads).unwrap();
    let mut stash = HostStash::new();
    for spec in plans {
        let plan = Plan::parse(spec, model.layers.len()).unwrap();
        let mut tracker = MemoryTracker::new(&model.embed_tokens.weight.device(), false);
        let out = forward_backward(model, batch, &plan, &mut stash, &mut tracker).unwrap();
        let grads = model.hf_grads(&out.grads).unwrap();
        assert_eq!(grads.len(), reference_grads.len());
        assert_eq!(out.loss, reference.loss, "{label} {plan}: loss");
        for ((name, grad), (_, expected)) in grads.iter().zip(&reference_grads) {
            let (a, b) = (values(grad), values(expected));
            assert!(
                a == b,
                "{label} {plan}: gradient of {name} differs: rel err {:e}",
                rel_err(&a, &b)
            );
        }
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
        check_plans(&format!("8 layers/{label}"), &model, &batch, &plans);
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
