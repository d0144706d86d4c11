//! `remat train` and `remat generate` end to end on the CPU: saves HF transformers can load,
//! exact resume, Ctrl-C, a NaN stop, and clear errors for bad input.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{fixture, remat, temp_dir};

/// A small, fast run: tiny preset, 4 x 32 tokens, on the CPU, no eval or sample.
const QUICK: [&str; 12] = [
    "--device",
    "cpu",
    "--batch",
    "4",
    "--seq",
    "32",
    "--eval-every",
    "0",
    "--sample-tokens",
    "0",
    "--vocab-size",
    "300",
];

/// `remat train --out OUT` with `extra` flags, and those of [`QUICK`] that `extra` leaves out
/// (or sets in `skip`).
fn train_skipping(out: &Path, extra: &[&str], skip: &[&str]) -> (bool, String) {
    let mut args = vec!["train", "--out", out.to_str().unwrap()];
    for pair in QUICK.chunks(2) {
        if !extra.contains(&pair[0]) && !skip.contains(&pair[0]) {
            args.extend_from_slice(pair);
        }
    }
    args.extend_from_slice(extra);
    remat(&args)
}

fn train(out: &Path, extra: &[&str]) -> (bool, String) {
    train_skipping(out, extra, &[])
}

/// `(step, loss)` of every line of a run's `metrics.jsonl`.
fn losses(out: &Path) -> Vec<(u64, f64)> {
    let text = std::fs::read_to_string(out.join("metrics.jsonl")).unwrap();
    text.lines()
        .map(|line| {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            (v["step"].as_u64().unwrap(), v["loss"].as_f64().unwrap())
        })
        .collect()
}

/// `remat train --resume SAVE` into a fresh folder `name`: the folder and the output.
fn resume(save: &Path, name: &str) -> (PathBuf, String) {
    let out = temp_dir(name);
    let args = [
        "train",
        "--resume",
        save.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    let (ok, text) = remat(&args);
    assert!(ok, "{text}");
    (out, text)
}

fn data_file(name: &str, text: &str) -> PathBuf {
    let path = temp_dir(name).join("data.txt");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn resumed_run_gives_the_losses_of_an_uninterrupted_one() {
    let straight = temp_dir("train-straight");
    let (ok, text) = train(
        &straight,
        &[
            "--steps",
            "20",
            "--save-every",
            "10",
            "--save-total-limit",
            "0",
            // Not the default: the resumed run must take it from the save.
            "--weight-decay",
            "0.5",
        ],
    );
    assert!(ok, "{text}");
    assert!(text.contains("plan KKKK predicted peak"), "{text}");
    for file in [
        "config.json",
        "model.safetensors",
        "tokenizer.json",
        "tokenizer_config.json",
        "generation_config.json",
        "optimizer.bpk",
        "trainer_state.json",
    ] {
        assert!(
            straight.join("checkpoint-20").join(file).is_file(),
            "{file}"
        );
    }
    assert!(straight.join("checkpoint-10").is_dir());
    for plot in ["loss.png", "memory.png"] {
        let bytes = std::fs::read(straight.join(plot)).unwrap();
        assert_eq!(&bytes[1..4], b"PNG", "{plot}");
    }
    let all = losses(&straight);
    assert_eq!(
        all.iter().map(|l| l.0).collect::<Vec<_>>(),
        (1..=20).collect::<Vec<_>>()
    );
    assert!(all[19].1 < all[0].1 - 0.5, "the loss should fall: {all:?}");

    // 10 steps from the save at step 10, in another folder, with the saved settings.
    let (resumed, text) = resume(&straight.join("checkpoint-10"), "train-resumed");
    assert!(text.contains("resuming"), "{text}");
    assert_eq!(losses(&resumed), all[10..].to_vec());
}

#[test]
fn ctrl_c_and_sigterm_save_the_step_they_come_in_and_exit_cleanly() {
    for signal in ["-INT", "-TERM"] {
        stop_with(signal);
    }
}

fn stop_with(signal: &str) {
    let out = temp_dir(&format!("train-signal{signal}"));
    let mut args = vec!["train", "--out", out.to_str().unwrap(), "--steps", "100000"];
    args.extend_from_slice(&QUICK);
    let child = Command::new(env!("CARGO_BIN_EXE_remat"))
        .args(&args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let metrics = out.join("metrics.jsonl");
    let started = Instant::now();
    while std::fs::read_to_string(&metrics).map_or(0, |t| t.lines().count()) < 3 {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "no steps logged"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let status = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let output = child.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&output.stdout).to_string()
        + &String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{text}");
    let last = losses(&out).last().unwrap().0;
    let save = out.join(format!("checkpoint-{last}"));
    assert!(save.join("model.safetensors").is_file(), "{text}");
    let state = std::fs::read_to_string(save.join("trainer_state.json")).unwrap();
    assert!(state.contains(&format!("\"step\": {last}")), "{state}");
}

#[test]
fn a_diverging_run_stops_naming_the_step_and_keeps_its_save() {
    let out = temp_dir("train-nan");
    let (ok, text) = train(
        &out,
        &[
            "--steps",
            "30",
            "--lr",
            "1e30",
            "--save-every",
            "1",
            "--warmup",
            "0",
        ],
    );
    assert!(!ok, "{text}");
    assert!(text.contains("error: training stopped at step"), "{text}");
    assert!(text.contains("the last good save is"), "{text}");
    let saves: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with("checkpoint-"))
        .collect();
    assert!(!saves.is_empty(), "{text}");
}

#[test]
fn generate_continues_a_prompt_from_a_save() {
    let out = temp_dir("train-generate");
    let data = data_file(
        "train-generate-data",
        &"one two three four five six seven eight nine ten. ".repeat(40),
    );
    let (ok, text) = train(
        &out,
        &[
            "--steps",
            "60",
            "--data",
            data.to_str().unwrap(),
            "--lr",
            "1e-2",
        ],
    );
    assert!(ok, "{text}");
    let (ok, text) = remat(&[
        "generate",
        "--model",
        out.to_str().unwrap(),
        "--prompt",
        "one two three",
        "--max-new-tokens",
        "8",
        "--device",
        "cpu",
    ]);
    assert!(ok, "{text}");
    // Greedy decoding has learned the pattern.
    assert!(text.contains("one two three four five"), "{text}");

    // A tokenizer that strips the prompt to nothing says so, rather than that it is empty.
    let save = out.join("checkpoint-60");
    let path = save.join("tokenizer.json");
    let mut tokenizer: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    tokenizer["normalizer"] =
        serde_json::json!({"type": "Strip", "strip_left": true, "strip_right": true});
    std::fs::write(&path, tokenizer.to_string()).unwrap();
    let (ok, text) = remat(&[
        "generate",
        "--model",
        save.to_str().unwrap(),
        "--prompt",
        "   ",
        "--device",
        "cpu",
    ]);
    assert!(
        !ok && text.contains("the prompt \"   \" encodes to no tokens"),
        "{text}"
    );
}

#[test]
fn a_toml_file_sets_what_flags_do_not() {
    let dir = temp_dir("train-toml");
    let config = dir.join("run.toml");
    std::fs::write(&config, "steps = 3\nbatch = 2\nseq = 16\n").unwrap();
    let out = dir.join("out");
    let (ok, text) = train_skipping(
        &out,
        &["--config", config.to_str().unwrap(), "--seq", "24"],
        &["--batch"],
    );
    assert!(ok, "{text}");
    assert_eq!(losses(&out).len(), 3);
    let state = std::fs::read_to_string(out.join("checkpoint-3/trainer_state.json")).unwrap();
    assert!(
        state.contains("\"batch\": 2") && state.contains("\"seq\": 24"),
        "{state}"
    );
}

#[test]
fn bad_input_is_a_clear_error() {
    let dir = temp_dir("train-errors");
    let out = |name: &str| dir.join(name).to_str().unwrap().to_string();
    let empty = data_file("train-errors-empty", "");
    let small = data_file("train-errors-small", "just a few words of text here");
    let some = data_file(
        "train-errors-some",
        &"a few sentences, of some text. ".repeat(60),
    );
    let binary = dir.join("binary.txt");
    std::fs::write(&binary, [0x66, 0x6f, 0xff, 0xfe, 0x00]).unwrap();
    let toml = dir.join("bad.toml");
    std::fs::write(&toml, "bach = 4\n").unwrap();
    let gqa = fixture("gqa");

    // A tokenizer of 300 tokens, from a quick run, for a model of 96.
    let (ok, text) = train(Path::new(&out("tok")), &["--steps", "1"]);
    assert!(ok, "{text}");
    let big_tokenizer = dir.join("tok/checkpoint-1/tokenizer.json");

    let cases: Vec<(Vec<String>, &str)> = vec![
        (
            vec!["--data".into(), empty.display().to_string()],
            "no text found",
        ),
        (
            vec!["--data".into(), "/no/such/path".into()],
            "/no/such/path",
        ),
        (
            vec!["--data".into(), small.display().to_string()],
            "use a shorter --seq or more data",
        ),
        (
            vec![
                "--data".into(),
                some.display().to_string(),
                "--batch".into(),
                "64".into(),
            ],
            "--batch: 64 is larger than the training data",
        ),
        (
            vec!["--config".into(), toml.display().to_string()],
            "unknown field `bach`",
        ),
        (
            vec!["--model".into(), "/no/such/model".into()],
            "/no/such/model/config.json",
        ),
        (
            vec![
                "--model".into(),
                gqa.display().to_string(),
                "--tokenizer".into(),
                big_tokenizer.display().to_string(),
            ],
            "the tokenizer has 300 tokens but the model's vocab_size is 96",
        ),
        (
            vec!["--resume".into(), gqa.display().to_string()],
            "not a save of `remat train`",
        ),
        (
            vec!["--policy".into(), "KK".into()],
            "`KK` has 2 letters, but the model has 4 layers",
        ),
        (
            vec!["--seq".into(), "1".into()],
            "--seq: 1: a sequence needs at least two tokens",
        ),
    ];
    for (i, (extra, expected)) in cases.iter().enumerate() {
        let extra: Vec<&str> = extra.iter().map(String::as_str).collect();
        let (ok, text) = train(Path::new(&out(&format!("case{i}"))), &extra);
        assert!(!ok, "{extra:?} should fail:\n{text}");
        assert!(text.contains("error: "), "{extra:?}:\n{text}");
        assert!(
            text.contains(expected),
            "{extra:?}: expected `{expected}` in:\n{text}"
        );
    }
    // A sequence longer than the model's positions (the tiny preset's 2048).
    let (ok, text) = train(Path::new(&out("long")), &["--seq", "4096"]);
    assert!(!ok);
    assert!(
        text.contains("longer than the model's max_position_embeddings (2048)"),
        "{text}"
    );
}

/// The names of the `checkpoint-N` folders in `out`, sorted.
fn saves(out: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(out)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("checkpoint-"))
        .collect();
    names.sort();
    names
}

#[test]
fn diverged_weights_are_never_saved() {
    let out = temp_dir("train-poisoned");
    let (ok, text) = train(
        &out,
        &[
            "--steps",
            "3",
            "--lr",
            "1e38",
            "--weight-decay",
            "100",
            "--save-every",
            "1",
            "--warmup",
            "0",
        ],
    );
    assert!(!ok, "{text}");
    assert!(text.contains("non-finite"), "{text}");
    assert!(text.contains("nothing was saved in this run"), "{text}");
    assert!(text.contains("--lr"), "{text}");
    assert!(saves(&out).is_empty(), "{:?}", saves(&out));
    let (ok, text) = train(&temp_dir("train-decay-inf"), &["--weight-decay", "inf"]);
    assert!(!ok && text.contains("--weight-decay: inf"), "{text}");
    // lr 1e38 above is finite in float32, and AdamW's decoupled decay, 1 - lr * 100, overflows
    // the weights at the first step; 1e300 is not, and is refused at once.
    let (ok, text) = train(&temp_dir("train-lr-f32"), &["--lr", "1e300"]);
    assert!(!ok && text.contains("within float32"), "{text}");
}

#[test]
fn a_run_writes_only_beside_its_own_older_saves_and_deletes_only_those() {
    let dir = temp_dir("train-ownership");
    let (a, b) = (dir.join("a"), dir.join("b"));
    let keep_all = [
        "--steps",
        "2",
        "--save-every",
        "1",
        "--save-total-limit",
        "0",
    ];
    assert!(train(&a, &keep_all).0);
    assert!(train(&b, &["--steps", "1"]).0);
    let a_str = a.to_str().unwrap();

    // Resuming an older save where a newer one of its run exists.
    let old = a.join("checkpoint-1");
    let (ok, text) = remat(&["train", "--resume", old.to_str().unwrap(), "--steps", "3"]);
    assert!(
        !ok && text.contains("is not the latest save of its run"),
        "{text}"
    );
    // Into the folder of another run.
    let (ok, text) = remat(&[
        "train",
        "--resume",
        a_str,
        "--steps",
        "3",
        "--out",
        b.to_str().unwrap(),
    ]);
    assert!(!ok && text.contains("holds saves of another run"), "{text}");
    assert_eq!(saves(&b), ["checkpoint-1"]);
    // Flags a resumed run cannot honour are refused, not ignored.
    let (ok, text) = remat(&["train", "--resume", a_str, "--vocab-size", "512"]);
    assert!(
        !ok && text.contains("--vocab-size cannot change on --resume"),
        "{text}"
    );

    // A save caught between being moved aside and replaced is still found and resumed from.
    std::fs::rename(a.join("checkpoint-2"), a.join(".checkpoint-2.old")).unwrap();
    // The log is a record: a damaged line does not block resuming.
    let log = a.join("metrics.jsonl");
    let mut text = std::fs::read_to_string(&log).unwrap();
    text.push_str("{\"step\": 2, \"lo\n");
    std::fs::write(&log, text).unwrap();
    let (ok, text) = remat(&[
        "train",
        "--resume",
        a_str,
        "--steps",
        "4",
        "--save-every",
        "1",
        "--save-total-limit",
        "2",
        // The run's own value: given again, it is no change.
        "--vocab-size",
        "300",
    ]);
    assert!(ok, "{text}");
    assert!(text.contains(".checkpoint-2.old at step 2"), "{text}");
    assert!(text.contains("metrics.jsonl:3: left out"), "{text}");
    // Its own older saves went; the newest two stay.
    assert_eq!(saves(&a), ["checkpoint-3", "checkpoint-4"]);
    assert!(!a.join(".checkpoint-2.old").exists());
}

#[test]
fn a_save_resumes_on_the_cpu_without_a_gpu_and_refuses_a_foreign_optimizer_state() {
    let dir = temp_dir("train-resume-checks");
    let (a, b) = (dir.join("a"), dir.join("b"));
    assert!(train(&a, &["--steps", "1"]).0);
    assert!(train(&b, &["--steps", "1", "--vocab-size", "280"]).0);
    // No Vulkan driver at all: resuming on the CPU must not need one.
    let out = Command::new(env!("CARGO_BIN_EXE_remat"))
        .args([
            "train",
            "--resume",
            a.to_str().unwrap(),
            "--steps",
            "2",
            "--device",
            "cpu",
        ])
        .env("VK_ICD_FILENAMES", "/nonexistent.json")
        .env("VK_DRIVER_FILES", "/nonexistent.json")
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{text}");
    // The optimizer state of a model with another vocabulary.
    std::fs::copy(
        b.join("checkpoint-1/optimizer.bpk"),
        a.join("checkpoint-2/optimizer.bpk"),
    )
    .unwrap();
    let (ok, text) = remat(&["train", "--resume", a.to_str().unwrap(), "--steps", "3"]);
    assert!(!ok, "{text}");
    assert!(
        text.contains("optimizer.bpk") && text.contains("the optimizer state of another model"),
        "{text}"
    );
}

/// `trainer_state.json` holds the run's typed settings; a save of an older remat, which held
/// the command line's arguments there, still resumes with them, and settings of neither kind
/// are an error naming the file.
#[test]
fn saves_hold_typed_settings_and_older_saves_still_resume() {
    let out = temp_dir("train-settings");
    let (ok, text) = train(&out, &["--steps", "2", "--policy", "recompute"]);
    assert!(ok, "{text}");
    let state_path = out.join("checkpoint-2/trainer_state.json");
    let state: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&state_path).unwrap()).unwrap();
    let settings = &state["settings"];
    assert_eq!(settings["plan"], "recompute", "{settings}");
    assert_eq!(
        settings["tokenizer"]["bpe"]["vocab_size"], 300,
        "{settings}"
    );
    assert_eq!(settings["length"]["steps"], 2, "{settings}");
    assert_eq!(settings["device"], "cpu", "{settings}");

    // The same save as an older remat wrote it: its flags, by their names.
    let mut old = state.clone();
    old["settings"] = serde_json::json!({
        "device": "cpu", "batch": 4, "seq": 32, "eval-every": 0, "sample-tokens": 0,
        "vocab-size": 300, "steps": 2, "policy": "recompute", "out": out,
    });
    std::fs::write(&state_path, old.to_string()).unwrap();
    let (ok, text) = remat(&["train", "--resume", out.to_str().unwrap(), "--steps", "3"]);
    assert!(ok, "{text}");
    assert_eq!(losses(&out).len(), 3);
    let resumed: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("checkpoint-3/trainer_state.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(resumed["settings"]["plan"], "recompute");
    assert_eq!(
        resumed["settings"]["kernels"], "reference",
        "then's default"
    );

    let mut unknown = state;
    unknown["settings"] = serde_json::json!({ "what": 1 });
    let dir = out.join("checkpoint-3");
    std::fs::write(dir.join("trainer_state.json"), unknown.to_string()).unwrap();
    let (ok, text) = remat(&["train", "--resume", dir.to_str().unwrap(), "--steps", "4"]);
    assert!(
        !ok && text.contains("trainer_state.json: `settings` are not the settings of a run"),
        "{text}"
    );
}

#[test]
fn files_picked_in_memory_train_as_their_folder_does_and_the_run_gives_back_its_hf_files() {
    use remat::train::picked::{Picked, PickedModel, PickedText};
    use remat::train::run::Run;
    use remat::train::settings::{DataSource, Length, ModelSource, RunSettings};

    let out = temp_dir("train-picked");
    let (ok, text) = train(&out, &["--steps", "2"]);
    assert!(ok, "{text}");
    let folder = out.join("checkpoint-2");
    let read = |name: &str| std::fs::read(folder.join(name)).unwrap();
    let data = data_file(
        "picked-data",
        &"The fox ran to the old mill by the river. ".repeat(60),
    );
    let settings = RunSettings {
        model: ModelSource::Folder(folder.clone()),
        data: DataSource::Path(data.clone()),
        device: "cpu".parse().unwrap(),
        batch: 2,
        seq: 16,
        length: Length::Steps(2),
        eval_every: 0,
        sample_tokens: 0,
        ..RunSettings::default()
    };
    let picked = Picked {
        model: Some(PickedModel {
            name: "base".into(),
            config: read("config.json"),
            weights: read("model.safetensors"),
            tokenizer: Some(read("tokenizer.json")),
        }),
        data: Some(PickedText {
            name: "data.txt".into(),
            bytes: std::fs::read(&data).unwrap(),
        }),
    };
    let in_memory = RunSettings {
        model: ModelSource::Picked("base".into()),
        data: DataSource::Picked("data.txt".into()),
        ..settings.clone()
    };
    let losses = |mut run: Run| {
        (0..2)
            .map(|_| remat::block_on(run.train_step(None)).unwrap().stats.loss)
            .collect::<Vec<f32>>()
    };
    let from_disk = Run::prepare(settings, remat::device::cpu(), None).unwrap();
    let files = remat::block_on(from_disk.hf_files()).unwrap();
    for (name, bytes) in &files {
        assert_eq!(bytes, &read(name), "{name} as the save wrote it");
    }
    let from_memory = Run::prepare_with(in_memory.clone(), remat::device::cpu(), None, &picked);
    assert_eq!(losses(from_disk), losses(from_memory.unwrap()));

    // Settings that name a file the run was not given.
    let other = RunSettings {
        data: DataSource::Picked("other.txt".into()),
        ..in_memory
    };
    let error = Run::prepare_with(other, remat::device::cpu(), None, &picked)
        .err()
        .unwrap()
        .to_string();
    assert!(error.starts_with("data: `other.txt` was picked"), "{error}");
}

#[test]
fn a_lora_run_saves_a_peft_adapter_resumes_exactly_and_its_merged_model_generates_the_same() {
    let straight = temp_dir("lora-straight");
    let lora = [
        "--lora-rank",
        "4",
        "--lora-alpha",
        "8",
        "--lora-targets",
        "q_proj,v_proj,down_proj",
        "--merge",
        "--lr",
        "1e-2",
    ];
    let steps = [
        "--steps",
        "10",
        "--save-every",
        "5",
        "--save-total-limit",
        "0",
    ];
    let (ok, text) = train(&straight, &[&lora[..], &steps[..]].concat());
    assert!(ok, "{text}");
    assert!(
        text.contains("LoRA: rank 4, alpha 8 on q_proj,v_proj,down_proj"),
        "{text}"
    );
    let last = straight.join("checkpoint-10");
    for file in [
        "adapter_config.json",
        "adapter_model.safetensors",
        "config.json",
        "model.safetensors",
        "tokenizer.json",
        "optimizer.bpk",
        "trainer_state.json",
        "merged/config.json",
        "merged/model.safetensors",
        "merged/tokenizer.json",
    ] {
        assert!(last.join(file).is_file(), "{file}");
    }
    // The base (a preset's, saved beside the adapter) is frozen; the adapter trains.
    let read = |dir: &Path, file: &str| std::fs::read(dir.join(file)).unwrap();
    let first = straight.join("checkpoint-5");
    assert_eq!(
        read(&first, "model.safetensors"),
        read(&last, "model.safetensors")
    );
    assert_ne!(
        read(&first, "adapter_model.safetensors"),
        read(&last, "adapter_model.safetensors")
    );
    let config: serde_json::Value =
        serde_json::from_slice(&read(&last, "adapter_config.json")).unwrap();
    assert_eq!(config["r"], 4);
    let base = std::path::absolute(&last).unwrap();
    assert_eq!(config["base_model_name_or_path"], base.to_str().unwrap());

    // Resumed from step 5: the same losses and the same adapter, bit for bit.
    let (resumed, _) = resume(&first, "lora-resumed");
    assert_eq!(losses(&resumed), losses(&straight)[5..].to_vec());
    let resumed_last = resumed.join("checkpoint-10");
    assert_eq!(
        read(&resumed_last, "adapter_model.safetensors"),
        read(&last, "adapter_model.safetensors")
    );

    // The adapter over its base and the merged model say the same.
    let generate = |model: &Path| {
        let (ok, text) = remat(&[
            "generate",
            "--model",
            model.to_str().unwrap(),
            "--prompt",
            "Once upon",
            "--max-new-tokens",
            "12",
            "--device",
            "cpu",
        ]);
        assert!(ok, "{text}");
        text
    };
    assert_eq!(generate(&last), generate(&last.join("merged")));

    // A save of a LoRA run is an adapter: fine-tuning it as a model says what to do, and
    // giving it as the adapter goes on training it.
    let again = temp_dir("lora-again");
    let model = ["--model", last.to_str().unwrap(), "--steps", "2"];
    let (ok, text) = train(&again, &model);
    assert!(!ok && text.contains("is a LoRA adapter"), "{text}");
    let adapter = [&model[..], &["--adapter", last.to_str().unwrap()]].concat();
    let (ok, text) = train_skipping(&again, &adapter, &["--vocab-size"]);
    assert!(ok, "{text}");
    assert!(text.contains("LoRA: rank 4, alpha 8"), "{text}");
    let (ok, text) = train_skipping(
        &temp_dir("lora-other-rank"),
        &[&adapter[..], &["--lora-rank", "8"]].concat(),
        &["--vocab-size"],
    );
    assert!(
        !ok && text.contains("--lora-rank: the adapter in"),
        "{text}"
    );
}

#[test]
fn a_lora_run_over_a_bf16_base_saves_and_merges_in_bf16_resumes_exactly_and_samples() {
    let straight = temp_dir("bf16-straight");
    let run = [
        "--dtype",
        "bf16",
        "--lora-rank",
        "4",
        "--steps",
        "6",
        "--save-every",
        "3",
        "--save-total-limit",
        "0",
        "--sample-tokens",
        "6",
        "--merge",
    ];
    let (ok, text) = train(&straight, &run);
    assert!(ok, "{text}");
    assert!(text.contains("--- sample ---"), "{text}");
    // The frozen base is saved as it trains, in bfloat16; the adapter in float32.
    let last = straight.join("checkpoint-6");
    let dtype_of = |file: &str| {
        let bytes = std::fs::read(last.join(file)).unwrap();
        let tensors = safetensors::SafeTensors::deserialize(&bytes).unwrap();
        let (_, view) = tensors.tensors().into_iter().next().unwrap();
        view.dtype()
    };
    assert_eq!(dtype_of("model.safetensors"), safetensors::Dtype::BF16);
    assert_eq!(
        dtype_of("merged/model.safetensors"),
        safetensors::Dtype::BF16
    );
    assert_eq!(
        dtype_of("adapter_model.safetensors"),
        safetensors::Dtype::F32
    );
    let (resumed, _) = resume(&straight.join("checkpoint-3"), "bf16-resumed");
    assert_eq!(losses(&resumed), losses(&straight)[3..].to_vec());

    // A type the device does not run is refused before any work, saying what does.
    let (ok, text) = train(
        &temp_dir("bf16-wgpu"),
        &["--dtype", "bf16", "--device", "wgpu"],
    );
    assert!(
        !ok && text.contains("--dtype: bf16 on wgpu") && text.contains("has no bfloat16"),
        "{text}"
    );
}
