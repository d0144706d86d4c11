//! Loss, logits, every gradient and one AdamW step against HF transformers (PyTorch) and PEFT,
//! on the CPU backend and on wgpu.

mod common;

use common::devices;
use common::parity::check;

#[test]
fn gqa_untied_matches_pytorch() {
    check("gqa", devices());
}

#[test]
fn tied_head_dim_llama3_rope_matches_pytorch() {
    check("tied", devices());
}

#[test]
fn peft_lora_on_every_projection_matches_pytorch() {
    check("gqa-lora", devices());
}

#[test]
fn peft_lora_on_some_projections_over_a_tied_head_matches_pytorch() {
    check("tied-lora", devices());
}
