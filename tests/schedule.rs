//! The schedule is the one truth of a step: the executor's memory samples and the memory
//! model's prediction name the same points, and changing the schedule changes both. On wgpu, in
//! its own test binary (the memory pool is shared by every test of a process).

mod common;

use burn::prelude::*;
use common::batch;
use remat::LlamaConfig;
use remat::checkpoint::{
    Executor, MemoryModel, MemoryProbe, OptimizerKind, Plan, Point, Schedule, ScheduleOptions,
};

/// Measured and predicted bytes at each sample of `schedule`, after a warm-up step.
fn measure(
    schedule: Schedule,
    model: &remat::Llama,
    memory: &MemoryModel,
) -> Vec<(Point, u64, u64)> {
    let base = Device::wgpu(DeviceKind::DefaultDevice);
    let batch = batch(2, 64, model.config.vocab_size);
    let predicted = memory.predict(&schedule).points;
    let mut executor = Executor::new(schedule);
    remat::block_on(executor.step(model, &batch, None)).unwrap();
    base.memory_cleanup();
    let out = remat::block_on(executor.step(model, &batch, Some(MemoryProbe::default()))).unwrap();
    let measured = out.memory.samples;
    let points: Vec<Point> = measured.iter().map(|(p, _)| *p).collect();
    let expected: Vec<Point> = predicted.iter().map(|(p, _)| *p).collect();
    assert_eq!(
        points, expected,
        "the executor samples where the model predicts"
    );
    measured
        .iter()
        .zip(&predicted)
        .map(|(&(point, got), &(_, want))| (point, got, want))
        .collect()
}

#[test]
fn changing_the_schedule_changes_the_samples_and_the_prediction_alike() {
    let device = Device::wgpu(DeviceKind::DefaultDevice).autodiff();
    device.seed(3);
    let config = LlamaConfig::new(64, 64, 176, 4, 4, 2);
    let model = config.init(&device);
    let memory = MemoryModel::new(&config, 2, 64, OptimizerKind::Sgd).with_fused_kernels(true);
    let plan = Plan::offload(4); // OOOR
    let h = memory.hidden_bytes();

    // Prefetching one segment ahead holds the previous input during a segment's recompute and
    // backward: one hidden state more there, measured as predicted.
    let ahead = measure(
        Schedule::compile(&plan, ScheduleOptions::default()),
        &model,
        &memory,
    );
    let on_demand = ScheduleOptions {
        prefetch: false,
        ..ScheduleOptions::default()
    };
    let late = measure(Schedule::compile(&plan, on_demand), &model, &memory);
    let mut differing = 0;
    for ((point, got_ahead, want_ahead), (_, got_late, want_late)) in ahead.iter().zip(&late) {
        let predicted = *want_ahead as i64 - *want_late as i64;
        let measured = *got_ahead as i64 - *got_late as i64;
        println!("{point}: predicted {predicted:+}, measured {measured:+}");
        assert!(
            predicted == 0 || predicted == h as i64,
            "{point}: prefetching ahead changes the prediction by one hidden state or nothing"
        );
        if predicted > 0 {
            differing += 1;
            assert!(
                measured >= predicted,
                "{point}: predicted {predicted:+} bytes, measured {measured:+}"
            );
        }
    }
    assert!(differing >= 3, "{differing} points differ");

    // A sample left out of the schedule is left out of both.
    let fewer = Schedule::compile(&plan, ScheduleOptions::default())
        .retain(|op| *op != remat::checkpoint::Op::Sample(Point::Loss));
    let samples = measure(fewer, &model, &memory);
    assert_eq!(samples.len(), ahead.len() - 1);
    assert!(samples.iter().all(|(p, _, _)| *p != Point::Loss));
}
