//! The `remat` binary end to end: `grads` against the PyTorch fixture, and clear errors.

mod common;

use std::path::Path;

use common::{Expected, fixture, rel_err, remat, temp_dir};

/// `remat grads` on `model` and `inputs`, writing `out`, on the CPU, with `extra` flags.
fn grads(model: &Path, inputs: &Path, out: &Path, extra: &[&str]) -> (bool, String) {
    let paths = [model, inputs, out].map(|p| p.to_str().unwrap());
    let mut args = vec![
        "grads", "--model", paths[0], "--inputs", paths[1], "--out", paths[2], "--device", "cpu",
    ];
    args.extend_from_slice(extra);
    remat(&args)
}

#[test]
fn grads_writes_loss_logits_and_every_gradient_by_hf_name() {
    let dir = fixture("tied");
    let expected = Expected::open(&dir.join("expected.safetensors"));
    let inputs = dir.join("inputs.safetensors");
    for policy in ["none", "offload", "RK"] {
        let out = temp_dir(&format!("grads-{policy}")).join("grads.safetensors");
        let (ok, text) = grads(&dir, &inputs, &out, &["--policy", policy]);
        assert!(ok, "{text}");
        let warning = "use_cache=true is incompatible with training; setting use_cache=false";
        assert_eq!(text.matches(warning).count(), 1, "{text}");

        let written = Expected::open(&out);
        assert!(rel_err(&written.f32("loss").1, &expected.f32("loss").1) <= 1e-5);
        assert!(rel_err(&written.f32("logits").1, &expected.f32("logits").1) <= 1e-4);
        let mut names: Vec<String> = written
            .names()
            .into_iter()
            .filter(|n| n != "loss" && n != "logits")
            .collect();
        let mut reference: Vec<String> = expected
            .names()
            .into_iter()
            .filter_map(|n| n.strip_prefix("grad.").map(String::from))
            .collect();
        names.sort();
        reference.sort();
        assert_eq!(names, reference);
        for name in &names {
            let err = rel_err(
                &written.f32(name).1,
                &expected.f32(&format!("grad.{name}")).1,
            );
            assert!(err <= 1e-4, "{policy} {name}: {err:e}");
        }
    }
}

#[test]
fn grads_errors_name_the_file() {
    let dir = fixture("gqa");
    let out = temp_dir("grads-bad").join("out.safetensors");
    let model = dir.to_str().unwrap();
    // The model's weights file given as inputs: it has no `input_ids`.
    let weights = dir.join("model.safetensors");
    let (ok, text) = grads(&dir, &weights, &out, &[]);
    assert!(!ok);
    assert!(
        text.contains("model.safetensors: tensor `input_ids` is missing"),
        "{text}"
    );
    let (ok, text) = remat(&[
        "grads",
        "--model",
        "/nonexistent",
        "--inputs",
        "x",
        "--out",
        "y",
        "--device",
        "cpu",
    ]);
    assert!(!ok);
    assert!(text.contains("/nonexistent/config.json"), "{text}");
    let (ok, text) = remat(&[
        "grads", "--model", model, "--inputs", "x", "--out", "y", "--device", "tpu",
    ]);
    assert!(!ok);
    assert!(text.contains("`tpu` is not a device"), "{text}");
    assert!(!out.exists());
}

#[test]
fn plan_refuses_shapes_it_cannot_count() {
    let cases: [(&[&str], &str); 5] = [
        (&["--batch", "0"], "--batch: must be at least 1"),
        (
            &["--seq", "0"],
            "--seq: 0: a sequence needs at least two tokens",
        ),
        (
            &["--batch", "18446744073709551615"],
            "beyond what remat plans",
        ),
        (
            &["--layers", "1000000"],
            "num_hidden_layers`: 1000000 is beyond",
        ),
        (&["--hidden", "1000000000000"], "hidden_size"),
    ];
    for (extra, expected) in cases {
        let mut args = vec!["plan", "--batch", "2", "--seq", "64"];
        if extra[0] == "--batch" || extra[0] == "--seq" {
            args.retain(|a| *a != extra[0]);
            args.retain(|a| *a != "2" || extra[0] != "--batch");
            args.retain(|a| *a != "64" || extra[0] != "--seq");
        }
        args.extend_from_slice(extra);
        let (ok, text) = remat(&args);
        assert!(!ok, "{args:?}:\n{text}");
        assert!(
            text.contains(expected),
            "{args:?}: expected `{expected}` in:\n{text}"
        );
    }
}

#[test]
fn plan_with_calibrate_times_this_cpu_and_plans_with_it() {
    let args = [
        "plan",
        "--preset",
        "tiny",
        "--batch",
        "2",
        "--seq",
        "64",
        "--calibrate",
        "--device",
        "cpu",
    ];
    let (ok, text) = remat(&args);
    assert!(ok, "{text}");
    let speed = (text.lines())
        .find(|l| l.starts_with("speed: "))
        .unwrap_or_else(|| panic!("no speed line in:\n{text}"));
    assert!(speed.ends_with("(measured)"), "{speed}");
    let backward: f64 = (speed.split("a layer's backward ").nth(1))
        .and_then(|rest| rest.split_once("x its forward"))
        .and_then(|(ratio, _)| ratio.parse().ok())
        .unwrap_or_else(|| panic!("no backward-to-forward ratio in {speed}"));
    assert!(backward > 0.0, "{speed}");
}

#[test]
fn grads_with_a_peft_adapter_writes_the_adapter_gradients_under_their_peft_names() {
    let dir = fixture("gqa-lora");
    let expected = Expected::open(&dir.join("expected.safetensors"));
    let out = temp_dir("grads-adapter").join("grads.safetensors");
    let adapter = ["--adapter", dir.to_str().unwrap(), "--policy", "RO"];
    let (ok, text) = grads(
        &fixture("gqa"),
        &dir.join("inputs.safetensors"),
        &out,
        &adapter,
    );
    assert!(ok, "{text}");
    let written = Expected::open(&out);
    assert!(rel_err(&written.f32("logits").1, &expected.f32("logits").1) <= 1e-4);
    let mut names: Vec<String> = (written.names().into_iter())
        .filter(|n| n != "loss" && n != "logits")
        .collect();
    names.sort();
    let mut reference: Vec<String> = (expected.names().into_iter())
        .filter_map(|n| n.strip_prefix("grad.").map(String::from))
        .collect();
    reference.sort();
    assert_eq!(names, reference);
    assert!(names.iter().all(|n| n.starts_with("base_model.model.")));
    for name in &names {
        let err = rel_err(
            &written.f32(name).1,
            &expected.f32(&format!("grad.{name}")).1,
        );
        assert!(err <= 1e-4, "{name}: {err:e}");
    }
}

#[test]
fn a_broken_adapter_is_an_error_naming_its_file_and_tensor() {
    let base = fixture("gqa");
    let inputs = base.join("inputs.safetensors");
    let out = temp_dir("grads-broken-adapter").join("grads.safetensors");
    let source = fixture("gqa-lora");
    let copy = |name: &str| {
        let dir = temp_dir(name);
        for file in ["adapter_config.json", "adapter_model.safetensors"] {
            std::fs::copy(source.join(file), dir.join(file)).unwrap();
        }
        dir
    };
    // A rank the weights do not have.
    let wrong_rank = copy("adapter-wrong-rank");
    let config = std::fs::read_to_string(wrong_rank.join("adapter_config.json")).unwrap();
    std::fs::write(
        wrong_rank.join("adapter_config.json"),
        config.replace("\"r\": 4", "\"r\": 8"),
    )
    .unwrap();
    // A truncated weights file.
    let truncated = copy("adapter-truncated");
    let weights = truncated.join("adapter_model.safetensors");
    let bytes = std::fs::read(&weights).unwrap();
    std::fs::write(&weights, &bytes[..bytes.len() / 2]).unwrap();
    // An adapter on fewer projections than its weights hold.
    let fewer = copy("adapter-fewer");
    let text = std::fs::read_to_string(fewer.join("adapter_config.json")).unwrap();
    let mut config: serde_json::Value = serde_json::from_str(&text).unwrap();
    let targets = config["target_modules"].as_array_mut().unwrap();
    targets.retain(|t| t != "k_proj");
    std::fs::write(fewer.join("adapter_config.json"), config.to_string()).unwrap();
    let cases = [
        (
            &wrong_rank,
            "lora_A.weight` has shape [4, 64], expected [8, 64]",
        ),
        (
            &truncated,
            "adapter_model.safetensors: not a valid safetensors file",
        ),
        (
            &fewer,
            "unexpected tensor `base_model.model.model.layers.0.self_attn.k_proj",
        ),
    ];
    for (dir, expected) in cases {
        let (ok, text) = grads(&base, &inputs, &out, &["--adapter", dir.to_str().unwrap()]);
        assert!(!ok && text.contains(expected), "{}: {text}", dir.display());
    }
}

/// `remat bench` on the CPU: the peak the binary's allocator counts within 10% of the memory
/// model's, with the fused operations and with Burn's ops, kept and recomputed; the fused ones
/// keep far less (no `t x t` softmax, no element-wise intermediates).
#[test]
fn bench_on_the_cpu_measures_the_predicted_peak() {
    let mut saved = Vec::new();
    for kernels in ["fused", "reference"] {
        for policy in ["none", "recompute"] {
            let args = format!(
                "bench --device cpu --json --steps 1 --hidden 128 --intermediate 344 --layers 2 \
                 --heads 4 --kv-heads 2 --vocab 1024 --batch 16 --seq 500 --policy {policy} \
                 --kernels {kernels}"
            );
            let (ok, text) = remat(&args.split_whitespace().collect::<Vec<_>>());
            assert!(ok, "{text}");
            let json = text.lines().find(|l| l.starts_with('{')).expect("--json");
            let figures: serde_json::Value = serde_json::from_str(json).unwrap();
            let number = |key: &str| figures[key].as_u64().unwrap() as f64;
            let (measured, predicted) =
                (number("peak_device_bytes"), number("predicted_peak_bytes"));
            let error = predicted / measured - 1.0;
            println!(
                "{kernels} {policy}: measured {measured}, predicted {predicted} ({:+.1}%)",
                100.0 * error
            );
            assert!(error.abs() <= 0.10, "{kernels} {policy}: {figures}");
            assert_eq!(figures["kernels"], kernels);
            saved.push(number("saved_activation_bytes"));
        }
    }
    // Kept layers: the blocked attention's output and log-sum-exp against the softmax's four
    // `[b, h, t, t]` buffers and mask, and the inputs of RMSNorm and SwiGLU against their
    // intermediates.
    assert!(saved[0] < 0.5 * saved[2], "saved bytes {saved:?}");
}
