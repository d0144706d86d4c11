//! Loss, logits, every gradient and one AdamW step against HF transformers (PyTorch), on the
//! CPU backend and on wgpu.

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
