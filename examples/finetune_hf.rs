//! Fine-tune an HF model folder on a text file with the library API (no CLI), then save it as
//! a folder HF transformers loads (and `remat train --resume` continues).
//!
//! `cargo run --release --example finetune_hf -- MODEL_DIR TEXT_FILE OUT_DIR [STEPS]`
//!
//! MODEL_DIR needs `config.json`, `model.safetensors` and `tokenizer.json` (an HF Llama
//! checkpoint, or a save of `remat train`).

use std::path::PathBuf;

use burn::prelude::*;
use remat::Llama;
use remat::checkpoint::Plan;
use remat::tokenizer::TextTokenizer;
use remat::train::data::Sequences;
use remat::train::optim::AdamW;
use remat::train::save::{TrainerState, save};
use remat::train::schedule::Schedule;
use remat::train::trainer::Trainer;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [model_dir, text_file, out] = [0, 1, 2].map(|i| args.get(i).map(PathBuf::from));
    let (Some(model_dir), Some(text_file), Some(out)) = (model_dir, text_file, out) else {
        return Err("usage: finetune_hf MODEL_DIR TEXT_FILE OUT_DIR [STEPS]".into());
    };
    let steps: usize = args.get(3).map_or(Ok(30), |s| s.parse())?;
    let (batch, seq) = (4, 32);

    let device = Device::flex().autodiff();
    device.seed(0);
    let model = Llama::load(&model_dir, &device)?;
    let tokenizer = TextTokenizer::load(
        &model_dir.join("tokenizer.json"),
        model.config.eos_token_id(),
    )?;
    let text =
        std::fs::read_to_string(&text_file).map_err(|e| format!("{}: {e}", text_file.display()))?;
    let data = Sequences::pack(&[tokenizer.encode(&text)?], tokenizer.eos, seq, 0.1, 0)?;
    let vocab = model.config.vocab_size;
    let eval = data.eval_batches(batch, vocab)?;

    // Every layer recomputed in backward, as HF's gradient_checkpointing_enable().
    let plan = Plan::recompute(model.config.num_hidden_layers);
    let mut trainer = Trainer::new(model, AdamW::default().init(), plan);
    let schedule = Schedule {
        peak: 1e-3,
        warmup_steps: steps / 10,
        total_steps: steps,
        final_fraction: 0.1,
    };
    println!("eval loss before: {:.4}", trainer.eval_loss(&eval)?);
    for step in 1..=steps {
        let micro = [data.train_batch(step - 1, batch, 0, vocab)?];
        let stats = trainer.step(&micro, schedule.lr(step), false)?;
        if step == 1 || step % 10 == 0 || step == steps {
            println!(
                "step {step:>4}  loss {:.4}  grad norm {:.3}",
                stats.loss, stats.grad_norm
            );
        }
    }
    println!("eval loss after:  {:.4}", trainer.eval_loss(&eval)?);
    let state = TrainerState {
        step: steps,
        run_id: "finetune_hf".into(),
        settings: serde_json::json!({}),
    };
    let dir = save(
        &out,
        trainer.model(),
        &trainer.optimizer,
        &tokenizer,
        &state,
        0,
    )?;
    println!("saved {}", dir.display());
    Ok(())
}
