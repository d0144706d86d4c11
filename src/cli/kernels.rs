//! `--kernels fused|reference`: which implementation of the fusable operations a run uses.

use burn::prelude::*;
use clap::Args;
use remat::kernels::{Fusion, Kernels};

#[derive(Args, Debug, Clone)]
pub struct KernelArgs {
    /// fused: the CubeCL kernels where the device runs them (wgpu, CUDA), the memory-efficient
    /// attention also on the CPU, and plain Burn for the rest; reference: plain Burn everywhere.
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
        Fusion { cubecl: true, .. } => tracing::info!(
            "kernels: fused (CubeCL: RMSNorm, RoPE, SwiGLU, attention, matmul, chunked cross-entropy, AdamW)"
        ),
        Fusion {
            attention: true, ..
        } => tracing::info!(
            "kernels: fused attention (blocks in Burn's ops; plain Burn for the rest: this device runs no CubeCL kernels)"
        ),
        Fusion::NONE => tracing::info!("kernels: reference (plain Burn)"),
    }
}
