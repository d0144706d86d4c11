//! The causal language-modelling loss, as HF computes it: each position predicts the next.

use burn::prelude::*;

use crate::kernels::loss::cross_entropy;

/// Mean cross-entropy of `logits[:, t]` against `labels[:, t + 1]`, over the `num_targets`
/// labels that are not [`IGNORE_INDEX`](crate::kernels::loss::IGNORE_INDEX).
///
/// `logits`: `[batch, seq, vocab]`, `labels`: `[batch, seq]` -> `[1]`.
pub fn causal_lm_loss(logits: Tensor<3>, labels: Tensor<2, Int>, num_targets: usize) -> Tensor<1> {
    let [b, t, v] = logits.dims();
    let n = b * (t - 1);
    let logits = logits.narrow(1, 0, t - 1).reshape([n, v]);
    cross_entropy(logits, shifted_targets(labels), num_targets)
}

/// `labels[:, 1:]` as one row of targets: `[batch, seq]` -> `[batch * (seq - 1)]`.
pub fn shifted_targets(labels: Tensor<2, Int>) -> Tensor<1, Int> {
    let [b, t] = labels.dims();
    labels.narrow(1, 1, t - 1).reshape([b * (t - 1)])
}
