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
//!   output element has one writer: no atomics, which WGSL lacks for floats. The query kernel
//!   computes `D` as it reads each row and writes it for the key kernel.
//! - Every kernel reads and writes the tensors' type (f32, f16, bf16) and computes in float32:
//!   tiles, scores, running sums and accumulators; the log-sum-exps and `D` stay float32.
//!
//! Shared memory stays under WebGPU's 16 KiB default: two tiles of `TILE_FLOATS / dh` rows.

use burn::tensor::Shape;
use burn_cubecl::cubecl;
use burn_cubecl::cubecl::prelude::*;
use burn_cubecl::kernel::into_contiguous;
use burn_cubecl::tensor::CubeTensor;

use super::launch::{empty_f32, empty_like, launch_float};

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
fn dot(a: &Array<f32>, b: &Shared<[f32]>, b_base: usize, #[comptime] n: usize) -> f32 {
    let mut sum = 0.0f32;
    #[unroll]
    for d in 0..n {
        sum += a[d] * b[b_base + d];
    }
    sum
}

/// Copies rows `start..start + rows` (those below `len`) of the `[len, dh]` matrix at `base` of
/// `from` into `to` from `at` on, in float32, the cube's units together.
#[cube]
fn load_tile<F: Float>(
    from: &Tensor<F>,
    base: usize,
    start: usize,
    len: usize,
    to: &mut Shared<[f32]>,
    #[comptime] at: usize,
    #[comptime] rows: usize,
    #[comptime] head_dim: usize,
) {
    let mut i = UNIT_POS as usize;
    while i < rows * head_dim {
        if start + i / head_dim < len {
            to[at + i] = f32::cast_from(from[base + start * head_dim + i]);
        }
        i += CUBE_DIM as usize;
    }
}

/// `out` and `lse` (`[b, h, t]`, float32) of causal softmax attention with scores
/// `scale q kᵀ`.
#[cube(launch)]
pub fn attention_forward<F: Float>(
    q: &Tensor<F>,
    k: &Tensor<F>,
    v: &Tensor<F>,
    out: &mut Tensor<F>,
    lse: &mut Tensor<f32>,
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

    let mut q_row = Array::<f32>::new(head_dim);
    let mut acc = Array::<f32>::new(head_dim);
    let mut scores = Array::<f32>::new(rows);
    #[unroll]
    for d in 0..head_dim {
        acc[d] = f32::new(0.0);
        q_row[d] = f32::new(0.0);
        if active {
            q_row[d] = f32::cast_from(q[q_base + d]) * scale;
        }
    }
    // One workgroup allocation, keys then values (one name in the generated source).
    let mut tile = Shared::new_slice(2 * rows * head_dim);
    let values = rows * head_dim;
    let mut max = f32::new(LOWEST);
    let mut sum = f32::new(0.0);
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
                let mut s = f32::new(LOWEST);
                if start + j <= row {
                    s = dot(&q_row, &tile, j * head_dim, head_dim);
                }
                scores[j] = s;
                tile_max = f32::max(tile_max, s);
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
            out[q_base + d] = F::cast_from(acc[d] / sum);
        }
        lse[bh * len + row] = max + sum.ln();
    }
}

/// `dq` from `dout`, the forward's `out` and `lse`, and `delta = rowsum(dout * out)`
/// (`[b, h, t]`, float32), which it writes for [`attention_backward_key_value`].
#[cube(launch)]
pub fn attention_backward_query<F: Float>(
    q: &Tensor<F>,
    k: &Tensor<F>,
    v: &Tensor<F>,
    out: &Tensor<F>,
    dout: &Tensor<F>,
    lse: &Tensor<f32>,
    delta: &mut Tensor<f32>,
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

    let mut q_row = Array::<f32>::new(head_dim);
    let mut dout_row = Array::<f32>::new(head_dim);
    let mut acc = Array::<f32>::new(head_dim);
    let mut row_lse = f32::new(0.0);
    let mut row_delta = f32::new(0.0);
    #[unroll]
    for d in 0..head_dim {
        acc[d] = f32::new(0.0);
        q_row[d] = f32::new(0.0);
        dout_row[d] = f32::new(0.0);
        if active {
            q_row[d] = f32::cast_from(q[q_base + d]) * scale;
            dout_row[d] = f32::cast_from(dout[q_base + d]);
            row_delta += dout_row[d] * f32::cast_from(out[q_base + d]);
        }
    }
    if active {
        row_lse = lse[bh * len + row];
        delta[bh * len + row] = row_delta;
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
                    let p = (dot(&q_row, &tile, j * head_dim, head_dim) - row_lse).exp();
                    let dp = dot(&dout_row, &tile, values + j * head_dim, head_dim);
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
            dq[q_base + d] = F::cast_from(acc[d] * scale);
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
    lse: &Tensor<f32>,
    delta: &Tensor<f32>,
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

    let mut k_row = Array::<f32>::new(head_dim);
    let mut v_row = Array::<f32>::new(head_dim);
    let mut dk_acc = Array::<f32>::new(head_dim);
    let mut dv_acc = Array::<f32>::new(head_dim);
    #[unroll]
    for d in 0..head_dim {
        dk_acc[d] = f32::new(0.0);
        dv_acc[d] = f32::new(0.0);
        k_row[d] = f32::new(0.0);
        v_row[d] = f32::new(0.0);
        if active {
            k_row[d] = f32::cast_from(k[k_base + d]) * scale;
            v_row[d] = f32::cast_from(v[k_base + d]);
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
                    let s = dot(&k_row, &tile, i * head_dim, head_dim);
                    let p = (s - tile[lses + i]).exp();
                    let dp = dot(&v_row, &tile, douts + i * head_dim, head_dim);
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
            dk[k_base + d] = F::cast_from(dk_acc[d] * scale);
            dv[k_base + d] = F::cast_from(dv_acc[d]);
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

/// The output `[b, h, t, dh]` in the inputs' type and the log-sum-exp `[b, h, t]` in float32.
pub fn launch_forward(q: CubeTensor, k: CubeTensor, v: CubeTensor) -> (CubeTensor, CubeTensor) {
    let (q, k, v) = (into_contiguous(q), into_contiguous(k), into_contiguous(v));
    let ([b, h, t, dh], _) = dims(&q, &k);
    let out = empty_like(&q);
    let lse = empty_f32(&q, Shape::new([b, h, t]));
    launch_float!(
        q.dtype,
        attention_forward(
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
        )
    );
    (out, lse)
}

/// `dq`, `dk`, `dv` from the forward's inputs, output and log-sum-exp and the output's
/// gradient.
pub fn launch_backward(
    [q, k, v]: [CubeTensor; 3],
    out: CubeTensor,
    lse: CubeTensor,
    dout: CubeTensor,
) -> (CubeTensor, CubeTensor, CubeTensor) {
    let (q, k, v) = (into_contiguous(q), into_contiguous(k), into_contiguous(v));
    let (out, dout) = (into_contiguous(out), into_contiguous(dout));
    let ([b, h, t, dh], kv) = dims(&q, &k);
    let (dq, dk, dv) = (empty_like(&q), empty_like(&k), empty_like(&v));
    let delta = empty_f32(&q, Shape::new([b, h, t]));
    let (client, dtype) = (q.client.clone(), q.dtype);
    let scale = (dh as f32).powf(-0.5);
    launch_float!(
        dtype,
        attention_backward_query(
            &client,
            cubes(b * h, t),
            CubeDim::new_1d(UNITS as u32),
            q.clone().into_tensor_arg(),
            k.clone().into_tensor_arg(),
            v.clone().into_tensor_arg(),
            out.into_tensor_arg(),
            dout.clone().into_tensor_arg(),
            lse.clone().into_tensor_arg(),
            delta.clone().into_tensor_arg(),
            dq.clone().into_tensor_arg(),
            scale,
            dh,
            tile_rows(dh),
        )
    );
    launch_float!(
        dtype,
        attention_backward_key_value(
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
        )
    );
    (dq, dk, dv)
}
