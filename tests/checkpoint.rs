//! The checkpoint executor: every plan gives the plain backward's gradients, and offloaded
//! inputs come back unchanged.

mod common;

use burn::prelude::*;
use common::{batch, check_plans, devices, eight_layers, fixture, load_fixture, values};
use remat::Llama;
use remat::checkpoint::HostStash;

#[test]
fn every_plan_gives_the_plain_gradients_on_fixtures() {
    for name in ["gqa", "tied", "gqa-lora", "tied-lora"] {
        for (label, base) in devices() {
            let model = load_fixture(name, &base.clone().autodiff());
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

#[test]
fn lora_trains_only_its_adapters_and_every_plan_gives_the_gradients_of_none() {
    use remat::kernels::Kernels;
    use remat::model::lora::{LoraConfig, Target};
    use remat::train::optim::AdamW;
    use remat::train::plain::forward_backward;

    for (label, base) in devices() {
        let device = base.clone().autodiff();
        device.seed(7);
        let model = Llama::load(&fixture("gqa"), &device).unwrap();
        let batch = batch(2, 12, model.config.vocab_size);
        let base_loss = forward_backward(&model, &batch).loss;
        let before = model.hf_tensors();
        let lora = LoraConfig {
            rank: 4,
            alpha: 8.0,
            targets: Target::ALL.to_vec(),
        };
        let model = model.with_lora(&lora);

        // B starts at zero: the adapted model is the base, and only adapters get gradients.
        let out = forward_backward(&model, &batch);
        assert_eq!(out.loss, base_loss, "{label}");
        // A step is whole only with a gradient for every trained parameter.
        assert_eq!(remat::grads::missing(&out.grads, &model), None, "{label}");
        assert_eq!(
            remat::grads::missing(&burn::optim::GradientsParams::new(), &model).as_deref(),
            Some("base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight"),
            "{label}"
        );
        let grads = model.hf_grads(&out.grads).unwrap();
        let layers = model.config.num_hidden_layers;
        assert_eq!(
            grads.len(),
            layers * 7 * 2,
            "{label}: adapters A and B of 7 projections"
        );
        for (name, grad) in &grads {
            assert!(
                name.starts_with("base_model.model.model.layers.")
                    && (name.ends_with(".lora_A.weight") || name.ends_with(".lora_B.weight")),
                "{label}: {name}"
            );
            let nonzero = values(grad).iter().any(|v| *v != 0.0);
            assert_eq!(nonzero, name.ends_with("lora_B.weight"), "{label}: {name}");
        }
        let (_, q_a) = &grads[0];
        assert_eq!(
            q_a.shape().to_vec(),
            vec![4, 64],
            "{label}: PEFT's lora_A is [r, in]"
        );

        // One AdamW step moves B off zero and leaves the base as it was; then every plan gives
        // the adapters' gradients of `none`, bit for bit.
        let mut optimizer = AdamW::default().init(Kernels::default());
        let model = optimizer.step(1e-2, model, out.grads);
        let after = model.hf_tensors();
        assert_eq!(after.len(), before.len());
        for ((name, a), (_, b)) in after.iter().zip(&before) {
            assert!(values(a) == values(b), "{label}: frozen {name} changed");
        }
        let moved = forward_backward(&model, &batch).loss;
        assert_ne!(moved, base_loss, "{label}: the adapters changed nothing");
        check_plans(
            &format!("gqa + LoRA/{label}"),
            &model,
            &batch,
            &["none", "recompute", "offload", "KR", "OK", "RO"],
        );

        // The adapters as PEFT writes them.
        let files =
            remat::block_on(remat::train::hf_folder::peft_files(&model, &lora, "gqa", 1)).unwrap();
        let (_, bytes) = &files[0];
        let adapters = safetensors::SafeTensors::deserialize(bytes).unwrap();
        assert_eq!(adapters.len(), layers * 7 * 2);
        let shape = |name: &str| adapters.tensor(name).unwrap().shape().to_vec();
        let layer = "base_model.model.model.layers.1";
        assert_eq!(
            shape(&format!("{layer}.mlp.down_proj.lora_A.weight")),
            [4, 160]
        );
        assert_eq!(
            shape(&format!("{layer}.mlp.down_proj.lora_B.weight")),
            [64, 4]
        );
        let config: serde_json::Value = serde_json::from_slice(&files[1].1).unwrap();
        assert_eq!(
            (&config["peft_type"], &config["r"], &config["lora_alpha"]),
            (&"LORA".into(), &4.into(), &8.0.into())
        );
    }
}

#[test]
fn every_plan_gives_the_plain_gradients_in_half_precision() {
    use remat::precision::Precision;
    let runs = [
        ("cpu", Precision::Bf16),
        ("cpu", Precision::F16),
        ("wgpu", Precision::F16),
    ];
    for (label, precision) in runs {
        let base = devices().into_iter().find(|(l, _)| *l == label).unwrap().1;
        for name in ["gqa", "gqa-lora"] {
            let model = load_fixture(name, &base.clone().autodiff()).with_precision(precision);
            let batch = batch(2, 12, model.config.vocab_size);
            check_plans(
                &format!("{name}/{label} {precision}"),
                &model,
                &batch,
                &["none", "recompute", "offload", "KR", "OK", "RO"],
            );
        }
    }
}
