//! The planner's memory model against the peak the executor measures on wgpu. Its own test
//! binary: the wgpu memory pool is shared by every test in a process.

use burn::prelude::*;
use remat::LlamaConfig;
use remat::batch::Batch;
use remat::checkpoint::{
    Executor, MemoryModel, MemoryProbe, OptimizerKind, Plan, Schedule, ScheduleOptions,
};
use remat::kernels::Kernels;
use remat::model::lora::{LoraConfig, Target};
use remat::precision::Precision;
use remat::train::optim::AdamW;

/// (config, batch, seq): layers, width, GQA ratio, head size, vocabulary, tying and batch shape
/// all vary.
fn configs() -> Vec<(LlamaConfig, usize, usize)> {
    let mut tied = LlamaConfig::new(384, 64, 176, 3, 4, 1);
    tied.tie_word_embeddings = true;
    vec![
        (LlamaConfig::new(256, 64, 176, 2, 4, 2), 2, 64),
        (LlamaConfig::new(300, 96, 256, 4, 6, 2), 1, 96),
        (LlamaConfig::new(512, 128, 344, 3, 4, 4), 4, 32),
        (LlamaConfig::new(128, 64, 176, 6, 8, 1), 2, 128),
        (tied, 3, 48),
    ]
}

/// What a step trains, and in which type: every parameter, LoRA on every projection, LoRA on
/// some, in float32; every parameter and LoRA in float16 (lavapipe has shader-f16).
fn trainings() -> Vec<(Option<LoraConfig>, Precision)> {
    let some = LoraConfig {
        rank: 4,
        alpha: 8.0,
        targets: vec![Target::QProj, Target::VProj, Target::DownProj],
    };
    vec![
        (None, Precision::F32),
        (Some(LoraConfig::new(8)), Precision::F32),
        (Some(some), Precision::F32),
        (None, Precision::F16),
        (Some(LoraConfig::new(8)), Precision::F16),
    ]
}

/// Full fine-tuning and LoRA, each with Burn's ops and the fused kernels, on every config and
/// plan: one test, as the measurements must not run beside each other.
#[test]
fn predicted_peaks_are_within_10_percent_of_measured() {
    let base = Device::wgpu(DeviceKind::DefaultDevice);
    let device = base.clone().autodiff();
    let mut worst = 0.0f64;
    let mut runs = Vec::new();
    for (lora, precision) in trainings() {
        for kernels in [Kernels::Reference, Kernels::Fused] {
            for config in configs() {
                runs.push((lora.clone(), precision, kernels, config));
            }
        }
    }
    for (lora, precision, choice, (config, b, t)) in runs {
        let layers = config.num_hidden_layers;
        let memory = MemoryModel::new(&config, b, t, OptimizerKind::AdamW)
            .with_fused_kernels(choice == Kernels::Fused)
            .with_lora(lora.clone())
            .with_precision(precision);
        let trains = match &lora {
            None => format!("full {precision}"),
            Some(l) => format!("LoRA r{} x{} {precision}", l.rank, l.targets.len()),
        };
        let ids = (0..b * t).map(|i| ((i * 7 + 3) % config.vocab_size) as i64);
        let batch = Batch::new(ids.collect(), None, [b, t], config.vocab_size).unwrap();
        for spec in ["none", "recompute", "offload", "KRO"] {
            let plan = match spec {
                "KRO" => Plan {
                    layers: (0..layers)
                        .map(|i| Plan::parse("KRO", 3).unwrap().layers[i % 3])
                        .collect(),
                },
                preset => Plan::parse(preset, layers).unwrap(),
            };
            // A fresh model; one step (with the optimizer) to allocate its state, then measure.
            let model = config.init(&device);
            let mut model = match &lora {
                Some(lora) => model.with_lora(lora),
                None => model,
            }
            .with_kernels(choice)
            .with_precision(precision);
            let mut optimizer = AdamW::default().init(choice);
            let mut executor = Executor::new(Schedule::compile(&plan, ScheduleOptions::default()));
            let out = remat::block_on(executor.step(&model, &batch, None)).unwrap();
            model = optimizer.step(1e-3, model, out.grads);
            base.sync().unwrap();
            base.memory_cleanup();
            let probe = Some(MemoryProbe::default());
            let out = remat::block_on(executor.step(&model, &batch, probe)).unwrap();
            let measured = out.memory.peak_bytes;
            let predicted = memory.peak(&plan);
            let error = predicted.total() as f64 / measured as f64 - 1.0;
            println!(
                "{trains} {choice:?} d{} L{} h{}/{} v{} b{b} t{t} {plan}: measured {measured}, predicted {} ({:+.1}%), {predicted}",
                config.hidden_size,
                layers,
                config.num_attention_heads,
                config.num_key_value_heads(),
                config.vocab_size,
                predicted.total(),
                100.0 * error
            );
            worst = worst.max(error.abs());
            assert!(
                error.abs() <= 0.10,
                "{trains} {choice:?} {plan}: predicted {} vs measured {measured}",
                predicted.total()
            );
            drop((model, optimizer, out));
            base.memory_cleanup();
        }
    }
    println!("worst error {:.1}%", 100.0 * worst);
}

#[test]
fn a_step_with_a_buffer_larger_than_the_device_allocates_is_refused_saying_what_fits() {
    use remat::checkpoint::{PlanSpec, TimeModel, planner::resolve};
    let selected = remat::device::SelectedDevice {
        device: Device::wgpu(DeviceKind::DefaultDevice),
        description: "wgpu".into(),
        memory_bytes: None,
    };
    let limit = selected
        .max_buffer_bytes()
        .expect("a wgpu device states its largest buffer");
    // Burn's softmax keeps [batch, heads, seq, seq]: a sequence at which that passes the limit.
    let config = LlamaConfig::new(512, 64, 176, 2, 4, 2);
    let seq = ((limit as f64 / 16.0).sqrt() as usize + 64).next_multiple_of(64);
    let memory = MemoryModel::new(&config, 1, seq, OptimizerKind::AdamW);
    let spec: PlanSpec = "recompute".parse().unwrap();
    let time = |m: &MemoryModel| TimeModel::new(m, Default::default());
    let error = resolve(&spec, &memory, &time(&memory), &selected)
        .unwrap_err()
        .to_string();
    assert!(
        error.starts_with("batch x seq: the step's largest buffer, softmax"),
        "{error}"
    );
    let fits: usize = error.rsplit("`seq` ").next().unwrap().parse().unwrap();
    assert!(fits < seq, "{error}");
    let shorter = memory.with_shape(1, fits);
    assert!(shorter.largest_buffer().bytes <= limit);
    assert!(resolve(&spec, &shorter, &time(&shorter), &selected).is_ok());
    let longer = memory.with_shape(1, fits + 64);
    assert!(longer.largest_buffer().bytes > limit, "{error}");
}
