//! `remat train`: train from scratch or fine-tune an HF folder on text, with a progress bar, a
//! metrics log, plots, saves that HF transformers loads, exact resume, and a sample at the end.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use anyhow::Context;
use burn::prelude::*;
use indicatif::{ProgressBar, ProgressStyle};
use remat::checkpoint::planner::gib;
use remat::generate::{Sampling, generate};
use remat::tokenizer::TextTokenizer;
use remat::train::data::{Document, Sequences, read_documents};
use remat::train::optim::AdamW;
use remat::train::save::{self, TrainerState};
use remat::train::schedule::Schedule;
use remat::train::trainer::Trainer;
use remat::{Llama, LlamaConfig};

pub use super::train_args::TrainArgs;
use super::{demo_corpus, plots};

/// Stories in the built-in training text.
const DEMO_STORIES: usize = 4000;

/// One line of `metrics.jsonl`.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct Metrics {
    step: usize,
    loss: f32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    eval_loss: Option<f32>,
    lr: f64,
    grad_norm: f32,
    tokens_per_second: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    peak_device_bytes: Option<u64>,
    seconds: f64,
}

pub fn run(args: TrainArgs) -> anyhow::Result<()> {
    // Settings: flags, then the TOML file, then (resuming) the run's own.
    let file = match &args.config {
        Some(path) => TrainArgs::from_toml(path)?,
        None => TrainArgs::default(),
    };
    let resume_dir = args.resume.clone();
    let mut args = args.or(file);
    if resume_dir.is_some() {
        pin_burn_default_device(args.device()?);
    }
    let selected = remat::device::select(args.device()?)?;
    let device = selected.device.clone().autodiff();

    let resume_state = resume_dir.as_deref().map(save::read_state).transpose()?;
    if let Some((dir, state)) = &resume_state {
        let mut saved: TrainArgs = serde_json::from_value(state.settings.clone())
            .with_context(|| format!("{}: trainer_state.json settings", dir.display()))?;
        let fixed = args.changed_on_resume(&saved);
        anyhow::ensure!(
            fixed.is_empty(),
            "{} cannot change on --resume: the run goes on with the model and tokenizer of {}; to fine-tune that save as a new run, give --model {1} without --resume",
            fixed.join(", "),
            dir.display()
        );
        // Go on in the folder resumed from, unless told otherwise.
        saved.out = None;
        args = args.or(saved);
        println!("resuming {} at step {}", dir.display(), state.step);
    }
    args.validate()?;
    super::kernels::apply(args.kernels()?, &device);
    let seed = args.seed();
    device.seed(seed);
    let adamw = AdamW {
        weight_decay: args.weight_decay.unwrap_or(0.01) as f32,
        ..AdamW::default()
    };
    let resumed = match &resume_state {
        Some((dir, _)) => Some(save::resume(dir, adamw.init(), &device)?),
        None => None,
    };

    // Data and tokenizer.
    let documents = match &args.data {
        Some(path) => read_documents(path)?,
        None => demo_corpus::stories(DEMO_STORIES, 0)
            .into_iter()
            .enumerate()
            .map(|(i, text)| Document {
                source: format!("built-in story {i}"),
                text,
            })
            .collect(),
    };
    let base_config = match (&resumed, &args.model) {
        (Some(r), _) => r.model.config.clone(),
        (None, Some(dir)) => LlamaConfig::load(dir)?,
        (None, None) => remat::presets::preset(args.preset.as_deref().unwrap_or("tiny"))?,
    };
    let tokenizer = match &resumed {
        Some(r) => r.tokenizer.clone(),
        None => load_tokenizer(&args, &base_config, &documents)?,
    };
    let mut config = base_config;
    if resumed.is_none() && args.model.is_none() {
        // From scratch: the model's vocabulary is the tokenizer's.
        config.vocab_size = tokenizer.vocab_size();
        config.set_special_tokens(tokenizer.eos);
    }
    config = config.for_training();
    check_fits(&config, &tokenizer, &args)?;
    let run_id = match &resume_state {
        Some((_, state)) => state.run_id.clone(),
        None => new_run_id(),
    };

    let started_tokenizing = Instant::now();
    let tokenized = tokenizer.encode_all(&texts(&documents))?;
    let data = Sequences::pack(
        &tokenized,
        tokenizer.eos,
        args.seq(),
        args.eval_fraction(),
        seed,
    )?;
    let per_epoch = data.batches_per_epoch(args.batch())?;
    let total = args.total_steps(per_epoch)?;
    let accum = args.grad_accum();
    println!(
        "data: {} documents, {} tokens -> {} train / {} eval sequences of {} ({:.1} s); {} steps = {:.2} epochs",
        documents.len(),
        tokenized.iter().map(Vec::len).sum::<usize>(),
        data.train.len(),
        data.eval.len(),
        args.seq(),
        started_tokenizing.elapsed().as_secs_f64(),
        total,
        (total * accum) as f64 / per_epoch as f64
    );

    // Plan, model, optimizer.
    let planned = args
        .policy()?
        .resolve(&config, args.batch(), args.seq(), &selected)?;
    let (model, optimizer, start) = match resumed {
        Some(r) => (r.model, r.optimizer, r.state.step),
        None => {
            let model = match &args.model {
                Some(dir) => Llama::load(dir, &device)?,
                None => config.init(&device),
            };
            (model, adamw.init(), 0)
        }
    };
    anyhow::ensure!(
        start < total,
        "the save is at step {start}, and the run has {total} steps: give a larger --steps to go on"
    );
    println!(
        "model: {} parameters, {} layers, hidden {}, vocab {}",
        config.num_params(),
        config.num_hidden_layers,
        config.hidden_size,
        config.vocab_size
    );
    let mut trainer = Trainer::new(model, optimizer, planned.plan.clone());
    trainer.max_grad_norm = match args.max_grad_norm.unwrap_or(1.0) {
        0.0 => None,
        norm => Some(norm as f32),
    };
    let schedule = Schedule {
        peak: args.lr(),
        warmup_steps: args.warmup.unwrap_or(total / 20),
        total_steps: total,
        final_fraction: 0.1,
    };

    // Output folder and log.
    let out = match &args.out {
        Some(out) => out.clone(),
        None => match &resume_dir {
            Some(dir) if save::checkpoints(dir)?.is_empty() => {
                dir.parent().map(Path::to_path_buf).unwrap_or_default()
            }
            Some(dir) => dir.clone(),
            None => fresh_out_dir(&args.run_name()),
        },
    };
    // A run writes only where its own saves are, none of them newer than where it starts.
    if let Some(other) = save::foreign_saves(&out, &run_id, start)?.first() {
        match &resume_state {
            None => anyhow::bail!(
                "{} already holds saves of a run: --resume {0} to go on with it, or give another --out",
                out.display()
            ),
            Some((dir, _)) if save::run_of(other).as_deref() == Some(run_id.as_str()) => {
                anyhow::bail!(
                    "{} is not the latest save of its run ({} is): resume from that, or give another --out to go on from step {start} beside it",
                    dir.display(),
                    other.display()
                )
            }
            Some(_) => anyhow::bail!(
                "{} holds saves of another run ({}): give another --out",
                out.display(),
                other.display()
            ),
        }
    }
    std::fs::create_dir_all(&out).with_context(|| out.display().to_string())?;
    args.out = Some(out.clone());
    let mut history = read_history(&out.join("metrics.jsonl"), start)?;
    let mut log = MetricsLog::create(&out.join("metrics.jsonl"), &history)?;
    let settings = serde_json::to_value(&args)?;
    let mut last_save: Option<PathBuf> = None;
    let save_now = |trainer: &Trainer, step: usize| -> remat::Result<PathBuf> {
        let state = TrainerState {
            step,
            run_id: run_id.clone(),
            settings: settings.clone(),
        };
        save::save(
            &out,
            trainer.model(),
            &trainer.optimizer,
            &tokenizer,
            &state,
            args.save_total_limit(),
        )
    };
    println!("output: {}", out.display());

    // Ctrl-C, SIGTERM or SIGHUP: the loop saves and stops after the step it is in; a second
    // one exits at once.
    let interrupt = Arc::new(AtomicBool::new(false));
    let flag = interrupt.clone();
    ctrlc::set_handler(move || {
        if flag.swap(true, Ordering::SeqCst) {
            std::process::exit(130);
        }
    })
    .ok();

    // The loop.
    let eval_batches = data.eval_batches(args.batch(), config.vocab_size)?;
    let bar = ProgressBar::new(total as u64).with_position(start as u64);
    bar.set_style(
        ProgressStyle::with_template(
            "[{elapsed_precise}] {bar:30.cyan/blue} {pos}/{len} | {msg} | ETA {eta}",
        )
        .expect("a valid template"),
    );
    let tokens_per_step = (args.batch() * args.seq() * accum) as f64;
    let started = Instant::now();
    let mut measured_peak: Option<u64> = None;
    let mut stopped_early = false;
    for step in start + 1..=total {
        let step_started = Instant::now();
        let micro: Vec<_> = (0..accum)
            .map(|j| {
                data.train_batch(
                    (step - 1) * accum + j,
                    args.batch(),
                    seed,
                    config.vocab_size,
                )
            })
            .collect::<remat::Result<_>>()?;
        let lr = schedule.lr(step);
        let eval_due = step == total || (args.eval_every() > 0 && step % args.eval_every() == 0);
        // Memory is sampled once AdamW's state exists (the run's second step) and at evals.
        let sample = step == (start + 2).min(total) || eval_due;
        let stopped = |e: &remat::Error, last_save: &Option<PathBuf>| {
            let kept = match last_save {
                Some(dir) => format!("the last good save is {}", dir.display()),
                None => "nothing was saved in this run".into(),
            };
            let hint = match e {
                remat::Error::NonFinite { .. } => {
                    " (a smaller --lr or --weight-decay, or --max-grad-norm, keeps a run from diverging)"
                }
                _ => "",
            };
            anyhow::anyhow!("training stopped at step {step}: {e}{hint}; {kept}")
        };
        let stats = trainer
            .step(&micro, lr, sample)
            .map_err(|e| stopped(&e, &last_save))?;
        let seconds = step_started.elapsed().as_secs_f64();
        let peak = Some(stats.memory.peak_bytes).filter(|&bytes| sample && bytes > 0);
        measured_peak = peak.or(measured_peak);
        let eval_loss = if eval_due && !eval_batches.is_empty() {
            Some(trainer.eval_loss(&eval_batches)?)
        } else {
            None
        };
        let metrics = Metrics {
            step,
            loss: stats.loss,
            eval_loss,
            lr,
            grad_norm: stats.grad_norm,
            tokens_per_second: tokens_per_step / seconds,
            peak_device_bytes: peak,
            seconds,
        };
        log.write(&metrics)?;
        let done = (step - start) as f64;
        bar.set_message(format!(
            "loss {:.4}{} | {:.0} tok/s | peak {}",
            stats.loss,
            eval_loss.map_or(String::new(), |l| format!(" eval {l:.4}")),
            tokens_per_step * done / started.elapsed().as_secs_f64(),
            measured_peak.map_or_else(|| "-".into(), gib)
        ));
        bar.inc(1);
        if eval_loss.is_some() || step == start + 1 {
            say(
                &bar,
                format!(
                    "step {step:>5}  loss {:.4}{}",
                    stats.loss,
                    eval_loss.map_or(String::new(), |l| format!("  eval loss {l:.4}"))
                ),
            );
        }
        history.push(metrics);
        let interrupted = interrupt.load(Ordering::SeqCst);
        let save_due = step == total || (args.save_every() > 0 && step % args.save_every() == 0);
        if save_due || interrupted {
            let dir = save_now(&trainer, step).map_err(|e| stopped(&e, &last_save))?;
            write_plots(&out, &history, &planned, measured_peak)?;
            last_save = Some(dir);
        }
        if interrupted {
            bar.abandon_with_message(format!("interrupted: saved step {step}"));
            stopped_early = true;
            break;
        }
    }
    if !stopped_early {
        bar.finish_with_message(format!("done in {:.1} s", started.elapsed().as_secs_f64()));
    }
    if let Some(dir) = &last_save {
        println!(
            "saved {} (resume with --resume {}; sample with `remat generate --model {0}`)",
            dir.display(),
            out.display()
        );
    }
    println!(
        "metrics: {}, plots: {} and {}",
        out.join("metrics.jsonl").display(),
        out.join("loss.png").display(),
        out.join("memory.png").display()
    );
    if !stopped_early && args.sample_tokens() > 0 {
        let prompt = args
            .prompt
            .clone()
            .unwrap_or_else(|| first_words(&documents[0].text, 4));
        let sampling = Sampling {
            max_new_tokens: args.sample_tokens(),
            temperature: 0.7,
            top_k: 40,
            top_p: 0.95,
            seed,
        };
        print_sample(&trainer.model().valid(), &tokenizer, &prompt, &sampling)?;
    }
    Ok(())
}

/// The tokenizer of a new run: `--tokenizer`, the model folder's, or a BPE trained on the data.
fn load_tokenizer(
    args: &TrainArgs,
    config: &LlamaConfig,
    documents: &[Document],
) -> anyhow::Result<TextTokenizer> {
    let eos = config.eos_token_id();
    if let Some(path) = &args.tokenizer {
        return Ok(TextTokenizer::load(path, eos)?);
    }
    if let Some(dir) = &args.model {
        let path = dir.join("tokenizer.json");
        anyhow::ensure!(
            path.is_file(),
            "{}: missing; give the model's tokenizer with --tokenizer FILE",
            path.display()
        );
        return Ok(TextTokenizer::load(&path, eos)?);
    }
    let vocab = args.vocab_size.unwrap_or(512);
    let started = Instant::now();
    let tokenizer = TextTokenizer::train_bpe(&texts(documents), vocab)?;
    println!(
        "tokenizer: byte-level BPE of {} tokens trained on the data ({:.1} s)",
        tokenizer.vocab_size(),
        started.elapsed().as_secs_f64()
    );
    Ok(tokenizer)
}

/// The tokenizer's ids fit the model, and the sequence its positions.
fn check_fits(
    config: &LlamaConfig,
    tokenizer: &TextTokenizer,
    args: &TrainArgs,
) -> anyhow::Result<()> {
    anyhow::ensure!(
        tokenizer.vocab_size() <= config.vocab_size,
        "the tokenizer has {} tokens but the model's vocab_size is {}: use the model's own tokenizer.json",
        tokenizer.vocab_size(),
        config.vocab_size
    );
    anyhow::ensure!(
        args.seq() <= config.max_position_embeddings,
        "--seq {} is longer than the model's max_position_embeddings ({})",
        args.seq(),
        config.max_position_embeddings
    );
    anyhow::ensure!(
        args.sample_tokens() < config.max_position_embeddings,
        "--sample-tokens {}: more than the model's max_position_embeddings ({}) leave after the prompt",
        args.sample_tokens(),
        config.max_position_embeddings
    );
    Ok(())
}

/// Burn makes the tensors of a loaded optimizer state on its default device (burn-optim's
/// `load_record` takes no device), which would open the GPU while resuming on `--device cpu`:
/// this points Burn's default (`BURN_DEVICE`) at the device asked for. Called while the process
/// has one thread, before any device exists; a `BURN_DEVICE` the user set is left alone.
fn pin_burn_default_device(choice: remat::device::DeviceChoice) {
    use remat::device::DeviceChoice;
    let name = match choice {
        DeviceChoice::Cpu => "flex",
        DeviceChoice::Wgpu => "wgpu",
        DeviceChoice::Cuda if cfg!(feature = "cuda") => "cuda",
        DeviceChoice::Cuda | DeviceChoice::Auto => return,
    };
    if std::env::var_os("BURN_DEVICE").is_none() {
        // SAFETY: no other thread runs yet (see above), so nothing reads the environment
        // while it changes.
        unsafe { std::env::set_var("BURN_DEVICE", name) };
    }
}

/// A name no other run has: the time and the process id, in hex.
fn new_run_id() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("{nanos:x}-{:x}", std::process::id())
}

fn texts(documents: &[Document]) -> Vec<&str> {
    documents.iter().map(|d| d.text.as_str()).collect()
}

/// `runs/NAME-N` for the first N not taken.
fn fresh_out_dir(name: &str) -> PathBuf {
    (1..)
        .map(|n| PathBuf::from(format!("runs/{name}-{n}")))
        .find(|dir| !dir.exists())
        .expect("a free name")
}

/// The metrics of steps up to `upto` from an earlier run into the same folder. The log is a
/// record, not needed to resume: a line that cannot be read is left out, with a warning.
fn read_history(path: &Path, upto: usize) -> anyhow::Result<Vec<Metrics>> {
    if upto == 0 || !path.is_file() {
        return Ok(Vec::new());
    }
    let bytes = std::fs::read(path).with_context(|| path.display().to_string())?;
    let text = String::from_utf8_lossy(&bytes);
    let mut history = Vec::new();
    for (i, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        match serde_json::from_str::<Metrics>(line) {
            Ok(metrics) if metrics.step <= upto => history.push(metrics),
            Ok(_) => {}
            Err(e) => eprintln!(
                "warning: {}:{}: left out of the log and plots ({e})",
                path.display(),
                i + 1
            ),
        }
    }
    Ok(history)
}

/// `metrics.jsonl`, one object per step, flushed as it goes.
struct MetricsLog {
    file: std::io::BufWriter<std::fs::File>,
    path: PathBuf,
}

impl MetricsLog {
    /// Starts the log with the steps of `history` (those before a resume).
    fn create(path: &Path, history: &[Metrics]) -> anyhow::Result<Self> {
        let file = std::fs::File::create(path).with_context(|| path.display().to_string())?;
        let mut log = Self {
            file: std::io::BufWriter::new(file),
            path: path.to_path_buf(),
        };
        for metrics in history {
            log.write(metrics)?;
        }
        Ok(log)
    }

    fn write(&mut self, metrics: &Metrics) -> anyhow::Result<()> {
        let line = serde_json::to_string(metrics)?;
        writeln!(self.file, "{line}")
            .and_then(|()| self.file.flush())
            .with_context(|| self.path.display().to_string())
    }
}

fn write_plots(
    out: &Path,
    history: &[Metrics],
    planned: &remat::checkpoint::Planned,
    measured_peak: Option<u64>,
) -> anyhow::Result<()> {
    let train: Vec<(usize, f32)> = history.iter().map(|m| (m.step, m.loss)).collect();
    let eval: Vec<(usize, f32)> = history
        .iter()
        .filter_map(|m| m.eval_loss.map(|l| (m.step, l)))
        .collect();
    plots::loss_png(&out.join("loss.png"), &train, &eval)?;
    plots::memory_png(
        &out.join("memory.png"),
        &planned.plan.to_string(),
        &planned.peak,
        measured_peak,
    )
}

/// A line above the progress bar, or on its own where the bar is hidden (not a terminal).
fn say(bar: &ProgressBar, line: String) {
    if bar.is_hidden() {
        println!("{line}");
    } else {
        bar.println(line);
    }
}

fn first_words(text: &str, n: usize) -> String {
    text.split_whitespace()
        .take(n)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Generates from `prompt` and prints the text as it comes.
pub fn print_sample(
    model: &Llama,
    tokenizer: &TextTokenizer,
    prompt: &str,
    sampling: &Sampling,
) -> anyhow::Result<()> {
    let ids = tokenizer.encode(prompt)?;
    anyhow::ensure!(!prompt.is_empty(), "the prompt is empty");
    anyhow::ensure!(
        !ids.is_empty(),
        "the prompt {prompt:?} encodes to no tokens with this tokenizer"
    );
    println!("\n--- sample ---");
    print!("{prompt}");
    std::io::stdout().flush().ok();
    let mut decode = tokenizer.stream_decoder();
    let mut failed = None;
    generate(model, &ids, sampling, Some(tokenizer.eos), |token| {
        match decode(token) {
            Ok(Some(text)) => print!("{text}"),
            Ok(None) => {}
            Err(e) => {
                failed.get_or_insert(e);
            }
        }
        std::io::stdout().flush().ok();
    })?;
    if let Some(e) = failed {
        return Err(e.into());
    }
    println!("\n--------------");
    Ok(())
}
