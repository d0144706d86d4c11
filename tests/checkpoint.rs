//! The checkpoint executor: every plan gives the plain backward's gradients, and offloaded
//! inputs come back unchanged.

mod common;

use burn::prelude::*;
use common::{batch, check_plans, devices, eight_layers, fixture, values};
use remat::Llama;
use remat::checkpoint::HostStash;

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
        remat::block_on(stash.settle(&mut transfer)).unwrap();
        let back = remat::block_on(stash.restore(transfer, &device)).unwrap();
        let doubled: Vec<f32> = expected.iter().map(|v| v * 2.0).collect();
        assert_eq!(values(&back.into_data()), doubled, "{label}");
        drop(h);
        // Buffers are reused: a second round allocates nothing new.
        let held = stash.host_bytes();
        let transfer = stash.start(x.clone());
        remat::block_on(stash.restore(transfer, &device)).unwrap();
        assert_eq!(stash.host_bytes(), held, "{label}");
    }
}
