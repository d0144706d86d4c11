//! Fused training kernels written once in CubeCL (compiled to WGSL for wgpu and to CUDA C++),
//! each beside the plain-Burn reference it is tested against. The reference runs where no
//! CubeCL runtime does (the CPU backend) and when `--kernels reference` asks for it.

pub mod adamw;
pub mod adamw_cube;
pub mod attention;
pub mod attention_cube;
pub mod cross_entropy;
pub mod cross_entropy_cube;
mod launch;
pub mod matmul;
mod reduce_cube;
pub mod rms_norm;
pub mod rms_norm_cube;
pub mod rope;
pub mod rope_cube;
pub mod swiglu;
pub mod swiglu_cube;

use std::sync::atomic::{AtomicBool, Ordering};

use burn::backend::DispatchDevice;
use burn::nn::{Linear, RmsNorm};
use burn::prelude::*;
use burn::tensor::DType;

/// Which implementation of the fusable operations a run uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Kernels {
    /// The CubeCL kernels on wgpu and CUDA devices; the reference elsewhere.
    #[default]
    Fused,
    /// Plain Burn operations everywhere.
    Reference,
}

impl std::str::FromStr for Kernels {
    type Err = crate::Error;

    fn from_str(s: &str) -> crate::Result<Self> {
        match s {
            "fused" => Ok(Self::Fused),
            "reference" => Ok(Self::Reference),
            other => Err(crate::Error::input(
                "--kernels",
                format!("`{other}` is not a kernel choice (fused, reference)"),
            )),
        }
    }
}

static FUSED: AtomicBool = AtomicBool::new(true);

/// Chooses the kernels for the whole process (the `--kernels` flag).
pub fn set(kernels: Kernels) {
    FUSED.store(kernels == Kernels::Fused, Ordering::Relaxed);
}

/// The choice in effect.
pub fn current() -> Kernels {
    if FUSED.load(Ordering::Relaxed) {
        Kernels::Fused
    } else {
        Kernels::Reference
    }
}

/// Whether the fused kernels run on `device`: a CubeCL runtime (wgpu, CUDA), with or without
/// autodiff.
pub fn fused_supported(device: &Device) -> bool {
    matches!(
        device.as_dispatch().clone().inner(),
        DispatchDevice::Cube(_)
    )
}

/// Whether tensors of `dtype` on `device` take the fused kernels under the current choice.
pub fn use_fused(device: &Device, dtype: DType) -> bool {
    current() == Kernels::Fused && dtype == DType::F32 && fused_supported(device)
}

/// `norm` applied to `x` (`[.., d]`): the fused kernel where it runs, else Burn's module.
pub fn rms_norm<const D: usize>(norm: &RmsNorm, x: Tensor<D>) -> Tensor<D> {
    if use_fused(&x.device(), x.dtype()) {
        rms_norm::fused(x, norm.gamma.val(), norm.epsilon)
    } else {
        norm.forward(x)
    }
}

/// `silu(gate) * up`: the fused kernel where it runs, else Burn's ops.
pub fn swiglu<const D: usize>(gate: Tensor<D>, up: Tensor<D>) -> Tensor<D> {
    if use_fused(&gate.device(), gate.dtype()) {
        swiglu::fused(gate, up)
    } else {
        swiglu::reference(gate, up)
    }
}

/// The rotary embedding of `x` `[b, h, t, dh]` with tables `[1, 1, t, dh]`: the fused kernel
/// where it runs, else Burn's ops.
pub fn rope(x: Tensor<4>, cos: Tensor<4>, sin: Tensor<4>) -> Tensor<4> {
    if use_fused(&x.device(), x.dtype()) {
        rope::fused(x, cos, sin)
    } else {
        rope::reference(x, cos, sin)
    }
}

/// Causal attention of `q` `[b, h, t, dh]` over `k`, `v` `[b, kv, t, dh]` -> `[b, h, t, dh]`:
/// the memory-efficient kernels where they run (backward keeps O(t) per row), else softmax
/// attention in Burn's ops (backward keeps the `t x t` scores).
pub fn causal_attention(q: Tensor<4>, k: Tensor<4>, v: Tensor<4>) -> Tensor<4> {
    if use_fused(&q.device(), q.dtype()) {
        attention::fused(q, k, v)
    } else {
        attention::reference(q, k, v)
    }
}

/// The LM head `weight` `[d, vocab]` applied to `hidden` `[n, d]` and the cross-entropy against
/// `targets` `[n]`, summed and divided by `num_targets` -> `[1]`: the chunked fused kernels
/// where they run, else the whole logits and Burn's ops.
pub fn linear_cross_entropy(
    hidden: Tensor<2>,
    weight: Tensor<2>,
    targets: Tensor<1, Int>,
    num_targets: usize,
) -> Tensor<1> {
    if use_fused(&hidden.device(), hidden.dtype()) {
        cross_entropy::fused(hidden, weight, targets, num_targets)
    } else {
        cross_entropy::reference(hidden, weight, targets, num_targets)
    }
}

/// `x` `[.., d_in]` through the projection `layer` (weight `[d_in, d_out]`) -> `[.., d_out]`:
/// the blocked matmul where the fused kernels run (a CubeCL matmul sums the whole input width in
/// one accumulator), else Burn's `Linear`.
pub fn linear<const D: usize>(layer: &Linear, x: Tensor<D>) -> Tensor<D> {
    if !use_fused(&x.device(), x.dtype()) {
        return layer.forward(x);
    }
    let y = matmul::fused(x, layer.weight.val());
    match &layer.bias {
        Some(bias) => y + bias.val().unsqueeze(),
        None => y,
    }
}
