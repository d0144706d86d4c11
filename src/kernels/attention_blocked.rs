//! The memory-efficient causal attention in Burn's tensor ops, for the CPU backend: the same
//! algorithm as the CubeCL kernels ([`super::attention_cube`]), a block of
//! [`BLOCK`] queries (or keys) at a time, so no `t x t` matrix is ever made or kept. Forward
//! returns each row's log-sum-exp beside the output; backward recomputes each block's
//! probabilities from it. Everything is computed in float32.
//!
//! Query heads that share a key/value head are stacked along the sequence (`[b, kv, group *
//! rows, dh]`), as in [`super::attention::masked`], so keys and values are never repeated.

use burn::prelude::*;
use burn::tensor::DType;

/// Queries (forward) or keys (backward) per block: the CubeCL kernels' block, so both score
/// the same query-key pairs (the causal ones and the rest of each diagonal block).
pub const BLOCK: usize = super::attention_cube::UNITS;

/// Queries `q` `[b, h, t, dh]` over keys and values `k`, `v` `[b, kv, t, dh]` -> the output
/// `[b, h, t, dh]` in `q`'s type and each row's log-sum-exp `[b, h, t]` in float32.
pub fn forward(q: Tensor<4>, k: Tensor<4>, v: Tensor<4>) -> (Tensor<4>, Tensor<3>) {
    let dtype = q.dtype();
    let [b, h, t, dh] = q.dims();
    let kv = k.dims()[1];
    let group = h / kv;
    let scale = (dh as f64).powf(-0.5);
    let device = q.device();
    let (q, k, v) = (q.cast(DType::F32), k.cast(DType::F32), v.cast(DType::F32));
    let mut outs = Vec::with_capacity(t.div_ceil(BLOCK));
    let mut lses = Vec::with_capacity(t.div_ceil(BLOCK));
    for first in (0..t).step_by(BLOCK) {
        let rows = BLOCK.min(t - first);
        let end = first + rows;
        // Query `first + i` sees keys `0..=first + i` of the `0..end` this block scores.
        let hidden = Tensor::<2, Bool>::tril_mask([rows, end], first as i64, &device)
            .reshape([1, 1, rows, end])
            .expand([b, h, rows, end]);
        let scores = q
            .clone()
            .narrow(2, first, rows)
            .reshape([b, kv, group * rows, dh])
            .matmul(k.clone().narrow(2, 0, end).swap_dims(2, 3))
            .mul_scalar(scale)
            .reshape([b, h, rows, end])
            .mask_fill(hidden, f32::NEG_INFINITY);
        let max = scores.clone().max_dim(3);
        let exp = scores.sub(max.clone()).exp();
        let sum = exp.clone().sum_dim(3);
        let out = exp
            .reshape([b, kv, group * rows, end])
            .matmul(v.clone().narrow(2, 0, end))
            .reshape([b, h, rows, dh])
            .div(sum.clone());
        outs.push(out);
        lses.push(max.add(sum.log()));
    }
    let out = Tensor::cat(outs, 2).cast(dtype);
    let lse = Tensor::cat(lses, 2).reshape([b, h, t]);
    (out, lse)
}

/// The gradients of `q`, `k`, `v` (in their types) given the forward's `out` and `lse` and the
/// output's gradient `grad` `[b, h, t, dh]`. A block of keys at a time, over the queries from
/// the block on: its keys' and values' gradients whole, and its part of the queries'.
pub fn backward(
    q: Tensor<4>,
    k: Tensor<4>,
    v: Tensor<4>,
    out: Tensor<4>,
    lse: Tensor<3>,
    grad: Tensor<4>,
) -> (Tensor<4>, Tensor<4>, Tensor<4>) {
    let dtypes = (q.dtype(), k.dtype(), v.dtype());
    let [b, h, t, dh] = q.dims();
    let kv = k.dims()[1];
    let group = h / kv;
    let scale = (dh as f64).powf(-0.5);
    let device = q.device();
    let float32 = |x: Tensor<4>| x.cast(DType::F32);
    let (q, k, v, grad) = (float32(q), float32(k), float32(v), float32(grad));
    // D = rowsum(dO * O): the softmax's backward without the probabilities' full rows.
    let d = grad.clone().mul(float32(out)).sum_dim(3);
    let lse = lse.reshape([b, h, t, 1]);
    let mut dq = Tensor::<4>::zeros([b, h, t, dh], (&device, DType::F32));
    let mut dks = Vec::with_capacity(t.div_ceil(BLOCK));
    let mut dvs = Vec::with_capacity(t.div_ceil(BLOCK));
    for first in (0..t).step_by(BLOCK) {
        let cols = BLOCK.min(t - first);
        let rows = t - first;
        // Query `first + i` sees key `first + j` where `j <= i`.
        let hidden = Tensor::<2, Bool>::tril_mask([rows, cols], 0, &device)
            .reshape([1, 1, rows, cols])
            .expand([b, h, rows, cols]);
        let keys = k.clone().narrow(2, first, cols);
        let values = v.clone().narrow(2, first, cols);
        let stacked = |x: Tensor<4>, width| {
            x.narrow(2, first, rows)
                .reshape([b, kv, group * rows, width])
        };
        let queries = stacked(q.clone(), dh);
        let grad_out = stacked(grad.clone(), dh);
        let probs = queries
            .clone()
            .matmul(keys.clone().swap_dims(2, 3))
            .mul_scalar(scale)
            .reshape([b, h, rows, cols])
            .mask_fill(hidden, f32::NEG_INFINITY)
            .sub(lse.clone().narrow(2, first, rows))
            .exp()
            .reshape([b, kv, group * rows, cols]);
        dvs.push(probs.clone().swap_dims(2, 3).matmul(grad_out.clone()));
        let grad_scores = probs.mul(
            grad_out
                .matmul(values.swap_dims(2, 3))
                .sub(stacked(d.clone(), 1)),
        );
        dks.push(
            grad_scores
                .clone()
                .swap_dims(2, 3)
                .matmul(queries)
                .mul_scalar(scale),
        );
        let dq_part = grad_scores
            .matmul(keys)
            .mul_scalar(scale)
            .reshape([b, h, rows, dh]);
        // The sum first, so `dq` is held once and written in place.
        let range = [0..b, 0..h, first..t, 0..dh];
        let sum = dq.clone().slice(range.clone()).add(dq_part);
        dq = dq.slice_assign(range, sum);
    }
    let dk = Tensor::cat(dks, 2);
    let dv = Tensor::cat(dvs, 2);
    (dq.cast(dtypes.0), dk.cast(dtypes.1), dv.cast(dtypes.2))
}
