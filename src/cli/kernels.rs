//! `--kernels fused|reference`: which implementation of the fusable operations a run uses.

use burn::prelude::*;
use clap::Args;
use remat::kernels::Kernels;

#[derive(Args, Debug, Clone)]
pub struct KernelArgs {
    /// fused: the CubeCL kernels where the device runs them (wgpu, CUDA) and plain Burn
    /// elsewhere; reference: plain Burn everywhere.
    #[arg(long, default_value_t = Kernels::default())]
    pub kernels: Kernels,
}

/// What `choice` runs on `device`, said once.
pub fn resolve(choice: Kernels, device: &Device) -> Kernels {
    let kernels = choice.on(device);
    describe(choice, kernels);
    kernels
}

/// Says what the kernels `chosen` came to: `in_effect`, where the device runs them.
pub fn describe(chosen: Kernels, in_effect: Kernels) {
    match (chosen, in_effect) {
        (Kernels::Fused, Kernels::Fused) => tracing::info!(
            "kernels: fused (CubeCL: RMSNorm, RoPE, SwiGLU, attention, matmul, chunked cross-entropy, AdamW)"
        ),
        (Kernels::Fused, Kernels::Reference) => {
            tracing::info!("kernels: reference (plain Burn: this device runs no CubeCL kernels)")
        }
        _ => tracing::info!("kernels: reference (plain Burn)"),
    }
}
