//! Fine-tune an HF model folder on a text file with the library's training run (no CLI), then
//! save it as a folder HF transformers loads (and `remat train --resume` continues).
//!
//! `cargo run --release --example finetune_hf -- MODEL_DIR TEXT_FILE OUT_DIR [STEPS]`
//!
//! MODEL_DIR needs `config.json`, `model.safetensors` and `tokenizer.json` (an HF Llama
//! checkpoint, or a save of `remat train`).

use std::path::PathBuf;

use remat::block_on;
use remat::checkpoint::{FixedPlan, PlanSpec};
use remat::device::DeviceChoice;
use remat::train::run::Run;
use remat::train::settings::{DataSource, Length, ModelSource, RunSettings};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [model_dir, text_file, out] = [0, 1, 2].map(|i| args.get(i).map(PathBuf::from));
    let (Some(model_dir), Some(text_file), Some(out)) = (model_dir, text_file, out) else {
        return Err("usage: finetune_hf MODEL_DIR TEXT_FILE OUT_DIR [STEPS]".into());
    };
    let steps: usize = args.get(3).map_or(Ok(30), |s| s.parse())?;

    let settings = RunSettings {
        model: ModelSource::Folder(model_dir),
        data: DataSource::Path(text_file),
        batch: 4,
        seq: 32,
        length: Length::Steps(steps),
        lr: Some(1e-3),
        warmup: Some(steps / 10),
        eval_fraction: 0.1,
        // Every layer recomputed in backward, as HF's gradient_checkpointing_enable().
        plan: PlanSpec::Fixed(FixedPlan::Recompute),
        device: DeviceChoice::Cpu,
        ..RunSettings::default()
    };
    let device = remat::device::select(settings.device)?;
    let mut run = Run::prepare(settings, device, None)?;
    let eval = |run: &Run| block_on(run.eval()).map(|loss| loss.unwrap_or(f32::NAN));
    println!("plan {}, {} steps", run.planned().plan, run.total_steps());
    println!("eval loss before: {:.4}", eval(&run)?);
    while !run.is_done() {
        let report = block_on(run.train_step(None))?;
        if report.step == 1 || report.step % 10 == 0 || run.is_done() {
            println!(
                "step {:>4}  loss {:.4}  grad norm {:.3}",
                report.step, report.stats.loss, report.stats.grad_norm
            );
        }
    }
    println!("eval loss after:  {:.4}", eval(&run)?);
    println!("saved {}", block_on(run.save(&out))?.display());
    Ok(())
}
