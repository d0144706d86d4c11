//! Cross-entropy over a vocabulary in plain Burn ops, its sums taken in blocks as PyTorch's
//! reductions are: the reference of the fused loss (`cross_entropy.rs`).

use burn::prelude::*;

/// Labels with this value do not count in the loss (PyTorch's `ignore_index`).
pub const IGNORE_INDEX: i64 = -100;

/// Cross-entropy of each row of `logits` `[n, vocab]` against `targets` `[n]`, summed over the
/// targets that are not [`IGNORE_INDEX`] and divided by `num_targets` -> `[1]`.
///
/// Half-precision logits are taken to float32 first, as HF's loss does.
pub fn cross_entropy(logits: Tensor<2>, targets: Tensor<1, Int>, num_targets: usize) -> Tensor<1> {
    let logits = logits.cast(burn::tensor::DType::F32);
    let targets = targets.unsqueeze_dim::<2>(1); // [n, 1]
    let ignored = targets.clone().equal_elem(IGNORE_INDEX);
    let safe_targets = targets.mask_fill(ignored.clone(), 0);
    let picked = log_softmax(logits).gather(1, safe_targets); // [n, 1]
    let nll = picked.neg().mask_fill(ignored, 0.0);
    nll.sum().div_scalar(num_targets as f64)
}

/// `log_softmax` over the vocabulary of `logits` `[n, vocab]` -> `[n, vocab]`, with the sum of
/// exponentials taken in blocks ([`blocked_row_sum`]), as PyTorch's reductions do.
pub fn log_softmax(logits: Tensor<2>) -> Tensor<2> {
    let max = logits.clone().detach().max_dim(1); // [n, 1]
    let shifted = logits - max;
    let log_sum_exp = blocked_row_sum(shifted.clone().exp()).log();
    shifted - log_sum_exp
}

/// The sum of each row of `x` `[n, v]` -> `[n, 1]`, taken over blocks of up to 256 columns and
/// then over the blocks. A running float32 sum along a row of 50k probabilities drops every
/// term below half an ulp of the total: on a trained model's long tail that is about 1e-4 of
/// the sum, which moves the loss by 1e-4 and every gradient by up to 1e-2 relative (the CPU
/// backend sums rows that way). Blocks keep each partial sum near its terms.
pub fn blocked_row_sum(x: Tensor<2>) -> Tensor<2> {
    let [n, v] = x.dims();
    let (x, v, block) = match [256, 128, 64].into_iter().find(|b| v % b == 0) {
        Some(block) => (x, v, block),
        None if v <= 256 => (x, v, v),
        None => {
            // Zeros to a multiple of 256: one more copy, only for odd vocabularies.
            let padded = v.next_multiple_of(256);
            let zeros = Tensor::zeros([n, padded - v], &x.device());
            (Tensor::cat(vec![x, zeros], 1), padded, 256)
        }
    };
    x.reshape([n, v / block, block])
        .sum_dim(2)
        .sum_dim(1)
        .reshape([n, 1])
}
