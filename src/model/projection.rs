//! A decoder layer's bias-free projection, `[.., d_in] -> [.., d_out]`, with an optional LoRA
//! adapter: `x W + scale * (x A) B`. The dense `W + scale * A B` is never formed (Burn's
//! `apply_lora` builds it every forward, with a weight-sized gradient): the adapter costs two
//! thin matmuls and keeps `x A` `[.., r]` for backward.

use burn::module::Param;
use burn::prelude::*;
use burn::tensor::Distribution;

use super::initializer;
use crate::config::LlamaConfig;
use crate::kernels::{InputOf, Kernels};
use burn::tensor::DType;

/// A projection's weight `[d_in, d_out]` (HF stores the transpose) and its adapter.
#[derive(Module, Debug)]
pub struct Projection {
    pub weight: Param<Tensor<2>>,
    pub lora: Option<Lora>,
}

/// A low-rank update of rank `r`: `A` `[d_in, r]` and `B` `[r, d_out]` (PEFT stores each as the
/// transpose: `lora_A.weight` `[r, d_in]`, `lora_B.weight` `[d_out, r]`).
#[derive(Module, Debug)]
pub struct Lora {
    pub a: Param<Tensor<2>>,
    pub b: Param<Tensor<2>>,
    /// `alpha / r`.
    pub scale: f64,
}

impl Lora {
    /// `weight + scale * A B` `[d_in, d_out]`, added in float32 and rounded once to the
    /// weight's type (a half-precision base stays so), without autodiff.
    pub fn merged_into(&self, weight: Tensor<2>) -> Tensor<2> {
        let update = self.a.val().matmul(self.b.val()).mul_scalar(self.scale);
        let dtype = weight.dtype();
        (weight.cast(DType::F32) + update).cast(dtype).detach()
    }
}

impl Projection {
    /// HF's initialization, drawn as Burn's `Linear` draws it (the same random stream).
    pub fn new(d_in: usize, d_out: usize, config: &LlamaConfig, device: &Device) -> Self {
        Self {
            weight: initializer(config).init_with([d_in, d_out], Some(d_in), Some(d_out), device),
            lora: None,
        }
    }

    /// This projection frozen, with a fresh adapter of rank `rank` and scale `scale`: `A`
    /// Kaiming-uniform (PEFT's `kaiming_uniform_(a=sqrt(5))`: bound `1 / sqrt(d_in)`) from the
    /// device's seeded generator, `B` zero, so the adapted model starts as the base.
    pub fn with_lora(self, rank: usize, scale: f64) -> Self {
        let weight = self.weight.set_require_grad(false);
        let [d_in, d_out] = weight.val().dims();
        let device = weight.val().device();
        let bound = 1.0 / (d_in as f64).sqrt();
        let a = Tensor::<2>::random([d_in, rank], Distribution::Uniform(-bound, bound), &device);
        Self {
            weight,
            lora: Some(Lora {
                a: Param::from_tensor(a),
                b: Param::from_tensor(Tensor::zeros([rank, d_out], &device)),
                scale,
            }),
        }
    }

    /// `x` `[.., d_in]` -> `[.., d_out]` in `x`'s type, by `kernels`. Weights are cast to that
    /// type where they are float32 masters (trained), the adapter's too (as torchtune runs
    /// LoRA in bf16): backward then keeps `x` once, in its type, for every adapter reading it,
    /// where PEFT's float32 adapters keep a float32 copy of `x` each.
    pub fn forward<const D: usize>(&self, x: Tensor<D>, kernels: Kernels) -> Tensor<D> {
        self.forward_of(x, None, kernels)
    }

    /// [`Self::forward`] of `x` made of `of`: the fused backward rebuilds `x` from it for the
    /// gradients of the weight and of `A`, rather than keep `x`.
    pub fn forward_of<const D: usize>(
        &self,
        x: Tensor<D>,
        of: Option<&InputOf>,
        kernels: Kernels,
    ) -> Tensor<D> {
        let dtype = x.dtype();
        let base = kernels.linear(x.clone(), of, self.weight.val().cast(dtype));
        match &self.lora {
            None => base,
            Some(lora) => {
                let down = kernels.linear(x, of, lora.a.val().cast(dtype));
                let up = kernels.linear(down, None, lora.b.val().cast(dtype));
                base + up.mul_scalar(lora.scale)
            }
        }
    }
}
