//! The HF parity check: loss, logits, every gradient and one AdamW step against HF
//! transformers (PyTorch), from the committed fixtures.

use burn::optim::GradientsParams;
use burn::prelude::*;
use remat::Llama;
use remat::train::batch::Batch;
use remat::train::optim::AdamW;
use remat::train::step::forward_backward;
use remat::weights::{AnyTensor, int_tensor};

use super::{Expected, fixture, rel_err, values};

struct Settings {
    lr: f64,
    eps: f32,
    weight_decay: f32,
}

fn settings(name: &str) -> Settings {
    let text = std::fs::read_to_string(fixture(name).join("fixture.json")).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    Settings {
        lr: json["lr"].as_f64().unwrap(),
        eps: json["eps"].as_f64().unwrap() as f32,
        weight_decay: json["weight_decay"].as_f64().unwrap() as f32,
    }
}

fn batch(name: &str, vocab: usize) -> Batch {
    let path = fixture(name).join("inputs.safetensors");
    let bytes = std::fs::read(&path).unwrap();
    let (shape, ids) = int_tensor(&bytes, "inputs", "input_ids").unwrap().unwrap();
    let (_, labels) = int_tensor(&bytes, "inputs", "labels").unwrap().unwrap();
    Batch::new(ids, Some(labels), [shape[0], shape[1]], vocab).unwrap()
}

/// PyTorch's gradients from the fixture, in Burn's layout, keyed by our parameter ids.
fn pytorch_grads(model: &Llama, expected: &Expected, device: &Device) -> GradientsParams {
    let mut grads = GradientsParams::new();
    for param in model.hf_params() {
        let (shape, v) = expected.f32(&format!("grad.{}", param.name));
        match param.value {
            AnyTensor::R1(_) => grads.register::<1>(
                param.id,
                Tensor::from_data(TensorData::new(v, shape), device),
            ),
            AnyTensor::R2(_) => {
                let g = Tensor::<2>::from_data(TensorData::new(v, shape), device);
                grads.register::<2>(param.id, if param.transposed { g.transpose() } else { g });
            }
        }
    }
    grads
}

/// Loss, logits, every gradient and one AdamW step of fixture `name` on each of `devices`
/// against PyTorch's.
pub fn check(name: &str, devices: Vec<(&'static str, Device)>) {
    let expected = Expected::open(&fixture(name).join("expected.safetensors"));
    let settings = settings(name);
    for (label, base) in devices {
        let device = base.clone().autodiff();
        let model = Llama::load(&fixture(name), &device).unwrap();
        let batch = batch(name, model.config.vocab_size);
        let out = forward_backward(&model, &batch);

        let (_, loss) = expected.f32("loss");
        let loss_err = rel_err(&[out.loss], &loss);
        assert!(
            loss_err <= 1e-5,
            "{name}/{label}: loss {} vs {} ({loss_err:e})",
            out.loss,
            loss[0]
        );

        let (shape, logits) = expected.f32("logits");
        assert_eq!(out.logits.dims().to_vec(), shape);
        let logits_err = rel_err(&values(&out.logits.into_data()), &logits);
        assert!(
            logits_err <= 1e-4,
            "{name}/{label}: logits rel err {logits_err:e}"
        );

        let grads = model.hf_grads(&out.grads).unwrap();
        let expected_grads = expected
            .names()
            .iter()
            .filter(|n| n.starts_with("grad."))
            .count();
        assert_eq!(
            grads.len(),
            expected_grads,
            "{name}/{label}: parameter count"
        );
        let mut worst_grad = 0f32;
        for (param, grad) in &grads {
            let (shape, reference) = expected.f32(&format!("grad.{param}"));
            assert_eq!(grad.shape().to_vec(), shape, "{param}");
            let err = rel_err(&values(grad), &reference);
            assert!(
                err <= 1e-4,
                "{name}/{label}: gradient of {param}: rel err {err:e}"
            );
            worst_grad = worst_grad.max(err);
        }

        // One AdamW step from PyTorch's own gradients: the first Adam step is close to
        // `lr * sign(g)`, so it amplifies any gradient difference on entries near zero; feeding the
        // same gradients tests the optimizer's semantics on their own.
        let mut optimizer = AdamW {
            eps: settings.eps,
            weight_decay: settings.weight_decay,
            ..AdamW::default()
        }
        .init();
        let reference_grads = pytorch_grads(&model, &expected, &base);
        let model = optimizer.step(settings.lr, model, reference_grads);
        let mut worst_step = 0f32;
        for (param, value) in model.hf_tensors() {
            let (_, reference) = expected.f32(&format!("adamw.{param}"));
            let err = rel_err(&values(&value), &reference);
            assert!(
                err <= 1e-5,
                "{name}/{label}: {param} after AdamW: rel err {err:e}"
            );
            worst_step = worst_step.max(err);
        }
        println!(
            "{name}/{label}: loss {loss_err:.1e}, logits {logits_err:.1e}, worst gradient {worst_grad:.1e}, worst AdamW parameter {worst_step:.1e}"
        );
    }
}
