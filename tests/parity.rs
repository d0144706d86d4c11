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

/// Half precision against HF in the same type, the float64 truth the reference of both.
/// Bounds: each half-precision computation rounds every op to the type's unit roundoff
/// `u` (2^-9 in bfloat16, 2^-12 in float16), through a forward and backward some 40 ops deep;
/// two such computations that round in different places (remat and PyTorch order their sums
/// and fuse their ops differently) sit about as far from each other as each sits from the
/// truth. So remat must be within 2x HF's own worst distance from float64, and against HF's
/// values within 4x that distance: a misplaced cast (a weight left in float32, a softmax in
/// half) moves the result by far more.
#[test]
fn half_precision_matches_pytorch_in_the_same_type() {
    use remat::precision::Precision;
    let runs = [
        ("cpu", Precision::Bf16),
        ("cpu", Precision::F16),
        ("wgpu", Precision::F16),
    ];
    for name in ["gqa", "gqa-lora"] {
        for (label, precision) in runs {
            let device = devices().into_iter().find(|(l, _)| *l == label).unwrap().1;
            let ((loss, logits, grads), (ours, theirs)) =
                common::parity::check_half(name, precision, label, &device);
            let what = format!("{name}/{label} {precision}");
            assert!(
                ours <= 2.0 * theirs,
                "{what}: {ours:.2e} from float64, HF {theirs:.2e}"
            );
            for (part, err) in [("loss", loss), ("logits", logits), ("gradients", grads)] {
                assert!(
                    err as f64 <= 4.0 * theirs,
                    "{what}: {part} {err:.2e} from HF's, HF {theirs:.2e} from float64"
                );
            }
        }
    }
}
