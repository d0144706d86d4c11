//! `remat plan`: the predicted peak and time of every preset (and auto) before anything runs.

use anyhow::Context;
use clap::Args;
use remat::checkpoint::memory_model::gib;
use remat::checkpoint::planner::{Budget, longest_seq};
use remat::checkpoint::{
    MemoryModel, OptimizerKind, Plan, Planned, Policy, Schedule, Speed, TimeModel, plan_for_budget,
};
use remat::device::{self, DeviceChoice};
use remat::kernels::Kernels;
use remat::precision::Precision;

use super::bench::ModelArgs;
use remat::checkpoint::calibrate::calibrate;

#[derive(Args, Debug)]
pub struct PlanArgs {
    #[command(flatten)]
    model: ModelArgs,
    /// fused: plan for the CubeCL kernels (a GPU through wgpu or CUDA); reference: plain Burn.
    #[command(flatten)]
    kernels: super::kernels::KernelArgs,
    #[command(flatten)]
    schedule_options: super::schedule::ScheduleArgs,
    #[command(flatten)]
    lora: super::lora::LoraArgs,
    /// f32, bf16 or f16: activations and frozen weights (what trains stays float32).
    #[arg(long, default_value = "f32")]
    dtype: Precision,
    #[arg(long, default_value_t = 8)]
    batch: usize,
    #[arg(long, default_value_t = 512)]
    seq: usize,
    /// The plan to report in `--json`: none, recompute, offload, auto, or one of K/R/O per
    /// layer (default: auto with --budget, else none).
    #[arg(long)]
    policy: Option<String>,
    /// Device memory budget: 6GiB, 512MiB, or a share of the device's memory such as 80%.
    #[arg(long)]
    budget: Option<Budget>,
    /// Measure the device's speed first (else an RTX 3090/4090-class card is assumed).
    #[arg(long)]
    calibrate: bool,
    /// The device for --calibrate and for a budget in %; nothing else touches a device.
    #[arg(long, default_value = "auto")]
    device: DeviceChoice,
    /// Also find, for each policy and auto, the longest sequence (a multiple of 64) that fits
    /// --budget at this batch size.
    #[arg(long)]
    longest_seq: bool,
    /// Print the chosen plan's schedule: every op of one step in order, with the bytes the
    /// memory model predicts at each memory sample.
    #[arg(long)]
    schedule: bool,
    /// End with one line of JSON describing the chosen plan.
    #[arg(long)]
    json: bool,
}

/// One plan's figures in `--json`.
#[derive(serde::Serialize)]
struct Figures {
    policy: String,
    plan: String,
    predicted_peak_bytes: u64,
    weights_bytes: u64,
    optimizer_bytes: u64,
    gradients_bytes: u64,
    saved_bytes: u64,
    working_bytes: u64,
    host_bytes: u64,
    predicted_slowdown: f64,
}

impl Figures {
    fn new(policy: &str, planned: &Planned) -> Self {
        let peak = planned.peak;
        Self {
            policy: policy.into(),
            plan: planned.plan.to_string(),
            predicted_peak_bytes: peak.total(),
            weights_bytes: peak.weights,
            optimizer_bytes: peak.optimizer,
            gradients_bytes: peak.gradients,
            saved_bytes: peak.saved,
            working_bytes: peak.working,
            host_bytes: planned.host_bytes,
            predicted_slowdown: planned.slowdown,
        }
    }
}

/// `0-13 offload, 14-15 recompute, 16-31 keep`, with what each layer holds.
fn describe(plan: &Plan, memory: &MemoryModel) -> Vec<String> {
    let mut lines = Vec::new();
    let mut start = 0;
    while start < plan.len() {
        let policy = plan.layers[start];
        let end = (start..plan.len())
            .find(|&i| plan.layers[i] != policy)
            .unwrap_or(plan.len());
        let layers = if end - start == 1 {
            format!("layer {start}")
        } else {
            format!("layers {start}-{}", end - 1)
        };
        let what = match policy {
            Policy::Keep => format!(
                "keep: every activation, {} each",
                gib(memory.layer_activations())
            ),
            Policy::Recompute => format!(
                "recompute: input kept on the device, {} each",
                gib(memory.hidden_bytes())
            ),
            Policy::Offload => format!(
                "offload: input in host memory, {} each",
                gib(memory.hidden_bytes())
            ),
        };
        lines.push(format!("  {layers:<14} {what}"));
        start = end;
    }
    lines
}

pub fn run(args: PlanArgs) -> anyhow::Result<()> {
    let config = args.model.config()?;
    let layers = config.num_hidden_layers;
    let needs_device = args.calibrate || matches!(args.budget, Some(Budget::Share(_)));
    let selected = needs_device
        .then(|| device::select(args.device))
        .transpose()?;
    // Without a device, the plan is for a GPU, where the fused kernels run.
    let kernels = match &selected {
        Some(selected) => args.kernels.kernels.on(&selected.device),
        None => args.kernels.kernels,
    };
    let options = args.schedule_options.options();
    let lora = args.lora.config()?;
    let memory = MemoryModel::new(&config, args.batch, args.seq, OptimizerKind::AdamW)
        .with_fused_kernels(kernels == Kernels::Fused)
        .with_schedule(options)
        .with_lora(lora.clone())
        .with_precision(args.dtype);
    memory.check()?;
    let speed = match &selected {
        Some(selected) if args.calibrate => calibrate(&config, &memory, &selected.device, kernels)?,
        _ => Speed::default(),
    };
    let time = TimeModel::new(&memory, speed);
    let budget = args
        .budget
        .map(|b| b.bytes(selected.as_ref().and_then(|s| s.memory_bytes)))
        .transpose()?;

    println!(
        "{} parameters, {layers} layers, hidden {}, batch {} x {} tokens, {} activations and frozen weights, AdamW",
        config.num_params(),
        config.hidden_size,
        args.batch,
        args.seq,
        args.dtype
    );
    if let Some(lora) = &lora {
        let targets: Vec<&str> = lora.targets.iter().map(|t| t.name()).collect();
        println!(
            "LoRA rank {}, alpha {} on {}: {} trainable parameters, the rest frozen",
            lora.rank,
            lora.alpha,
            targets.join(","),
            memory.trainable_params()
        );
    }
    println!(
        "speed: {:.2} TFLOP/s, a layer's backward {:.2}x its forward, host copies {:.1} GB/s ({})",
        speed.flops_per_second / 1e12,
        speed.backward_per_forward,
        speed.host_bytes_per_second / 1e9,
        if args.calibrate {
            "measured"
        } else {
            "assumed: an RTX 3090/4090-class card; --calibrate measures this device"
        }
    );
    let mut rows: Vec<(String, Planned)> = ["none", "recompute", "offload"]
        .into_iter()
        .map(|preset| {
            let plan = Plan::parse(preset, layers)?;
            Ok((preset.to_string(), Planned::new(plan, &memory, &time)))
        })
        .collect::<remat::Result<_>>()?;
    let chosen = match args.policy.as_deref() {
        None if budget.is_some() => "auto".to_string(),
        None => "none".to_string(),
        Some(spec) => spec.to_string(),
    };
    let mut nothing_fits = None;
    if let Some(budget) = budget {
        println!("budget: {}", gib(budget));
        match plan_for_budget(&memory, &time, budget) {
            Ok(planned) => rows.push(("auto".into(), planned)),
            Err(e) => nothing_fits = Some(e),
        }
    } else if chosen == "auto" {
        anyhow::bail!("--policy auto needs --budget (e.g. 6GiB or 80%)");
    }
    if !rows.iter().any(|(name, _)| *name == chosen) && chosen != "auto" {
        let plan = Plan::parse(&chosen, layers)?;
        rows.push((chosen.clone(), Planned::new(plan, &memory, &time)));
    }

    println!();
    println!(
        "{:<10} {:<width$}  {:>11} = {:>10} + {:>10} + {:>10} + {:>10} + {:>10}  {:>10}  {:>6}",
        "policy",
        "plan",
        "peak",
        "weights",
        "optimizer",
        "gradients",
        "saved",
        "working",
        "host",
        "time",
        width = layers.max(4)
    );
    for (name, planned) in &rows {
        let p = planned.peak;
        let fits = match budget {
            Some(b) if p.total() > b => "  over budget",
            _ => "",
        };
        println!(
            "{name:<10} {:<width$}  {:>11} = {:>10} + {:>10} + {:>10} + {:>10} + {:>10}  {:>10}  {:>+5.0}%{fits}",
            planned.plan.to_string(),
            gib(p.total()),
            gib(p.weights),
            gib(p.optimizer),
            gib(p.gradients),
            gib(p.saved),
            gib(p.working),
            gib(planned.host_bytes),
            100.0 * planned.slowdown,
            width = layers.max(4)
        );
    }
    let Some((_, planned)) = rows.iter().find(|(name, _)| *name == chosen) else {
        let error = nothing_fits.context("the chosen plan is in the table")?;
        return Err(error.into());
    };
    if let Some(error) = &nothing_fits {
        println!("auto: {error}");
    }
    println!();
    println!(
        "{chosen}: plan {}, peak at {}",
        planned.plan, planned.peak.place
    );
    for line in describe(&planned.plan, &memory) {
        println!("{line}");
    }
    if args.schedule {
        let schedule = Schedule::compile(&planned.plan, options);
        println!();
        super::schedule::print(&schedule, &memory.predict(&schedule));
    }
    if args.longest_seq {
        let budget = budget.context("--longest-seq needs --budget")?;
        println!();
        println!(
            "longest sequence within {} at batch {} (multiples of 64):",
            gib(budget),
            args.batch
        );
        let limit = 1 << 20;
        let presets = ["none", "recompute", "offload"].map(|preset| {
            let peak = move |m: &MemoryModel| m.peak(&Plan::parse(preset, layers).unwrap()).total();
            (preset, longest_seq(&memory, budget, 64, limit, peak))
        });
        let auto = (
            "auto",
            longest_seq(&memory, budget, 64, limit, MemoryModel::smallest_peak),
        );
        for (name, seq) in presets.into_iter().chain([auto]) {
            match seq {
                Some(seq) => {
                    let at = memory.with_shape(args.batch, seq);
                    let plan = if name == "auto" {
                        plan_for_budget(&at, &TimeModel::new(&at, speed), budget)?.plan
                    } else {
                        Plan::parse(name, layers)?
                    };
                    let beyond = if seq > config.max_position_embeddings {
                        format!(
                            " (beyond max_position_embeddings {})",
                            config.max_position_embeddings
                        )
                    } else {
                        String::new()
                    };
                    println!(
                        "  {name:<10} {seq:>7} tokens, plan {plan}, peak {}{beyond}",
                        gib(at.peak(&plan).total())
                    );
                }
                None => println!("  {name:<10} nothing fits, not even 64 tokens"),
            }
        }
    }
    if args.json {
        println!(
            "{}",
            serde_json::to_string(&Figures::new(&chosen, planned))?
        );
    }
    Ok(())
}
