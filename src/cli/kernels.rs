//! `--kernels fused|reference`: which implementation of the fusable operations a run uses.

use burn::prelude::*;
use clap::Args;
use remat::kernels::{Fusion, Kernels};

#[derive(Args, Debug, Clone)]
pub struct KernelArgs {
    /// fused: the CubeCL kernels where the device runs them (wgpu, CUDA); on the CPU the layers'
    /// (RMSNorm, SwiGLU, projections, attention) in Burn's ops with their own backward, plain
    /// Burn for the rest; reference: plain Burn everywhere.
    #[arg(long, default_value_t = Kernels::default())]
    pub kernels: Kernels,
}

/// `choice`, with what it runs on `device` said once.
pub fn resolve(choice: Kernels, device: &Device) -> Kernels {
    describe(choice.on(device));
    choice
}

/// Says what a choice of kernels runs: `in_effect`, on the device.
pub fn describe(in_effect: Fusion) {
    match in_effect {
        Fusion::ALL => tracing::info!(
            "kernels: fused (CubeCL: RMSNorm, RoPE, SwiGLU, attention, matmul, chunked cross-entropy, AdamW)"
        ),
        Fusion { layers: true, .. } => tracing::info!(
            "kernels: fused layers (RMSNorm, SwiGLU, the projections and attention in Burn's ops with their own backward; RoPE, the loss and AdamW plain Burn)"
        ),
        _ => tracing::info!("kernels: reference (plain Burn)"),
    }
}
