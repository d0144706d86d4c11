//! Loading HF folders: dtypes, shards, round trips, and clear errors for bad folders.

mod common;

use std::path::Path;

use burn::prelude::*;
use burn::tensor::DType;
use common::{Expected, fixture, temp_dir, values};
use remat::weights::to_safetensors;
use remat::{Llama, LlamaConfig};

/// Copies a fixture's config and writes `tensors` as its weights.
fn folder(name: &str, config: &str, tensors: &[(String, TensorData)]) -> std::path::PathBuf {
    let dir = temp_dir(name);
    std::fs::write(dir.join("config.json"), config).unwrap();
    std::fs::write(
        dir.join("model.safetensors"),
        to_safetensors(tensors).unwrap(),
    )
    .unwrap();
    dir
}

fn fixture_config() -> String {
    std::fs::read_to_string(fixture("gqa").join("config.json")).unwrap()
}

/// The fixture's weights as stored by HF.
fn fixture_tensors() -> Vec<(String, TensorData)> {
    let file = Expected::open(&fixture("gqa").join("model.safetensors"));
    file.names()
        .into_iter()
        .map(|n| {
            let (shape, v) = file.f32(&n);
            (n, TensorData::new(v, shape))
        })
        .collect()
}

fn load_err(dir: &Path) -> String {
    Llama::load(dir, &Device::flex()).unwrap_err().to_string()
}

#[test]
fn saved_tensors_equal_the_file() {
    let model = Llama::load(&fixture("gqa"), &Device::flex()).unwrap();
    let file = fixture_tensors();
    let saved = model.hf_tensors();
    assert_eq!(saved.len(), file.len());
    for (name, data) in &saved {
        let (_, reference) = file.iter().find(|(n, _)| n == name).unwrap();
        assert_eq!(data.shape(), reference.shape(), "{name}");
        assert_eq!(values(data), values(reference), "{name}");
    }
}

#[test]
fn reads_bf16_and_f16() {
    for dtype in [DType::BF16, DType::F16] {
        let tensors: Vec<_> = fixture_tensors()
            .into_iter()
            .map(|(n, d)| (n, d.convert_dtype(dtype)))
            .collect();
        let dir = folder(&format!("{dtype:?}"), &fixture_config(), &tensors);
        let model = Llama::load(&dir, &Device::flex()).unwrap();
        for (name, data) in model.hf_tensors() {
            let (_, reference) = tensors.iter().find(|(n, _)| *n == name).unwrap();
            assert_eq!(
                values(&data),
                values(&reference.clone().convert::<f32>()),
                "{name}"
            );
        }
    }
}

#[test]
fn reads_sharded_checkpoints() {
    let tensors = fixture_tensors();
    let dir = temp_dir("sharded");
    std::fs::write(dir.join("config.json"), fixture_config()).unwrap();
    let (first, second) = tensors.split_at(tensors.len() / 2);
    let mut weight_map = serde_json::Map::new();
    for (file, part) in [
        ("model-00001-of-00002.safetensors", first),
        ("model-00002-of-00002.safetensors", second),
    ] {
        std::fs::write(dir.join(file), to_safetensors(part).unwrap()).unwrap();
        for (name, _) in part {
            weight_map.insert(name.clone(), file.into());
        }
    }
    let index = serde_json::json!({ "metadata": {}, "weight_map": weight_map });
    std::fs::write(dir.join("model.safetensors.index.json"), index.to_string()).unwrap();
    let model = Llama::load(&dir, &Device::flex()).unwrap();
    assert_eq!(model.hf_tensors().len(), tensors.len());
}

#[test]
fn bad_folders_say_what_is_wrong() {
    let tensors = fixture_tensors();
    let config = fixture_config();

    // Truncated weights file.
    let dir = folder("truncated", &config, &tensors);
    let bytes = std::fs::read(dir.join("model.safetensors")).unwrap();
    std::fs::write(dir.join("model.safetensors"), &bytes[..bytes.len() / 2]).unwrap();
    let err = load_err(&dir);
    assert!(
        err.contains("model.safetensors: not a valid safetensors file"),
        "{err}"
    );

    // A missing tensor.
    let without: Vec<_> = tensors
        .iter()
        .filter(|(n, _)| n != "model.norm.weight")
        .cloned()
        .collect();
    let err = load_err(&folder("missing", &config, &without));
    assert!(
        err.contains("tensor `model.norm.weight` is missing"),
        "{err}"
    );

    // An extra tensor.
    let mut extra = tensors.clone();
    extra.push((
        "model.layers.2.mlp.up_proj.weight".into(),
        TensorData::new(vec![0f32; 4], [2, 2]),
    ));
    let err = load_err(&folder("extra", &config, &extra));
    assert!(
        err.contains("unexpected tensor `model.layers.2.mlp.up_proj.weight`"),
        "{err}"
    );

    // A shape that does not match the config.
    let mut json: serde_json::Value = serde_json::from_str(&config).unwrap();
    json["intermediate_size"] = 128.into();
    let err = load_err(&folder("shape", &json.to_string(), &tensors));
    assert!(
        err.contains(
            "tensor `model.layers.0.mlp.gate_proj.weight` has shape [160, 64], expected [128, 64]"
        ),
        "{err}"
    );

    // Bad JSON, a missing field, an unsupported model.
    let err = load_err(&folder("json", "{\"model_type\": \"llama\",", &tensors));
    assert!(err.contains("config.json: invalid JSON"), "{err}");
    json = serde_json::from_str(&config).unwrap();
    json.as_object_mut().unwrap().remove("hidden_size");
    let err = load_err(&folder("field", &json.to_string(), &tensors));
    assert!(err.contains("missing field `hidden_size`"), "{err}");
    json = serde_json::from_str(&config).unwrap();
    json["model_type"] = "mamba".into();
    let err = load_err(&folder("model_type", &json.to_string(), &tensors));
    assert!(
        err.contains("config field `model_type`: `mamba` is not supported"),
        "{err}"
    );

    // A config far larger than its weights: refused before the model is allocated.
    json = serde_json::from_str(&config).unwrap();
    json["num_hidden_layers"] = 4000.into();
    let err = load_err(&folder("huge", &json.to_string(), &tensors));
    assert!(
        err.contains("but its config.json describes a model of") && err.contains("4000 layers"),
        "{err}"
    );

    // NaN or infinite weights.
    for bad in [f32::NAN, f32::INFINITY] {
        let mut poisoned = tensors.clone();
        let (name, data) = poisoned
            .iter_mut()
            .find(|(n, _)| n == "model.layers.1.self_attn.o_proj.weight")
            .unwrap();
        let mut v = values(data);
        v[5] = bad;
        *data = TensorData::new(v, data.shape().to_vec());
        let name = name.clone();
        let err = load_err(&folder("non-finite", &config, &poisoned));
        assert!(
            err.contains(&format!(
                "tensor `{name}` holds 1 non-finite values (the first, {bad}, at flat index 5)"
            )),
            "{err}"
        );
    }

    // No weights at all.
    let dir = temp_dir("empty");
    std::fs::write(dir.join("config.json"), &config).unwrap();
    let err = load_err(&dir);
    assert!(err.contains("model.safetensors"), "{err}");
}

#[test]
fn fresh_init_has_hf_shapes_and_statistics() {
    let config = LlamaConfig::new(64, 32, 80, 2, 4, 2);
    let model = config.init(&Device::flex());
    let tensors = model.hf_tensors();
    let expected_params: usize = tensors.iter().map(|(_, d)| d.num_elements()).sum();
    assert_eq!(expected_params, config.num_params());
    let (_, q) = tensors
        .iter()
        .find(|(n, _)| n == "model.layers.0.self_attn.q_proj.weight")
        .unwrap();
    let v = values(q);
    let std = (v.iter().map(|x| x * x).sum::<f32>() / v.len() as f32).sqrt();
    assert!((std - 0.02).abs() < 0.004, "std {std}");
    let (_, norm) = tensors
        .iter()
        .find(|(n, _)| n == "model.norm.weight")
        .unwrap();
    assert!(values(norm).iter().all(|&x| x == 1.0));
}
