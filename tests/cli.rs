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
