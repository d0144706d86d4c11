//! Bad input, generated: corrupt safetensors headers and data, mutated configs and tokenizers,
//! odd data files and out-of-range command-line values. Every case must end in a result or a
//! clear error that names the input (the file, field or flag): never a panic, an abort, a signal
//! or a hang. The mutations are seeded, so a failure names a case that reproduces.

mod common;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use burn::prelude::*;
use common::{fixture, temp_dir};
use remat::rng::SplitMix64;
use remat::tokenizer::TextTokenizer;
use remat::train::data::read_documents;
use remat::weights::TensorStore;
use remat::{Llama, LlamaConfig};

/// Runs `case`, which must not panic; an error must name `names` (one of them).
fn check<T>(label: &str, names: &[&str], case: impl FnOnce() -> remat::Result<T>) -> bool {
    match catch_unwind(AssertUnwindSafe(case)) {
        Err(panic) => {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            panic!("{label}: panicked: {message}")
        }
        Ok(Ok(_)) => true,
        Ok(Err(e)) => {
            let message = e.to_string();
            assert!(
                names.iter().any(|n| message.contains(n)),
                "{label}: the error does not name {names:?}: {message}"
            );
            false
        }
    }
}

/// The 8-byte little-endian header length, the JSON header, and the data of a safetensors file.
fn split(bytes: &[u8]) -> (String, &[u8]) {
    let n = u64::from_le_bytes(bytes[..8].try_into().unwrap()) as usize;
    (
        String::from_utf8(bytes[8..8 + n].to_vec()).unwrap(),
        &bytes[8 + n..],
    )
}

fn join(header: &str, data: &[u8]) -> Vec<u8> {
    let mut out = (header.len() as u64).to_le_bytes().to_vec();
    out.extend_from_slice(header.as_bytes());
    out.extend_from_slice(data);
    out
}

/// Loads a model from safetensors bytes on the CPU backend.
fn load(config: &LlamaConfig, bytes: &[u8]) -> remat::Result<Llama> {
    let store = TensorStore::from_safetensors(bytes, "model.safetensors")?;
    Llama::from_store(config, store, &Device::flex())
}

#[test]
fn corrupt_safetensors_are_errors_naming_the_file() {
    let dir = fixture("gqa");
    let config = LlamaConfig::load(&dir).unwrap();
    let good = std::fs::read(dir.join("model.safetensors")).unwrap();
    let (header, data) = split(&good);
    let mut rng = SplitMix64::new(14);
    let mut cases: Vec<(String, Vec<u8>)> = Vec::new();
    // Truncated anywhere: in the length, the header, the data.
    for i in 0..40 {
        let at = if i < 8 { i } else { rng.below(good.len()) };
        cases.push((format!("truncated at {at}"), good[..at].to_vec()));
    }
    // Random bytes flipped in the header.
    for _ in 0..60 {
        let mut bytes = good.clone();
        let at = 8 + rng.below(header.len());
        bytes[at] ^= 1 << rng.below(8);
        cases.push((format!("header byte {at} flipped"), bytes));
    }
    // A header length beyond the file, zero, or absurd.
    for n in [
        0u64,
        1,
        header.len() as u64 + 1,
        good.len() as u64,
        u64::MAX,
        1 << 40,
    ] {
        let mut bytes = good.clone();
        bytes[..8].copy_from_slice(&n.to_le_bytes());
        cases.push((format!("header length {n}"), bytes));
    }
    // Edited headers: dtypes, shapes and offsets that do not match the data.
    let edits: [(&str, &str); 10] = [
        ("\"F32\"", "\"F64\""),
        ("\"F32\"", "\"I8\""),
        ("\"F32\"", "\"Q4\""),
        ("\"shape\":[", "\"shape\":[0,"),
        ("\"shape\":[", "\"shape\":[4294967296,"),
        ("\"shape\":[", "\"shape\":[18446744073709551615,"),
        ("\"data_offsets\":[", "\"data_offsets\":[99999999999,"),
        ("\"data_offsets\":[0", "\"data_offsets\":[8"),
        ("model.", "modell."),
        ("weight", "bias"),
    ];
    for (from, to) in edits {
        for nth in [0, 3, 7] {
            if let Some((at, _)) = header.match_indices(from).nth(nth) {
                let edited = format!("{}{to}{}", &header[..at], &header[at + from.len()..]);
                cases.push((
                    format!("header: {from} -> {to} (#{nth})"),
                    join(&edited, data),
                ));
            }
        }
    }
    // Data: NaN and infinity written into a tensor, and bytes dropped from the end.
    for (i, bits) in [f32::NAN, f32::INFINITY, f32::NEG_INFINITY]
        .iter()
        .enumerate()
    {
        let mut bytes = good.clone();
        let at = good.len() - 4 * (1 + 97 * i);
        bytes[at..at + 4].copy_from_slice(&bits.to_le_bytes());
        cases.push((format!("data: {bits} at {at}"), bytes));
    }
    let n = cases.len();
    let mut errors = 0;
    for (label, bytes) in cases {
        if !check(&label, &["model.safetensors"], || load(&config, &bytes)) {
            errors += 1;
        }
    }
    println!("safetensors: {n} cases, {errors} errors, the rest loaded");
    assert!(
        errors >= n * 3 / 4,
        "only {errors} of {n} corrupt files refused"
    );
}

#[test]
fn mutated_configs_are_errors_naming_the_field() {
    let text = std::fs::read_to_string(fixture("tied").join("config.json")).unwrap();
    let base: serde_json::Value = serde_json::from_str(&text).unwrap();
    let fields: Vec<String> = base.as_object().unwrap().keys().cloned().collect();
    let values = [
        "0",
        "-1",
        "1e12",
        "1e300",
        "18446744073709551616",
        "1000000000",
        "\"ten\"",
        "null",
        "[]",
        "0.5",
    ];
    let mut cases = 0;
    let mut errors = 0;
    let path = Path::new("config.json");
    for field in &fields {
        for value in values {
            let mut config = base.clone();
            config[field.as_str()] = serde_json::from_str(value).unwrap();
            let json = config.to_string();
            cases += 1;
            let built = check(&format!("{field} = {value}"), &["config"], || {
                let config = LlamaConfig::from_json(&json, path)?;
                // What the config asks for must be buildable as it is.
                if config.num_params() < 1 << 22 {
                    config.init(&Device::flex());
                }
                Ok(())
            });
            errors += usize::from(!built);
        }
        let mut config = base.clone();
        config.as_object_mut().unwrap().remove(field);
        let json = config.to_string();
        cases += 1;
        errors += usize::from(!check(&format!("no {field}"), &["config"], || {
            LlamaConfig::from_json(&json, path)
        }));
    }
    for cut in [0, 1, text.len() / 3, text.len() / 2, text.len() - 2] {
        cases += 1;
        errors += usize::from(!check(&format!("cut at {cut}"), &["config.json"], || {
            LlamaConfig::from_json(&text[..cut], path)
        }));
    }
    println!("configs: {cases} cases, {errors} errors");
    assert!(errors > cases / 2);
}

#[test]
fn mutated_tokenizers_are_errors_naming_the_file() {
    // A small byte-level BPE, as `remat train` makes one.
    let texts = ["the cat sat on the mat. ".repeat(20)];
    let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
    let good = TextTokenizer::train_bpe(&texts, 300)
        .unwrap()
        .to_json()
        .unwrap();
    let dir = temp_dir("fuzz-tokenizers");
    let path = dir.join("tokenizer.json");
    let mut rng = SplitMix64::new(15);
    let mut cases = 0;
    let mut errors = 0;
    let mut run = |label: String, text: &[u8]| {
        std::fs::write(&path, text).unwrap();
        cases += 1;
        let ok = check(&label, &["tokenizer.json"], || {
            let tokenizer = TextTokenizer::load(&path, Some(0))?;
            tokenizer.encode("the cat sat")?;
            Ok(())
        });
        errors += usize::from(!ok);
    };
    for _ in 0..30 {
        let at = rng.below(good.len());
        run(format!("cut at {at}"), &good.as_bytes()[..at]);
    }
    for _ in 0..30 {
        let mut bytes = good.clone().into_bytes();
        let at = rng.below(bytes.len());
        let replacements = b"{}[]\",:0\xff";
        bytes[at] = replacements[rng.below(replacements.len())];
        run(format!("byte {at} replaced"), &bytes);
    }
    for (from, to) in [
        ("\"BPE\"", "\"WordPiece\""),
        ("\"vocab\"", "\"vocabulary\""),
        ("\"merges\"", "\"merge\""),
        ("\"model\"", "\"modle\""),
        ("\"ByteLevel\"", "\"Bytelevel\""),
    ] {
        run(
            format!("{from} -> {to}"),
            good.replacen(from, to, 1).as_bytes(),
        );
    }
    run("empty".into(), b"");
    run("not JSON".into(), b"\x00\x01\x02 tokenizer");
    println!("tokenizers: {cases} cases, {errors} errors");
    assert!(errors > cases / 2);
}

#[test]
fn odd_data_is_read_or_refused_naming_the_file() {
    let dir = temp_dir("fuzz-data");
    let mut cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty.txt", vec![]),
        ("spaces.txt", b"   \n\n  ".to_vec()),
        ("binary.txt", vec![0x00, 0xff, 0xfe, 0x80, 0x7f]),
        ("latin1.md", b"caf\xe9 cr\xe8me".to_vec()),
        ("bad.jsonl", b"{\"text\": \"ok\"}\n{\"text\": \n".to_vec()),
        ("notext.jsonl", b"{\"body\": \"hi\"}\n".to_vec()),
        ("number.jsonl", b"{\"text\": 5}\n".to_vec()),
        ("array.jsonl", b"[1, 2, 3]\n".to_vec()),
        ("nul.jsonl", b"\x00\n".to_vec()),
        ("bom.txt", b"\xef\xbb\xbfsome text".to_vec()),
    ];
    let mut rng = SplitMix64::new(16);
    for i in 0..20 {
        let bytes = (0..rng.below(200)).map(|_| rng.next_u64() as u8).collect();
        cases.push((["r0.txt", "r1.jsonl", "r2.md"][i % 3], bytes));
    }
    let mut n = 0;
    for (name, bytes) in &cases {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        n += 1;
        check(&format!("{name} {bytes:?}"), &[name], || {
            read_documents(&path)
        });
    }
    // Folders: a link to the top, a link to a folder already walked, then a dangling link.
    let tree = dir.join("tree");
    std::fs::create_dir_all(tree.join("a/b")).unwrap();
    std::fs::write(tree.join("a/b/doc.txt"), "a document").unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&tree, tree.join("a/b/loop")).unwrap();
        std::os::unix::fs::symlink(tree.join("a"), tree.join("a/up")).unwrap();
        n += 1;
        let started = Instant::now();
        let docs = read_documents(&tree).unwrap();
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the walk loops"
        );
        assert_eq!(docs.len(), 1, "each document once: {docs:?}");
        std::os::unix::fs::symlink(tree.join("gone"), tree.join("a/dangling.txt")).unwrap();
        n += 1;
        let err = read_documents(&tree).unwrap_err().to_string();
        assert!(err.contains("dangling.txt"), "{err}");
    }
    println!("data: {n} cases");
}

/// Runs `remat` with `args` under a time limit: its exit status must be 0, 1 or 2 (an argument
/// clap refuses; never a panic's 101 or a signal), and a failure's message must name one of
/// `names` (the flag, or the value as clap quotes it).
fn cli(args: &[&str], names: &[&str], limit: Duration) -> bool {
    let mut child = Command::new(env!("CARGO_BIN_EXE_remat"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > limit {
            child.kill().ok();
            panic!("remat {args:?} still runs after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    let code = out.status.code();
    assert!(
        matches!(code, Some(0..=2)) && !text.contains("panicked"),
        "remat {args:?} ended with {:?}:\n{text}",
        out.status
    );
    if code != Some(0) {
        assert!(
            names.iter().any(|n| text.contains(n)),
            "remat {args:?}: the error does not name {names:?}:\n{text}"
        );
    }
    code == Some(0)
}

/// `base` as flag/value pairs, without the pair of `flag` (or, for `--epochs`, of `--steps`,
/// which it replaces), then `flag value`.
fn with_flag<'a>(base: &[(&'a str, &'a str)], flag: &'a str, value: &'a str) -> Vec<&'a str> {
    let replaced = if flag == "--epochs" { "--steps" } else { flag };
    let mut args: Vec<&str> = base
        .iter()
        .filter(|(f, _)| *f != replaced && *f != flag)
        .flat_map(|(f, v)| [*f, *v])
        .collect();
    args.extend([flag, value]);
    args
}

#[test]
fn out_of_range_flags_are_errors_naming_the_flag() {
    let dir = temp_dir("fuzz-cli");
    let data = dir.join("data.txt");
    std::fs::write(&data, "one two three four five six seven. ".repeat(30)).unwrap();
    let values = [
        "0",
        "-1",
        "1e30",
        "NaN",
        "inf",
        "18446744073709551615",
        "18446744073709551616",
        "abc",
        "",
    ];
    let limit = Duration::from_secs(120);
    let mut n = 0;

    let out = dir.join("run");
    let (data, out) = (data.to_str().unwrap(), out.to_str().unwrap());
    let train = [
        ("--device", "cpu"),
        ("--data", data),
        ("--vocab-size", "280"),
        ("--batch", "2"),
        ("--seq", "16"),
        ("--steps", "2"),
        ("--eval-every", "0"),
        ("--sample-tokens", "0"),
        ("--save-total-limit", "0"),
    ];
    let train_flags = [
        "--batch",
        "--seq",
        "--steps",
        "--epochs",
        "--lr",
        "--warmup",
        "--weight-decay",
        "--grad-accum",
        "--max-grad-norm",
        "--eval-fraction",
        "--sample-tokens",
        "--vocab-size",
        "--save-every",
        "--save-total-limit",
        "--policy",
        "--budget",
        "--device",
        "--kernels",
    ];
    for flag in train_flags {
        for value in values {
            std::fs::remove_dir_all(out).ok();
            let mut args = vec!["train", "--out", out];
            args.extend(with_flag(&train, flag, value));
            let quoted = format!("'{value}'");
            cli(&args, &[flag, flag.trim_start_matches('-'), &quoted], limit);
            n += 1;
        }
    }

    // A model to generate from: a save of the same quick run.
    std::fs::remove_dir_all(out).ok();
    let mut args = vec!["train", "--out", out];
    args.extend(with_flag(&train, "--steps", "1"));
    assert!(cli(&args, &[], limit));
    let model = dir.join("run/checkpoint-1");
    let generate = [
        ("--device", "cpu"),
        ("--model", model.to_str().unwrap()),
        ("--prompt", "one two"),
        ("--max-new-tokens", "4"),
    ];
    for flag in [
        "--max-new-tokens",
        "--temperature",
        "--top-p",
        "--top-k",
        "--seed",
        "--prompt",
    ] {
        for value in values {
            let mut args = vec!["generate"];
            args.extend(with_flag(&generate, flag, value));
            let quoted = format!("'{value}'");
            cli(&args, &[flag, "prompt", &quoted], limit);
            n += 1;
        }
    }

    let plan = [("--preset", "tiny"), ("--batch", "2"), ("--seq", "64")];
    for flag in ["--batch", "--seq", "--budget", "--policy", "--preset"] {
        for value in values {
            let mut args = vec!["plan"];
            args.extend(with_flag(&plan, flag, value));
            let quoted = format!("'{value}'");
            cli(&args, &[flag, flag.trim_start_matches('-'), &quoted], limit);
            n += 1;
        }
    }
    let sizes = [
        ("--hidden", "64"),
        ("--intermediate", "128"),
        ("--layers", "2"),
        ("--heads", "4"),
        ("--kv-heads", "2"),
        ("--vocab", "256"),
    ];
    for (flag, _) in sizes {
        for value in values {
            let mut args = vec!["plan", "--batch", "2", "--seq", "64"];
            args.extend(with_flag(&sizes, flag, value));
            let quoted = format!("'{value}'");
            cli(&args, &[flag, "config field", &quoted], limit);
            n += 1;
        }
    }
    println!("command line: {n} cases");
}
