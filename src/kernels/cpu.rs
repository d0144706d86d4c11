//! The CPU backend's fused operations work on its memory directly: float32 slices, rows split
//! over rayon's threads in chunks fixed by the shape alone (every sum is taken in the same order
//! on any number of threads), loops the compiler vectorizes for the processor's widest vectors
//! ([`vectorized`]), an exponential that vectorizes ([`exp`]), and gemm's kernels for the small
//! matrix products inside a chunk ([`matmul`]).

use burn::backend::Flex;
use burn::backend::ops::FloatTensorOps;
use burn::backend::tensor::FloatTensor;
use burn::tensor::{DType, FloatDType, Shape, TensorData};
use burn_flex::FlexTensor;
use rayon::prelude::*;

/// A CPU backend tensor's values in float32, contiguous: the tensor itself where it is so
/// already, else a float32 copy.
pub struct Values {
    tensor: FlexTensor,
    /// The type the tensor came in (and its results go back in).
    pub dtype: DType,
}

impl Values {
    pub fn new(tensor: FloatTensor<Flex>) -> Self {
        let dtype = tensor.dtype();
        let mut tensor = Flex::float_cast(tensor, FloatDType::F32);
        if !tensor.is_contiguous() {
            tensor = tensor.to_contiguous();
        }
        Self { tensor, dtype }
    }

    pub fn shape(&self) -> Shape {
        self.tensor.layout().shape().clone()
    }

    /// `[rows, width]` with `width` the last axis.
    pub fn width(&self) -> usize {
        self.tensor.layout().shape().last().copied().unwrap_or(1)
    }

    pub fn get(&self) -> &[f32] {
        self.tensor
            .as_slice()
            .expect("made contiguous and float32 in `new`")
    }
}

/// A CPU backend tensor of `values` in `shape`, in `dtype` (they are rounded to it from float32).
pub fn tensor(values: Vec<f32>, shape: Shape, dtype: DType) -> FloatTensor<Flex> {
    let tensor = FlexTensor::from_data(TensorData::new(values, shape));
    match dtype {
        DType::F32 => tensor,
        dtype => Flex::float_cast(tensor, dtype.into()),
    }
}

/// About this many elements per task: enough to pay for a task, few enough for every thread
/// to get several.
const TASK_ELEMENTS: usize = 1 << 14;

/// Rows of `width` per task: the chunks every row-wise operation splits its rows into.
fn rows_per_task(width: usize) -> usize {
    (TASK_ELEMENTS / width.max(1)).max(1)
}

/// Calls `f(first row, rows of out)` on each chunk of [`rows_per_task`] rows of `out`
/// (`[rows, width]`, the last chunk shorter), on rayon's threads (the browser has one), and
/// gives what each returned, in the chunks' order. `f` runs under [`vectorized`]: mark it
/// `#[inline(always)]`.
pub fn for_rows<R: Send>(
    out: &mut [f32],
    width: usize,
    f: impl Fn(usize, &mut [f32]) -> R + Send + Sync,
) -> Vec<R> {
    let rows = rows_per_task(width);
    (out.par_chunks_mut(rows * width.max(1)).enumerate())
        .map(|(task, chunk)| {
            vectorized(
                #[inline(always)]
                || f(task * rows, chunk),
            )
        })
        .collect()
}

/// [`for_rows`] writing two outputs of the same shape.
pub fn for_rows2(
    out: (&mut [f32], &mut [f32]),
    width: usize,
    f: impl Fn(usize, &mut [f32], &mut [f32]) + Send + Sync,
) {
    let rows = rows_per_task(width);
    let len = rows * width.max(1);
    (out.0.par_chunks_mut(len))
        .zip(out.1.par_chunks_mut(len))
        .enumerate()
        .for_each(|(task, (a, b))| {
            vectorized(
                #[inline(always)]
                || f(task * rows, a, b),
            )
        });
}

/// Runs `f` under pulp's choice of the processor's widest vectors (AVX-512 or AVX2 with FMA,
/// chosen at run time). Only what is inlined into the chosen variant is compiled for it, so
/// `f` must be a closure marked `#[inline(always)]`, as must every closure it calls that holds
/// a loop: one that is not inlined is compiled once, for the baseline processor (SSE2).
#[inline(always)]
pub fn vectorized<R>(f: impl FnOnce() -> R) -> R {
    pulp::Arch::new().dispatch(f)
}

/// `e^x` in float32 within 2 ulp (0 below -87.3, where it falls under float32's smallest
/// normal number; infinity above 88.7; NaN for NaN), in arithmetic the compiler turns into
/// vector instructions (the C library's `expf` is a call per element): `2^k e^r` with `k = round(x / ln 2)`, `r = x - k ln 2` in two parts,
/// and Cephes' degree-6 polynomial for `e^r` on `|r| <= ln 2 / 2`.
#[inline(always)]
pub fn exp(x: f32) -> f32 {
    const LOG2E: f32 = std::f32::consts::LOG2_E;
    const LN2_HI: f32 = 0.693_359_4;
    const LN2_LO: f32 = -2.121_944_4e-4;
    // 1.5 * 2^23: adding it rounds to an integer, kept in the low bits of the sum.
    const ROUND: f32 = 12_582_912.0;
    let clamped = x.clamp(-87.336_54, 88.722_83);
    let shifted = clamped * LOG2E + ROUND;
    let k = shifted - ROUND;
    let r = clamped - k * LN2_HI - k * LN2_LO;
    let mut p = 1.987_569_1e-4;
    p = p * r + 1.398_199_9e-3;
    p = p * r + 8.333_452e-3;
    p = p * r + 4.166_579_6e-2;
    p = p * r + 0.166_666_65;
    p = p * r + 0.5;
    let e_r = p * r * r + r + 1.0;
    // 2^k as 2^(k/2) 2^(k - k/2) from k's bits: each factor a normal number for every k here.
    let k_bits = shifted.to_bits().wrapping_sub(ROUND.to_bits()) as i32;
    let (k1, k2) = (k_bits >> 1, k_bits - (k_bits >> 1));
    let power = |k: i32| f32::from_bits(((k + 127) as u32) << 23);
    let y = e_r * power(k1) * power(k2);
    if x > 88.72283 {
        f32::INFINITY
    } else if x < -87.336_54 {
        0.0
    } else if x.is_nan() {
        x
    } else {
        y
    }
}

/// The sum of `x`, in 16 running sums (vector lanes) added at the end.
#[inline(always)]
pub fn sum(x: &[f32]) -> f32 {
    let mut lanes = [0.0f32; LANES];
    let chunks = x.chunks_exact(LANES);
    let rest: f32 = chunks.remainder().iter().sum();
    for chunk in chunks {
        for (lane, x) in lanes.iter_mut().zip(chunk) {
            *lane += x;
        }
    }
    fold(lanes) + rest
}

/// `Σ a b`, in 16 running sums added at the end.
#[inline(always)]
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut lanes = [0.0f32; LANES];
    let (a, b) = (a.chunks_exact(LANES), b.chunks_exact(LANES));
    let rest: f32 = (a.remainder().iter().zip(b.remainder()))
        .map(|(a, b)| a * b)
        .sum();
    for (a, b) in a.zip(b) {
        for ((lane, a), b) in lanes.iter_mut().zip(a).zip(b) {
            *lane += a * b;
        }
    }
    fold(lanes) + rest
}

/// The largest of `x` (-infinity for none).
#[inline(always)]
pub fn max(x: &[f32]) -> f32 {
    let mut lanes = [f32::NEG_INFINITY; LANES];
    let chunks = x.chunks_exact(LANES);
    let rest = (chunks.remainder().iter()).fold(f32::NEG_INFINITY, |m, &x| m.max(x));
    for chunk in chunks {
        for (lane, &x) in lanes.iter_mut().zip(chunk) {
            *lane = lane.max(x);
        }
    }
    lanes.into_iter().fold(rest, f32::max)
}

/// Running sums per reduction: a vector of AVX-512, two of AVX2.
const LANES: usize = 16;

/// The lanes' sum, pairwise.
#[inline(always)]
fn fold(mut lanes: [f32; LANES]) -> f32 {
    let mut width = LANES;
    while width > 1 {
        width /= 2;
        for i in 0..width {
            lanes[i] += lanes[i + width];
        }
    }
    lanes[0]
}

/// `1 / (1 + e^-x)`.
#[inline(always)]
pub fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + exp(-x))
}

/// A matrix in a slice: element `(i, j)` at `i * row_stride + j * col_stride`.
#[derive(Debug, Clone, Copy)]
pub struct Matrix<'a> {
    data: &'a [f32],
    rows: usize,
    cols: usize,
    row_stride: usize,
    col_stride: usize,
}

impl<'a> Matrix<'a> {
    /// `rows x cols`, row-major, at the start of `data`.
    pub fn new(data: &'a [f32], rows: usize, cols: usize) -> Self {
        assert!(data.len() >= rows * cols, "a {rows} x {cols} matrix");
        Self {
            data,
            rows,
            cols,
            row_stride: cols,
            col_stride: 1,
        }
    }

    /// The transpose, without a copy.
    pub fn t(self) -> Self {
        Self {
            rows: self.cols,
            cols: self.rows,
            row_stride: self.col_stride,
            col_stride: self.row_stride,
            ..self
        }
    }
}

/// `out = scale a b`, or `out += scale a b` where `accumulate`; `out` `[a rows, b cols]`
/// row-major. gemm on the calling thread: this is the product inside one task.
pub fn matmul(out: &mut [f32], a: Matrix, b: Matrix, scale: f32, accumulate: bool) {
    let (m, k, n) = (a.rows, a.cols, b.cols);
    assert_eq!(b.rows, k, "inner dimensions");
    assert!(out.len() >= m * n, "a {m} x {n} output");
    if m == 0 || n == 0 {
        return;
    }
    // SAFETY: `Matrix::new` checked that every element of each operand lies in its slice (the
    // transpose reads the same elements), and `out` holds `m x n`; gemm reads and writes
    // nothing else.
    unsafe {
        gemm::gemm(
            m,
            n,
            k,
            out.as_mut_ptr(),
            1,
            n as isize,
            accumulate,
            a.data.as_ptr(),
            a.col_stride as isize,
            a.row_stride as isize,
            b.data.as_ptr(),
            b.col_stride as isize,
            b.row_stride as isize,
            1.0,
            scale,
            false,
            false,
            false,
            gemm::Parallelism::None,
        );
    }
}
