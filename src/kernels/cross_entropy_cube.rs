//! The CubeCL side of the chunked cross-entropy: one kernel over a chunk of logit rows that
//! gives each row's loss and, in the same pass, the loss's gradient over the logits it read.
//!
//! Per row with target `t` and `lse = log Σ exp(x)`: `loss = (lse - x[t]) * scale` and
//! `dx = (exp(x - lse) - [j == t]) * scale`; a row whose target is negative (the ignore index)
//! gives 0 and a zero gradient. Logits and their gradient in `F` (f32, f16, bf16), everything
//! else in float32, as HF's loss takes half-precision logits to float32.

use burn::tensor::DType;
use burn_cubecl::cubecl;
use burn_cubecl::cubecl::prelude::*;
use burn_cubecl::tensor::CubeTensor;

use super::launch::launch_float;
use super::reduce_cube::{cube_max, cube_sum};

/// Units per cube: one cube takes one row (a power of two, for the tree reductions).
pub const UNITS: usize = 256;

/// Row `r` of `logits` (`[rows, vocab]`, contiguous) is row `offset + r` of the batch: its loss
/// goes to `losses[offset + r]`, and with `grad` its gradient overwrites the logits.
#[cube(launch)]
pub fn cross_entropy_rows<F: Float, I: Int>(
    logits: &mut Tensor<F>,
    targets: &Tensor<I>,
    losses: &mut Tensor<f32>,
    offset: u32,
    scale: f32,
    #[comptime] units: usize,
    #[comptime] grad: bool,
) {
    let vocab = logits.shape(1);
    let base = CUBE_POS * vocab;
    let row = offset as usize + CUBE_POS;
    let target = i32::cast_from(targets[row]);
    let mut partial = Shared::new_slice(units);

    // The row's largest logit, then log Σ exp(x - max) + max.
    let mut largest = f32::cast_from(logits[base]);
    let mut j = UNIT_POS as usize;
    while j < vocab {
        largest = f32::max(largest, f32::cast_from(logits[base + j]));
        j += CUBE_DIM as usize;
    }
    partial[UNIT_POS as usize] = largest;
    let largest = cube_max::<f32>(&mut partial);
    let mut sum = f32::new(0.0);
    let mut j = UNIT_POS as usize;
    while j < vocab {
        sum += (f32::cast_from(logits[base + j]) - largest).exp();
        j += CUBE_DIM as usize;
    }
    partial[UNIT_POS as usize] = sum;
    let lse = cube_sum::<f32>(&mut partial).ln() + largest;

    let valid = target >= 0;
    if UNIT_POS == 0 {
        let mut loss = f32::new(0.0);
        if valid {
            loss = (lse - f32::cast_from(logits[base + target as usize])) * scale;
        }
        losses[row] = loss;
    }
    if grad {
        // Every unit is past its last read of the target's logit before any overwrites it.
        sync_cube();
        let mut j = UNIT_POS as usize;
        while j < vocab {
            let mut g = f32::new(0.0);
            if valid {
                g = (f32::cast_from(logits[base + j]) - lse).exp();
                if j == target as usize {
                    g -= f32::new(1.0);
                }
                g *= scale;
            }
            logits[base + j] = F::cast_from(g);
            j += CUBE_DIM as usize;
        }
    }
}

/// Runs [`cross_entropy_rows`] over `logits` (a contiguous chunk of rows starting at batch row
/// `offset`) into `losses` (float32); with `grad` the logits become their gradient.
pub fn launch_rows(
    logits: &CubeTensor,
    targets: &CubeTensor,
    losses: &CubeTensor,
    offset: usize,
    scale: f32,
    grad: bool,
) {
    let rows = logits.meta.shape()[0];
    let (count, dim) = (
        CubeCount::new_1d(rows as u32),
        CubeDim::new_1d(UNITS as u32),
    );
    let client = logits.client.clone();
    let args = (
        logits.clone().into_tensor_arg(),
        targets.clone().into_tensor_arg(),
        losses.clone().into_tensor_arg(),
    );
    let offset = offset as u32;
    match targets.dtype {
        DType::I64 => launch_float!(
            logits.dtype,
            cross_entropy_rows::<_, i64>(
                &client, count, dim, args.0, args.1, args.2, offset, scale, UNITS, grad,
            )
        ),
        DType::I32 => launch_float!(
            logits.dtype,
            cross_entropy_rows::<_, i32>(
                &client, count, dim, args.0, args.1, args.2, offset, scale, UNITS, grad,
            )
        ),
        other => panic!("cross-entropy targets of {other:?}: expected i32 or i64"),
    }
}
