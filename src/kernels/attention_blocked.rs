//! The memory-efficient causal attention on the CPU backend: the same algorithm as the CubeCL
//! kernels ([`super::attention_cube`]), a block of [`BLOCK`] queries (or keys) at a time, so no
//! `t x t` matrix is ever made or kept. Forward returns each row's log-sum-exp beside the
//! output; backward recomputes each block's probabilities from it. Everything is computed in
//! float32, one head (forward) or one key/value head and the query heads sharing it (backward)
//! per task on the CPU's threads, each block's products by gemm on the task's thread.

use burn::backend::Flex;
use burn::backend::TensorMetadata;
use burn::backend::tensor::FloatTensor;
use burn::tensor::DType;
use rayon::prelude::*;

use super::cpu::{self, Matrix, Values};

/// Queries (forward) or keys (backward) per block: the CubeCL kernels' block, so both score
/// the same query-key pairs (the causal ones and the rest of each diagonal block).
pub const BLOCK: usize = super::attention_cube::UNITS;

/// The shape of one attention: `[b, h, t, dh]` queries over `kv` key/value heads.
#[derive(Debug, Clone, Copy)]
struct Shape {
    h: usize,
    kv: usize,
    t: usize,
    dh: usize,
}

impl Shape {
    fn of(q: &FloatTensor<Flex>, k: &FloatTensor<Flex>) -> Self {
        let [_, h, t, dh] = q.shape().dims();
        Self {
            h,
            kv: k.shape()[1],
            t,
            dh,
        }
    }

    /// Query heads per key/value head.
    fn group(&self) -> usize {
        self.h / self.kv
    }

    fn scale(&self) -> f32 {
        (self.dh as f32).powf(-0.5)
    }

    /// `[t, dh]` of head `head` (of a tensor whose heads run `0..head_count` per sequence).
    fn head<'a>(&self, x: &'a [f32], head: usize) -> &'a [f32] {
        &x[head * self.t * self.dh..][..self.t * self.dh]
    }
}

/// Queries `q` `[b, h, t, dh]` over keys and values `k`, `v` `[b, kv, t, dh]` -> the output
/// `[b, h, t, dh]` in `q`'s type and each row's log-sum-exp `[b, h, t]` in float32.
pub fn forward(
    q: FloatTensor<Flex>,
    k: FloatTensor<Flex>,
    v: FloatTensor<Flex>,
) -> (FloatTensor<Flex>, FloatTensor<Flex>) {
    let s = Shape::of(&q, &k);
    let (q, k, v) = (Values::new(q), Values::new(k), Values::new(v));
    let (qs, ks, vs) = (q.get(), k.get(), v.get());
    let (t, dh, scale) = (s.t, s.dh, s.scale());
    let mut out = vec![0.0; qs.len()];
    let mut lse = vec![0.0; qs.len() / dh.max(1)];
    let tasks = (out.par_chunks_mut(t * dh)).zip(lse.par_chunks_mut(t));
    tasks.enumerate().for_each(|(head, (out, lse))| {
        cpu::vectorized(
            #[inline(always)]
            || {
                // The key/value head of query head `head` (`b * h + i`).
                let shared = head / s.h * s.kv + head % s.h / s.group();
                let (q, k, v) = (s.head(qs, head), s.head(ks, shared), s.head(vs, shared));
                let mut scores = vec![0.0; BLOCK.min(t) * t];
                let mut sums = [0.0f32; BLOCK];
                for first in (0..t).step_by(BLOCK) {
                    let rows = BLOCK.min(t - first);
                    let end = first + rows;
                    let scores = &mut scores[..rows * end];
                    let queries = Matrix::new(&q[first * dh..], rows, dh);
                    cpu::matmul(scores, queries, Matrix::new(k, end, dh).t(), scale, false);
                    for (i, row) in scores.chunks_exact_mut(end).enumerate() {
                        // Query `first + i` sees keys `0..=first + i`.
                        let (seen, hidden) = row.split_at_mut(first + i + 1);
                        let max = cpu::max(seen);
                        seen.iter_mut().for_each(|x| *x = cpu::exp(*x - max));
                        hidden.fill(0.0);
                        sums[i] = cpu::sum(seen);
                        lse[first + i] = max + sums[i].ln();
                    }
                    let out = &mut out[first * dh..end * dh];
                    let probs = Matrix::new(scores, rows, end);
                    cpu::matmul(out, probs, Matrix::new(v, end, dh), 1.0, false);
                    for (row, sum) in out.chunks_exact_mut(dh).zip(sums) {
                        row.iter_mut().for_each(|x| *x /= sum);
                    }
                }
            },
        )
    });
    let lse_shape = q.shape().dims::<4>()[..3].to_vec();
    (
        cpu::tensor(out, q.shape(), q.dtype),
        cpu::tensor(lse, lse_shape.into(), DType::F32),
    )
}

/// The gradients of `q`, `k`, `v` (in their types) given the forward's `out` and `lse` and the
/// output's gradient `grad` `[b, h, t, dh]`. A block of keys at a time, over the queries from
/// the block on: its keys' and values' gradients whole, and its part of the queries'.
pub fn backward(
    q: FloatTensor<Flex>,
    k: FloatTensor<Flex>,
    v: FloatTensor<Flex>,
    out: FloatTensor<Flex>,
    lse: FloatTensor<Flex>,
    grad: FloatTensor<Flex>,
) -> (FloatTensor<Flex>, FloatTensor<Flex>, FloatTensor<Flex>) {
    let s = Shape::of(&q, &k);
    let [q, k, v, out, lse, grad] = [q, k, v, out, lse, grad].map(Values::new);
    let (qs, ks, vs, outs, lses, grads) =
        (q.get(), k.get(), v.get(), out.get(), lse.get(), grad.get());
    let (t, dh, scale, group) = (s.t, s.dh, s.scale(), s.group());
    let mut dq = vec![0.0; qs.len()];
    let (mut dk, mut dv) = (vec![0.0; ks.len()], vec![0.0; vs.len()]);
    let tasks = (dq.par_chunks_mut(group * t * dh))
        .zip(dk.par_chunks_mut(t * dh))
        .zip(dv.par_chunks_mut(t * dh));
    tasks.enumerate().for_each(|(shared, ((dq, dk), dv))| {
        cpu::vectorized(
            #[inline(always)]
            || {
                let (k, v) = (s.head(ks, shared), s.head(vs, shared));
                // The query heads of key/value head `shared` (`b * kv + j`): `group` in a row.
                let heads = (shared / s.kv * s.h + shared % s.kv * group..).take(group);
                // D = rowsum(dO * O): the softmax's backward without the probabilities' full rows.
                let d: Vec<f32> = (heads.clone())
                    .flat_map(|head| {
                        let (grad, out) = (s.head(grads, head), s.head(outs, head));
                        (grad.chunks_exact(dh).zip(out.chunks_exact(dh)))
                            .map(|(g, o)| cpu::dot(g, o))
                    })
                    .collect();
                let mut probs = vec![0.0; t * BLOCK.min(t)];
                let mut grad_scores = vec![0.0; t * BLOCK.min(t)];
                for first in (0..t).step_by(BLOCK) {
                    let cols = BLOCK.min(t - first);
                    let rows = t - first;
                    let keys = Matrix::new(&k[first * dh..], cols, dh);
                    let values = Matrix::new(&v[first * dh..], cols, dh);
                    let dk = &mut dk[first * dh..][..cols * dh];
                    let dv = &mut dv[first * dh..][..cols * dh];
                    for (i, head) in heads.clone().enumerate() {
                        let queries = Matrix::new(&s.head(qs, head)[first * dh..], rows, dh);
                        let grad_out = Matrix::new(&s.head(grads, head)[first * dh..], rows, dh);
                        let lse = &lses[head * t + first..][..rows];
                        let d = &d[i * t + first..][..rows];
                        let probs = &mut probs[..rows * cols];
                        cpu::matmul(probs, queries, keys.t(), scale, false);
                        for (row, (p, lse)) in probs.chunks_exact_mut(cols).zip(lse).enumerate() {
                            // Query `first + row` sees key `first + j` where `j <= row`.
                            let (seen, hidden) = p.split_at_mut((row + 1).min(cols));
                            seen.iter_mut().for_each(|x| *x = cpu::exp(*x - lse));
                            hidden.fill(0.0);
                        }
                        cpu::matmul(dv, Matrix::new(probs, rows, cols).t(), grad_out, 1.0, true);
                        let grad_scores = &mut grad_scores[..rows * cols];
                        cpu::matmul(grad_scores, grad_out, values.t(), 1.0, false);
                        let scored = (grad_scores.chunks_exact_mut(cols))
                            .zip(probs.chunks_exact(cols))
                            .zip(d);
                        for ((ds, p), d) in scored {
                            ds.iter_mut().zip(p).for_each(|(ds, p)| *ds = p * (*ds - d));
                        }
                        let grad_scores = Matrix::new(grad_scores, rows, cols);
                        cpu::matmul(dk, grad_scores.t(), queries, scale, true);
                        let dq = &mut dq[(i * t + first) * dh..][..rows * dh];
                        cpu::matmul(dq, grad_scores, keys, scale, true);
                    }
                }
            },
        )
    });
    (
        cpu::tensor(dq, q.shape(), q.dtype),
        cpu::tensor(dk, k.shape(), k.dtype),
        cpu::tensor(dv, v.shape(), v.dtype),
    )
}
