//! The CubeCL side of the memory-efficient causal attention, in the FlashAttention-2 manner:
//! no `t x t` matrix is ever written. Queries `[b, h, t, dh]`, keys and values `[b, kv, t, dh]`
//! (all contiguous), `h` a multiple of `kv` (GQA: query head `i` reads key/value head
//! `i / (h / kv)`, which is never repeated in memory).
//!
//! - Forward: one unit per query row, a cube per block of rows. Keys and values stream through
//!   shared memory tile by tile; each unit keeps a running max, sum and output (online
//!   softmax) and writes its output and log-sum-exp.
//! - Backward, with `P = exp(S - lse)`, `dP = dO Vᵀ`, `dS = P (dP - D)`, `D = rowsum(dO O)`:
//!   `dQ = scale dS K` by one unit per query row (keys streamed), and `dK = scale dSᵀ Q`,
//!   `dV = Pᵀ dO` by one unit per key row (queries of every head of its group streamed). Each
//!   output element has one writer: no atomics, which WGSL lacks for floats.
//!
//! Shared memory stays under WebGPU's 16 KiB default: two tiles of `TILE_FLOATS / dh` rows.

use burn::tensor::Shape;
use burn_cubecl::cubecl;
use burn_cubecl::cubecl::prelude::*;
use burn_cubecl::kernel::into_contiguous;
use burn_cubecl::tensor::CubeTensor;

use super::launch::{empty, empty_like};

/// Rows (queries or keys) per cube: one unit each.
pub const UNITS: usize = 64;
/// Floats of one shared tile (`rows x dh`): two tiles and their row scalars fit in 16 KiB.
const TILE_FLOATS: usize = 1536;

/// Rows of a streamed tile for heads of `head_dim`.
pub fn tile_rows(head_dim: usize) -> usize {
    (TILE_FLOATS / head_dim).clamp(1, UNITS)
}

/// A score no real one reaches; WGSL has no infinity literal.
const LOWEST: f32 = -3.0e38;

#[cube]
fn dot<F: Float>(a: &Array<F>, b: &Shared<[F]>, b_base: usize, #[comptime] n: usize) -> F {
    let mut sum = F::new(0.0);
    #[unroll]
    for d in 0..n {
        sum += a[d] * b[b_base + d];
    }
    sum
}

/// Copies rows `start..start + rows` (those below `len`) of the `[len, dh]` matrix at `base` of
/// `from` into `to` from `at` on, the cube's units together.
#[cube]
fn load_tile<F: Float>(
    from: &Tensor<F>,
    base: usize,
    start: usize,
    len: usize,
    to: &mut Shared<[F]>,
    #[comptime] at: usize,
    #[comptime] rows: usize,
    #[comptime] head_dim: usize,
) {
    let mut i = UNIT_POS as usize;
    while i < rows * head_dim {
        if start + i / head_dim < len {
            to[at + i] = from[base + start * head_dim + i];
        }
        i += CUBE_DIM as usize;
    }
}

/// `out` and `lse` (`[b, h, t]`) of causal softmax attention with scores `scale q kᵀ`.
#[cube(launch)]
pub fn attention_forward<F: Float>(
    q: &Tensor<F>,
    k: &Tensor<F>,
    v: &Tensor<F>,
    out: &mut Tensor<F>,
    lse: &mut Tensor<F>,
    scale: f32,
    #[comptime] head_dim: usize,
    #[comptime] rows: usize,
) {
    let (heads, len, kv_heads) = (q.shape(1), q.shape(2), k.shape(1));
    let blocks = len.div_ceil(CUBE_DIM as usize);
    let bh = CUBE_POS / blocks; // batch * heads + head
    let first = (CUBE_POS % blocks) * CUBE_DIM as usize;
    let row = first + UNIT_POS as usize;
    let kv_base = ((bh / heads) * kv_heads + (bh % heads) / (heads / kv_heads)) * len * head_dim;
    let q_base = (bh * len + row) * head_dim;
    let active = row < len;

    let mut q_row = Array::<F>::new(head_dim);
    let mut acc = Array::<F>::new(head_dim);
    let mut scores = Array::<F>::new(rows);
    #[unroll]
    for d in 0..head_dim {
        acc[d] = F::new(0.0);
        q_row[d] = F::new(0.0);
        if active {
            q_row[d] = q[q_base + d] * F::cast_from(scale);
        }
    }
    // One workgroup allocation, keys then values (one name in the generated source).
    let mut tile = Shared::new_slice(2 * rows * head_dim);
    let values = rows * head_dim;
    let mut max = F::new(LOWEST);
    let mut sum = F::new(0.0);
    // Keys up to the block's last row.
    let mut end = first + CUBE_DIM as usize;
    if end > len {
        end = len;
    }
    let mut start = 0;
    while start < end {
        sync_cube();
        load_tile::<F>(k, kv_base, start, len, &mut tile, 0usize, rows, head_dim);
        load_tile::<F>(v, kv_base, start, len, &mut tile, values, rows, head_dim);
        sync_cube();
        if active {
            let mut tile_max = max;
            for j in 0..rows {
                let mut s = F::new(LOWEST);
                if start + j <= row {
                    s = dot::<F>(&q_row, &tile, j * head_dim, head_dim);
                }
                scores[j] = s;
                tile_max = F::max(tile_max, s);
            }
            let alpha = (max - tile_max).exp();
            sum *= alpha;
            #[unroll]
            for d in 0..head_dim {
                acc[d] *= alpha;
            }
            for j in 0..rows {
                if start + j <= row {
                    let p = (scores[j] - tile_max).exp();
                    sum += p;
                    #[unroll]
                    for d in 0..head_dim {
                        acc[d] += p * tile[values + j * head_dim + d];
                    }
                }
            }
            max = tile_max;
        }
        start += rows;
    }
    if active {
        #[unroll]
        for d in 0..head_dim {
            out[q_base + d] = acc[d] / sum;
        }
        lse[bh * len + row] = max + sum.ln();
    }
}

/// `dq` from `dout`, the forward's `lse` and `delta = rowsum(dout * out)` (`[b, h, t]`).
#[cube(launch)]
pub fn attention_backward_query<F: Float>(
    q: &Tensor<F>,
    k: &Tensor<F>,
    v: &Tensor<F>,
    dout: &Tensor<F>,
    lse: &Tensor<F>,
    delta: &Tensor<F>,
    dq: &mut Tensor<F>,
    scale: f32,
    #[comptime] head_dim: usize,
    #[comptime] rows: usize,
) {
    let (heads, len, kv_heads) = (q.shape(1), q.shape(2), k.shape(1));
    let blocks = len.div_ceil(CUBE_DIM as usize);
    let bh = CUBE_POS / blocks;
    let first = (CUBE_POS % blocks) * CUBE_DIM as usize;
    let row = first + UNIT_POS as usize;
    let kv_base = ((bh / heads) * kv_heads + (bh % heads) / (heads / kv_heads)) * len * head_dim;
    let q_base = (bh * len + row) * head_dim;
    let active = row < len;

    let mut q_row = Array::<F>::new(head_dim);
    let mut dout_row = Array::<F>::new(head_dim);
    let mut acc = Array::<F>::new(head_dim);
    let mut row_lse = F::new(0.0);
    let mut row_delta = F::new(0.0);
    #[unroll]
    for d in 0..head_dim {
        acc[d] = F::new(0.0);
        q_row[d] = F::new(0.0);
        dout_row[d] = F::new(0.0);
        if active {
            q_row[d] = q[q_base + d] * F::cast_from(scale);
            dout_row[d] = dout[q_base + d];
        }
    }
    if active {
        row_lse = lse[bh * len + row];
        row_delta = delta[bh * len + row];
    }
    // One workgroup allocation, keys then values (one name in the generated source).
    let mut tile = Shared::new_slice(2 * rows * head_dim);
    let values = rows * head_dim;
    let mut end = first + CUBE_DIM as usize;
    if end > len {
        end = len;
    }
    let mut start = 0;
    while start < end {
        sync_cube();
        load_tile::<F>(k, kv_base, start, len, &mut tile, 0usize, rows, head_dim);
        load_tile::<F>(v, kv_base, start, len, &mut tile, values, rows, head_dim);
        sync_cube();
        if active {
            for j in 0..rows {
                if start + j <= row {
                    let p = (dot::<F>(&q_row, &tile, j * head_dim, head_dim) - row_lse).exp();
                    let dp = dot::<F>(&dout_row, &tile, values + j * head_dim, head_dim);
                    let ds = p * (dp - row_delta);
                    #[unroll]
                    for d in 0..head_dim {
                        acc[d] += ds * tile[j * head_dim + d];
                    }
                }
            }
        }
        start += rows;
    }
    if active {
        #[unroll]
        for d in 0..head_dim {
            dq[q_base + d] = acc[d] * F::cast_from(scale);
        }
    }
}

/// `dk` and `dv` (`[b, kv, t, dh]`): one unit per key row, summing over the queries at or
/// after it of every query head that reads its key/value head.
#[cube(launch)]
pub fn attention_backward_key_value<F: Float>(
    q: &Tensor<F>,
    k: &Tensor<F>,
    v: &Tensor<F>,
    dout: &Tensor<F>,
    lse: &Tensor<F>,
    delta: &Tensor<F>,
    dk: &mut Tensor<F>,
    dv: &mut Tensor<F>,
    scale: f32,
    #[comptime] head_dim: usize,
    #[comptime] rows: usize,
) {
    let (heads, len, kv_heads) = (q.shape(1), q.shape(2), k.shape(1));
    let group = heads / kv_heads;
    let blocks = len.div_ceil(CUBE_DIM as usize);
    let bkv = CUBE_POS / blocks; // batch * kv_heads + kv head
    let first = (CUBE_POS % blocks) * CUBE_DIM as usize;
    let key = first + UNIT_POS as usize;
    let k_base = (bkv * len + key) * head_dim;
    let active = key < len;

    let mut k_row = Array::<F>::new(head_dim);
    let mut v_row = Array::<F>::new(head_dim);
    let mut dk_acc = Array::<F>::new(head_dim);
    let mut dv_acc = Array::<F>::new(head_dim);
    #[unroll]
    for d in 0..head_dim {
        dk_acc[d] = F::new(0.0);
        dv_acc[d] = F::new(0.0);
        k_row[d] = F::new(0.0);
        v_row[d] = F::new(0.0);
        if active {
            k_row[d] = k[k_base + d] * F::cast_from(scale);
            v_row[d] = v[k_base + d];
        }
    }
    // One workgroup allocation: queries, output gradients, log-sum-exps, deltas.
    let mut tile = Shared::new_slice(2 * rows * head_dim + 2 * rows);
    let douts = rows * head_dim;
    let lses = 2 * rows * head_dim;
    let deltas = lses + rows;
    // Query tiles from the block's first key on, for each query head of the group: one flat
    // loop over (head, tile).
    let tiles = (len - first).div_ceil(rows);
    let first_head = (bkv / kv_heads) * heads + (bkv % kv_heads) * group;
    let mut step = 0;
    while step < group * tiles {
        let bh = first_head + step / tiles;
        let q_base = bh * len * head_dim;
        let start = first + (step % tiles) * rows;
        sync_cube();
        load_tile::<F>(q, q_base, start, len, &mut tile, 0usize, rows, head_dim);
        load_tile::<F>(dout, q_base, start, len, &mut tile, douts, rows, head_dim);
        let unit = UNIT_POS as usize;
        if unit < rows && start + unit < len {
            tile[lses + unit] = lse[bh * len + start + unit];
            tile[deltas + unit] = delta[bh * len + start + unit];
        }
        sync_cube();
        if active {
            for i in 0..rows {
                if start + i >= key && start + i < len {
                    let s = dot::<F>(&k_row, &tile, i * head_dim, head_dim);
                    let p = (s - tile[lses + i]).exp();
                    let dp = dot::<F>(&v_row, &tile, douts + i * head_dim, head_dim);
                    let ds = p * (dp - tile[deltas + i]);
                    #[unroll]
                    for d in 0..head_dim {
                        dv_acc[d] += p * tile[douts + i * head_dim + d];
                        dk_acc[d] += ds * tile[i * head_dim + d];
                    }
                }
            }
        }
        step += 1;
    }
    if active {
        #[unroll]
        for d in 0..head_dim {
            dk[k_base + d] = dk_acc[d] * F::cast_from(scale);
            dv[k_base + d] = dv_acc[d];
        }
    }
}

fn dims(q: &CubeTensor, k: &CubeTensor) -> ([usize; 4], usize) {
    let s = q.meta.shape();
    ([s[0], s[1], s[2], s[3]], k.meta.shape()[1])
}

fn cubes(rows: usize, len: usize) -> CubeCount {
    CubeCount::new_1d((rows * len.div_ceil(UNITS)) as u32)
}

/// The output `[b, h, t, dh]` and log-sum-exp `[b, h, t]`.
pub fn launch_forward(q: CubeTensor, k: CubeTensor, v: CubeTensor) -> (CubeTensor, CubeTensor) {
    let (q, k, v) = (into_contiguous(q), into_contiguous(k), into_contiguous(v));
    let ([b, h, t, dh], _) = dims(&q, &k);
    let out = empty_like(&q);
    let lse = empty(&q, Shape::new([b, h, t]));
    attention_forward::launch::<f32>(
        &q.client.clone(),
        cubes(b * h, t),
        CubeDim::new_1d(UNITS as u32),
        q.into_tensor_arg(),
        k.into_tensor_arg(),
        v.into_tensor_arg(),
        out.clone().into_tensor_arg(),
        lse.clone().into_tensor_arg(),
        (dh as f32).powf(-0.5),
        dh,
        tile_rows(dh),
    );
    (out, lse)
}

/// `dq`, `dk`, `dv` from the forward's inputs, output and log-sum-exp and the output's
/// gradient; `delta` is `rowsum(dout * out)` `[b, h, t]`.
pub fn launch_backward(
    [q, k, v]: [CubeTensor; 3],
    lse: CubeTensor,
    delta: CubeTensor,
    dout: CubeTensor,
) -> (CubeTensor, CubeTensor, CubeTensor) {
    let (q, k, v) = (into_contiguous(q), into_contiguous(k), into_contiguous(v));
    let (dout, delta) = (into_contiguous(dout), into_contiguous(delta));
    let ([b, h, t, dh], kv) = dims(&q, &k);
    let (dq, dk, dv) = (empty_like(&q), empty_like(&k), empty_like(&v));
    let client = q.client.clone();
    let scale = (dh as f32).powf(-0.5);
    attention_backward_query::launch::<f32>(
        &client,
        cubes(b * h, t),
        CubeDim::new_1d(UNITS as u32),
        q.clone().into_tensor_arg(),
        k.clone().into_tensor_arg(),
        v.clone().into_tensor_arg(),
        dout.clone().into_tensor_arg(),
        lse.clone().into_tensor_arg(),
        delta.clone().into_tensor_arg(),
        dq.clone().into_tensor_arg(),
        scale,
        dh,
        tile_rows(dh),
    );
    attention_backward_key_value::launch::<f32>(
        &client,
        cubes(b * kv, t),
        CubeDim::new_1d(UNITS as u32),
        q.into_tensor_arg(),
        k.into_tensor_arg(),
        v.into_tensor_arg(),
        dout.into_tensor_arg(),
        lse.into_tensor_arg(),
        delta.into_tensor_arg(),
        dk.clone().into_tensor_arg(),
        dv.clone().into_tensor_arg(),
        scale,
        dh,
        tile_rows(dh),
    );
    (dq, dk, dv)
}
