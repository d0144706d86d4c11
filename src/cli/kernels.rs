//! `--kernels fused|reference`: which implementation of the fusable operations a run uses.

use burn::prelude::*;
use clap::Args;
use remat::kernels::{self, Kernels};

#[derive(Args, Debug, Clone)]
pub struct KernelArgs {
    /// fused: the CubeCL kernels where the device runs them (wgpu, CUDA) and plain Burn
    /// elsewhere; reference: plain Burn everywhere.
    #[arg(long, default_value = "fused")]
    pub kernels: Kernels,
}

/// Sets the process's choice and says once what it means on `device`.
pub fn apply(choice: Kernels, device: &Device) {
    kernels::set(choice);
    let fused = kernels::fused_supported(device);
    match (choice, fused) {
        (Kernels::Fused, true) => tracing::info!(
            "kernels: fused (CubeCL: RMSNorm, RoPE, SwiGLU, chunked cross-entropy, AdamW)"
        ),
        (Kernels::Fused, false) => {
            tracing::info!("kernels: reference (plain Burn: this device runs no CubeCL kernels)")
        }
        (Kernels::Reference, _) => tracing::info!("kernels: reference (plain Burn)"),
    }
}
