//! The causal language-modelling loss, as HF computes it.

use burn::prelude::*;
use burn::tensor::activation::log_softmax;

/// Labels with this value do not count in the loss (PyTorch's `ignore_index`).
pub const IGNORE_INDEX: i64 = -100;

/// Mean cross-entropy of `logits[:, t]` against `labels[:, t + 1]`, over the `num_targets`
/// labels that are not [`IGNORE_INDEX`].
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

/// Cross-entropy of each row of `logits` `[n, vocab]` against `targets` `[n]`, summed over the
/// targets that are not [`IGNORE_INDEX`] and divided by `num_targets` -> `[1]`.
pub fn cross_entropy(logits: Tensor<2>, targets: Tensor<1, Int>, num_targets: usize) -> Tensor<1> {
    let targets = targets.unsqueeze_dim::<2>(1); // [n, 1]
    let ignored = targets.clone().equal_elem(IGNORE_INDEX);
    let safe_targets = targets.mask_fill(ignored.clone(), 0);
    let picked = log_softmax(logits, 1).gather(1, safe_targets); // [n, 1]
    let nll = picked.neg().mask_fill(ignored, 0.0);
    nll.sum().div_scalar(num_targets as f64)
}
