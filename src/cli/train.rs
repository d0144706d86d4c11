//! `remat train`: train from scratch or fine-tune an HF folder on text, with a progress bar, a
//! metrics log, plots, saves that HF transformers loads, exact resume, and a sample at the end.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use remat::checkpoint::memory_model::gib;
use remat::device::DeviceChoice;
use remat::train::run::{self, Run};
use remat::train::save;
use remat::train::settings::RunSettings;
use remat::train::state::TrainerState;

pub use super::train_args::TrainArgs;
use super::{flags, plots};

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
    // Settings: flags, then the TOML file, over the run's own when resuming, else the defaults.
    let file = match &args.config {
        Some(path) => TrainArgs::from_toml(path)?,
        None => TrainArgs::default(),
    };
    let given = args.or(file);
    let resume_state = given.resume.as_deref().map(save::read_state).transpose()?;
    let saved = match &resume_state {
        Some((dir, state)) => Some(saved_settings(dir, state)?),
        None => None,
    };
    let settings = given.apply(saved.clone().unwrap_or_default())?;
    if let (Some((dir, _)), Some(saved)) = (&resume_state, &saved) {
        let fixed: Vec<String> = settings
            .changed_on_resume(saved)
            .into_iter()
            .filter_map(flags::flag)
            .collect();
        anyhow::ensure!(
            fixed.is_empty(),
            "{} cannot change on --resume: the run goes on with the model and tokenizer of {}; to fine-tune that save as a new run, give --model {1} without --resume",
            fixed.join(", "),
            dir.display()
        );
        pin_burn_default_device(settings.device);
    }
    settings.validate()?;
    let selected = remat::device::select(settings.device)?;
    let resumed = match &resume_state {
        Some((dir, state)) => {
            println!("resuming {} at step {}", dir.display(), state.step);
            let optimizer = run::optimizer(&settings, &selected);
            let device = selected.device.clone().autodiff();
            let base_dtype = settings.dtype.dtype();
            Some(save::resume(dir, optimizer, &device, base_dtype)?)
        }
        None => None,
    };
    let mut run = Run::prepare(settings, selected, resumed)?;
    super::kernels::describe(run.settings().kernels, run.kernels(), &run.device().device);
    print_summary(&run);
    let (start, total) = (run.start(), run.total_steps());

    // Output folder and log.
    let out = match &given.out {
        Some(out) => out.clone(),
        None => match &given.resume {
            Some(dir) if save::saves(dir)?.is_empty() => {
                dir.parent().map(Path::to_path_buf).unwrap_or_default()
            }
            Some(dir) => dir.clone(),
            None => fresh_out_dir(&run.settings().run_name()),
        },
    };
    let resumed_from = resume_state.as_ref().map(|(dir, _)| dir.as_path());
    check_out_dir(&out, run.run_id(), start, resumed_from)?;
    std::fs::create_dir_all(&out).with_context(|| out.display().to_string())?;
    let mut history = read_history(&out.join("metrics.jsonl"), start)?;
    let mut log = MetricsLog::create(&out.join("metrics.jsonl"), &history)?;
    let mut last_save: Option<PathBuf> = None;
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
    let bar = ProgressBar::new(total as u64).with_position(start as u64);
    bar.set_style(
        ProgressStyle::with_template(
            "[{elapsed_precise}] {bar:30.cyan/blue} {pos}/{len} | {msg} | ETA {eta}",
        )
        .expect("a valid template"),
    );
    let tokens_per_step = run.tokens_per_step() as f64;
    let started = Instant::now();
    let mut measured_peak: Option<u64> = None;
    let mut stopped_early = false;
    while !run.is_done() {
        let step = run.step() + 1;
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
            anyhow::anyhow!(
                "training stopped at step {step}: {}{hint}; {kept}",
                flags::describe(e)
            )
        };
        let step_started = Instant::now();
        let report = remat::block_on(run.train_step(Some(crate::memory_probe())))
            .map_err(|e| stopped(&e, &last_save))?;
        let seconds = step_started.elapsed().as_secs_f64();
        let stats = &report.stats;
        let peak = Some(stats.memory.peak_bytes).filter(|&bytes| report.sampled && bytes > 0);
        measured_peak = peak.or(measured_peak);
        let eval_loss = if report.eval_due {
            remat::block_on(run.eval())?
        } else {
            None
        };
        let metrics = Metrics {
            step,
            loss: stats.loss,
            eval_loss,
            lr: report.lr,
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
        if report.save_due || interrupted {
            let dir = remat::block_on(run.save(&out)).map_err(|e| stopped(&e, &last_save))?;
            write_plots(&out, &history, run.planned(), measured_peak)?;
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
    if !stopped_early && run.settings().sample_tokens > 0 {
        let prompt = run.prompt().to_string();
        print_sample(&prompt, |on_text| {
            remat::block_on(run.sample(&prompt, on_text)).map(drop)
        })?;
    }
    Ok(())
}

/// Prints `prompt` and the text `generate` continues it with, as it comes.
pub fn print_sample(
    prompt: &str,
    generate: impl FnOnce(&mut dyn FnMut(&str)) -> remat::Result<()>,
) -> anyhow::Result<()> {
    println!("\n--- sample ---");
    print!("{prompt}");
    std::io::stdout().flush().ok();
    generate(&mut |text| {
        print!("{text}");
        std::io::stdout().flush().ok();
    })?;
    println!("\n--------------");
    Ok(())
}

/// The settings a save was made with. Saves of remat before settings were typed hold the
/// command line's arguments instead: those are read as flags over the defaults of then (the
/// reference kernels).
fn saved_settings(dir: &Path, state: &TrainerState) -> anyhow::Result<RunSettings> {
    let file = dir.join("trainer_state.json").display().to_string();
    match state.settings(&file) {
        Ok(settings) => Ok(settings),
        Err(error) => {
            let Ok(mut legacy) = serde_json::from_value::<TrainArgs>(state.settings.clone()) else {
                return Err(error.into());
            };
            legacy.kernels.get_or_insert_with(|| "reference".into());
            legacy.apply(RunSettings::default())
        }
    }
}

/// What the run found and planned, said once.
fn print_summary(run: &Run) {
    let s = run.summary();
    if let Some(seconds) = s.bpe_seconds {
        println!(
            "tokenizer: byte-level BPE of {} tokens trained on the data ({seconds:.1} s)",
            run.tokenizer().vocab_size()
        );
    }
    println!(
        "data: {} documents, {} tokens -> {} train / {} eval sequences of {} ({:.1} s); {} steps = {:.2} epochs",
        s.documents,
        s.tokens,
        s.train_sequences,
        s.eval_sequences,
        run.settings().seq,
        s.tokenize_seconds,
        s.total_steps,
        s.epochs
    );
    tracing::info!("plan {}", run.planned());
    println!(
        "model: {} parameters, {} layers, hidden {}, vocab {}",
        s.params, s.layers, s.hidden, s.vocab
    );
    if let Some(lora) = &run.settings().lora {
        let targets: Vec<&str> = lora.targets.iter().map(|t| t.name()).collect();
        println!(
            "LoRA: rank {}, alpha {} on {}: {} trainable parameters ({:.2}% of the model), the rest frozen",
            lora.rank,
            lora.alpha,
            targets.join(","),
            s.trainable_params,
            100.0 * s.trainable_params as f64 / s.params as f64
        );
    }
}

/// A run writes only where its own saves are, none of them newer than where it starts.
fn check_out_dir(
    out: &Path,
    run_id: &str,
    start: usize,
    resumed_from: Option<&Path>,
) -> anyhow::Result<()> {
    let Some(other) = save::foreign_saves(out, run_id, start)?.into_iter().next() else {
        return Ok(());
    };
    match resumed_from {
        None => anyhow::bail!(
            "{} already holds saves of a run: --resume {0} to go on with it, or give another --out",
            out.display()
        ),
        Some(dir) if save::run_of(&other).as_deref() == Some(run_id) => anyhow::bail!(
            "{} is not the latest save of its run ({} is): resume from that, or give another --out to go on from step {start} beside it",
            dir.display(),
            other.display()
        ),
        Some(_) => anyhow::bail!(
            "{} holds saves of another run ({}): give another --out",
            out.display(),
            other.display()
        ),
    }
}

/// Burn makes the tensors of a loaded optimizer state on its default device (burn-optim's
/// `load_record` takes no device), which would open the GPU while resuming on `--device cpu`:
/// this points Burn's default (`BURN_DEVICE`) at the device asked for. Called while the process
/// has one thread, before any device exists; a `BURN_DEVICE` the user set is left alone.
fn pin_burn_default_device(choice: DeviceChoice) {
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
