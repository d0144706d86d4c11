//! Train a tiny Llama from scratch with the library API (no CLI): every layer recomputed in
//! backward, AdamW, on a repeating token pattern the model learns in a few dozen steps.
//!
//! `cargo run --release --example train_tiny [-- STEPS]`

use burn::prelude::*;
use remat::LlamaConfig;
use remat::batch::Batch;
use remat::checkpoint::{Executor, Plan, Schedule, ScheduleOptions};
use remat::kernels::Kernels;
use remat::train::optim::AdamW;

fn main() -> remat::Result<()> {
    let steps: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    let device = Device::flex().autodiff();
    device.seed(0);
    let config = LlamaConfig::new(32, 64, 160, 4, 4, 2);
    let mut model = config.init(&device);
    let plan = Plan::recompute(config.num_hidden_layers);
    let mut optimizer = AdamW::default().init(Kernels::default());
    let mut executor = Executor::new(Schedule::compile(&plan, ScheduleOptions::default()));

    // Four sequences of a counting pattern, each starting elsewhere.
    let (batch, seq) = (4, 32);
    let ids = (0..batch * seq)
        .map(|i| ((i % seq + 5 * (i / seq)) % 32) as i64)
        .collect();
    let batch = Batch::new(ids, None, [batch, seq], config.vocab_size)?;

    println!("plan {plan}, {} parameters", config.num_params());
    for step in 1..=steps {
        let out = remat::block_on(executor.step(&model, &batch, None))?;
        model = optimizer.step(3e-3, model, out.grads);
        if step % 10 == 0 || step == 1 {
            println!("step {step:>3}  loss {:.4}", out.loss.into_scalar::<f32>());
        }
    }
    Ok(())
}
