//! `--kernels fused|reference`: which implementation of the fusable operations a run uses.

use burn::prelude::*;
use clap::Args;
use remat::kernels::{Kernels, cubecl_supported};

#[derive(Args, Debug, Clone)]
pub struct KernelArgs {
    /// fused: the CubeCL kernels on wgpu and CUDA, the same operations on the CPU's threads with
    /// their own backward; reference: plain Burn everywhere.
    #[arg(long, default_value_t = Kernels::default())]
    pub kernels: Kernels,
}

/// What `choice` runs on `device`, said once.
pub fn resolve(choice: Kernels, device: &Device) -> Kernels {
    let kernels = choice.on(device);
    describe(choice, kernels, device);
    kernels
}

/// Says what the kernels `chosen` came to on `device`: `in_effect`.
pub fn describe(chosen: Kernels, in_effect: Kernels, device: &Device) {
    match (chosen, in_effect) {
        (Kernels::Fused, Kernels::Fused) if cubecl_supported(device) => tracing::info!(
            "kernels: fused (CubeCL: RMSNorm, RoPE, SwiGLU, attention, matmul, chunked cross-entropy, AdamW)"
        ),
        (Kernels::Fused, Kernels::Fused) => tracing::info!(
            "kernels: fused (the CPU backend: RMSNorm, RoPE, SwiGLU, the projections, attention and the chunked cross-entropy on its threads with their own backward; AdamW plain Burn)"
        ),
        (Kernels::Fused, Kernels::Reference) => tracing::info!(
            "kernels: reference (plain Burn: this device runs none of the fused operations)"
        ),
        _ => tracing::info!("kernels: reference (plain Burn)"),
    }
}
