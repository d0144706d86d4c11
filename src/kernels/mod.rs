//! Fused training kernels written once in CubeCL (compiled to WGSL for wgpu and to CUDA C++),
//! each beside the plain-Burn reference it is tested against. On the CPU backend the same
//! operations (RMSNorm, SwiGLU, the projections, attention, the chunked cross-entropy) run on
//! its memory directly, on its threads, with the same backward ([`cpu`],
//! [`attention_blocked`]), so they keep and recompute what the kernels do; AdamW takes its
//! reference there. The
//! reference runs everywhere where [`Kernels::Reference`] is chosen. Kernels know tensors only:
//! modules, losses and optimizers live with the model and the trainer.

pub mod adamw;
pub mod adamw_cube;
pub mod attention;
pub mod attention_blocked;
pub mod attention_cube;
pub mod cpu;
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

pub mod loss;

pub use matmul::InputOf;

use burn::backend::DispatchDevice;
use burn::prelude::*;
use burn::tensor::DType;

/// Which implementation of the fusable operations runs: a value the model carries (see
/// [`crate::Llama::kernels`]), never a process-wide switch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kernels {
    /// The CubeCL kernels on wgpu and CUDA devices; on the CPU backend the same operations'
    /// arithmetic on its threads with their own backward (AdamW: the reference).
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
                "kernels",
                format!("`{other}` is not a kernel choice (fused, reference)"),
            )),
        }
    }
}

impl std::fmt::Display for Kernels {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Fused => "fused",
            Self::Reference => "reference",
        })
    }
}

/// Whether the fused operations run on `device`: a CubeCL runtime (wgpu, CUDA: the CubeCL
/// kernels) or the CPU backend (their arithmetic on its threads, with the same backward), with
/// or without autodiff.
pub fn fused_supported(device: &Device) -> bool {
    matches!(
        device.as_dispatch().clone().inner(),
        DispatchDevice::Cube(_) | DispatchDevice::Flex(_)
    )
}

/// Whether `device` runs CubeCL kernels (wgpu, CUDA): AdamW's fused kernel runs there alone
/// (on the CPU its reference holds nothing more).
pub fn cubecl_supported(device: &Device) -> bool {
    matches!(
        device.as_dispatch().clone().inner(),
        DispatchDevice::Cube(_)
    )
}

impl Kernels {
    /// What this choice runs on `device`: `Fused` only where the device runs the fused
    /// operations.
    pub fn on(self, device: &Device) -> Self {
        if self == Self::Fused && fused_supported(device) {
            Self::Fused
        } else {
            Self::Reference
        }
    }

    /// Whether tensors of `dtype` on `device` take the fused operations under this choice: f32,
    /// f16 and bf16 (each reads and writes the tensors' type and computes in float32; which
    /// types a device runs is [`crate::precision::Precision::check_on`]'s to say).
    pub fn fuses(self, device: &Device, dtype: DType) -> bool {
        let float = matches!(dtype, DType::F32 | DType::F16 | DType::BF16);
        self == Self::Fused && float && fused_supported(device)
    }

    /// [`Self::fuses`], for the kernel that runs on CubeCL devices alone (AdamW).
    pub fn fuses_on_cubecl(self, device: &Device, dtype: DType) -> bool {
        self.fuses(device, dtype) && cubecl_supported(device)
    }

    fn fuses_tensor<const D: usize>(self, x: &Tensor<D>) -> bool {
        self.fuses(&x.device(), x.dtype())
    }

    /// RMSNorm of `x` `[.., d]` with weight `gamma` `[d]`.
    pub fn rms_norm<const D: usize>(self, x: Tensor<D>, gamma: Tensor<1>, eps: f64) -> Tensor<D> {
        if self.fuses_tensor(&x) {
            rms_norm::fused(x, gamma, eps)
        } else {
            rms_norm::reference(x, gamma, eps)
        }
    }

    /// `silu(gate) * up`.
    pub fn swiglu<const D: usize>(self, gate: Tensor<D>, up: Tensor<D>) -> Tensor<D> {
        if self.fuses_tensor(&gate) {
            swiglu::fused(gate, up)
        } else {
            swiglu::reference(gate, up)
        }
    }

    /// The rotary embedding of `x` `[b, h, t, dh]` with tables `[1, 1, t, dh]`.
    pub fn rope(self, x: Tensor<4>, cos: Tensor<4>, sin: Tensor<4>) -> Tensor<4> {
        if self.fuses_tensor(&x) {
            rope::fused(x, cos, sin)
        } else {
            rope::reference(x, cos, sin)
        }
    }

    /// Causal attention of `q` `[b, h, t, dh]` over `k`, `v` `[b, kv, t, dh]` -> `[b, h, t, dh]`:
    /// the memory-efficient kernels (backward keeps O(t) per row), or softmax attention in
    /// Burn's ops (backward keeps the `t x t` scores).
    pub fn causal_attention(self, q: Tensor<4>, k: Tensor<4>, v: Tensor<4>) -> Tensor<4> {
        if self.fuses_tensor(&q) {
            attention::fused(q, k, v)
        } else {
            attention::reference(q, k, v)
        }
    }

    /// The LM head `weight` `[d, vocab]` applied to `hidden` `[n, d]` and the cross-entropy
    /// against `targets` `[n]`, summed and divided by `num_targets` -> `[1]`: the chunked fused
    /// kernels, or the whole logits and Burn's ops.
    pub fn linear_cross_entropy(
        self,
        hidden: Tensor<2>,
        weight: Tensor<2>,
        targets: Tensor<1, Int>,
        num_targets: usize,
    ) -> Tensor<1> {
        if self.fuses_tensor(&hidden) {
            cross_entropy::fused(hidden, weight, targets, num_targets)
        } else {
            cross_entropy::reference(hidden, weight, targets, num_targets)
        }
    }

    /// `x` `[.., d_in]` through a projection of `weight` `[d_in, d_out]` -> `[.., d_out]`: the
    /// blocked matmul (a CubeCL matmul sums the whole input width in one accumulator), or
    /// Burn's `linear`. With `of` (what `x` is made of), the fused backward rebuilds `x` from
    /// it rather than keep `x` for the weight's gradient; the numbers are the same.
    pub fn linear<const D: usize>(
        self,
        x: Tensor<D>,
        of: Option<&InputOf>,
        weight: Tensor<2>,
    ) -> Tensor<D> {
        if self.fuses_tensor(&x) {
            matmul::fused(x, of, weight)
        } else {
            burn::tensor::module::linear(x, weight, None)
        }
    }
}
