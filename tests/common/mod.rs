//! Helpers shared by the integration tests: fixtures, devices and error measures.
#![allow(dead_code)]

pub mod parity;

use std::path::{Path, PathBuf};

use burn::prelude::*;
use remat::batch::Batch;
use remat::checkpoint::{Executor, MemoryProbe, Plan, Schedule, ScheduleOptions, StepOutput};
use remat::{Llama, LlamaConfig};
use safetensors::SafeTensors;

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The model of fixture `name` on `device`: an HF folder, or a PEFT adapter folder over the
/// fixture its `fixture.json` names as `base`.
pub fn load_fixture(name: &str, device: &Device) -> Llama {
    let dir = fixture(name);
    if !remat::adapter::is_adapter(&dir) {
        return Llama::load(&dir, device).unwrap();
    }
    let text = std::fs::read_to_string(dir.join("fixture.json")).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let base = Llama::load(&fixture(json["base"].as_str().unwrap()), device).unwrap();
    base.load_adapter(&dir).unwrap().0
}

/// The devices every numeric test runs on: the CPU backend and wgpu (lavapipe here).
pub fn devices() -> Vec<(&'static str, Device)> {
    vec![
        ("cpu", Device::flex()),
        ("wgpu", Device::wgpu(DeviceKind::DefaultDevice)),
    ]
}

/// The f32 tensors of a safetensors file, by name, as (shape, values).
pub struct Expected {
    bytes: Vec<u8>,
}

impl Expected {
    pub fn open(path: &Path) -> Self {
        Self {
            bytes: std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
        }
    }

    pub fn f32(&self, name: &str) -> (Vec<usize>, Vec<f32>) {
        let st = SafeTensors::deserialize(&self.bytes).unwrap();
        let view = st
            .tensor(name)
            .unwrap_or_else(|_| panic!("no tensor {name}"));
        assert_eq!(view.dtype(), safetensors::Dtype::F32, "{name}");
        let values = view
            .data()
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes(b.try_into().unwrap()))
            .collect();
        (view.shape().to_vec(), values)
    }

    pub fn f64(&self, name: &str) -> Vec<f64> {
        let st = SafeTensors::deserialize(&self.bytes).unwrap();
        let view = st
            .tensor(name)
            .unwrap_or_else(|_| panic!("no tensor {name}"));
        assert_eq!(view.dtype(), safetensors::Dtype::F64, "{name}");
        view.data()
            .chunks_exact(8)
            .map(|b| f64::from_le_bytes(b.try_into().unwrap()))
            .collect()
    }

    pub fn i64(&self, name: &str) -> Vec<i64> {
        let st = SafeTensors::deserialize(&self.bytes).unwrap();
        let view = st
            .tensor(name)
            .unwrap_or_else(|_| panic!("no tensor {name}"));
        view.data()
            .chunks_exact(8)
            .map(|b| i64::from_le_bytes(b.try_into().unwrap()))
            .collect()
    }

    pub fn names(&self) -> Vec<String> {
        let st = SafeTensors::deserialize(&self.bytes).unwrap();
        st.names().into_iter().map(String::from).collect()
    }
}

/// `max|a - b| / max|b|`: the error measure of every parity tolerance.
pub fn rel_err(a: &[f32], b: &[f32]) -> f32 {
    assert_eq!(a.len(), b.len(), "lengths differ");
    if a.iter().chain(b).any(|x| !x.is_finite()) {
        return f32::INFINITY;
    }
    let diff = a
        .iter()
        .zip(b)
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f32::max);
    let scale = b.iter().map(|y| y.abs()).fold(0.0, f32::max);
    if scale == 0.0 { diff } else { diff / scale }
}

/// `max|a - truth| / max|truth|`, in float64: a float32 result's distance from the float64
/// reference.
pub fn rel_err64(a: &[f32], truth: &[f64]) -> f64 {
    assert_eq!(a.len(), truth.len(), "lengths differ");
    if a.iter().any(|x| !x.is_finite()) {
        return f64::INFINITY;
    }
    let diff = a
        .iter()
        .zip(truth)
        .map(|(x, y)| (*x as f64 - y).abs())
        .fold(0.0, f64::max);
    let scale = truth.iter().map(|y| y.abs()).fold(0.0, f64::max);
    if scale == 0.0 { diff } else { diff / scale }
}

/// Distances from float64 below this (2^-22, two float32 ulps) are what rounding to float32
/// alone gives: an accuracy bound never asks for less.
pub const F32_FLOOR: f64 = 1.0 / (1u64 << 22) as f64;

pub fn values(data: &TensorData) -> Vec<f32> {
    data.clone()
        .try_into_vec::<f32>()
        .unwrap_or_else(|e| panic!("{e:?}"))
}

/// A fresh empty folder under the target dir's temp space.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("remat-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A deterministic batch of `[batch, seq]` ids below `vocab`.
pub fn batch(batch: usize, seq: usize, vocab: usize) -> Batch {
    let ids = (0..batch * seq)
        .map(|i| ((i * 7919 + 13) % vocab) as i64)
        .collect();
    Batch::new(ids, None, [batch, seq], vocab).unwrap()
}

pub fn eight_layers(device: &Device) -> Llama {
    let mut config = LlamaConfig::new(64, 32, 64, 8, 4, 2);
    config.initializer_range = 0.1;
    device.seed(7);
    config.init(device)
}

/// Compares every plan's gradients with the plain backward's, bit for bit: the executor re-runs
/// layers through the same op implementations as the plain backward, on every backend.
pub fn check_plans(label: &str, model: &Llama, batch: &Batch, plans: &[&str]) {
    let reference = remat::train::plain::forward_backward(model, batch);
    let reference_grads = model.hf_grads(&reference.grads).unwrap();
    for spec in plans {
        let plan = Plan::parse(spec, model.layers.len()).unwrap();
        let out = step(model, batch, &plan, None);
        let grads = model.hf_grads(&out.grads).unwrap();
        assert_eq!(grads.len(), reference_grads.len());
        let loss = out.loss.into_scalar::<f32>();
        assert_eq!(loss, reference.loss, "{label} {plan}: loss");
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

/// One checkpointed step of `batch` through `model` under `plan`, with the default schedule,
/// sampling memory with `probe` if given.
pub fn step(model: &Llama, batch: &Batch, plan: &Plan, probe: Option<MemoryProbe>) -> StepOutput {
    let mut executor = Executor::new(Schedule::compile(plan, ScheduleOptions::default()));
    remat::block_on(executor.step(model, batch, probe)).unwrap()
}

/// Runs the `remat` binary with `args`: whether it succeeded, and its stdout and stderr
/// together. A panic is a test failure whatever the exit status.
pub fn remat(args: &[&str]) -> (bool, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_remat"))
        .args(args)
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(
        !text.contains("panicked"),
        "remat {args:?} panicked:\n{text}"
    );
    (out.status.success(), text)
}
