//! Device memory sampled while a step runs.

use burn::prelude::*;

/// Where device bytes in use are read from: the device's memory pool (CubeCL devices: wgpu,
/// CUDA), or for the CPU backend a counter the application provides (the `remat` binary counts
/// its heap).
static HOST_COUNTER: std::sync::OnceLock<fn() -> u64> = std::sync::OnceLock::new();

/// Lets memory figures on CPU backends come from `counter` (bytes currently allocated).
pub fn set_host_byte_counter(counter: fn() -> u64) {
    let _ = HOST_COUNTER.set(counter);
}

/// Bytes in use on `device` now, if they can be known. Waits for queued work first, so that
/// what is counted is what has run.
pub fn bytes_in_use(device: &Device) -> Option<u64> {
    let _ = device.sync();
    match device.memory_pool_usage() {
        Some(usage) => Some(usage.bytes_in_use),
        None => HOST_COUNTER.get().map(|count| count()),
    }
}

/// Bytes reserved by the device's memory pool (in use or cached for reuse).
pub fn bytes_reserved(device: &Device) -> Option<u64> {
    device.memory_pool_usage().map(|usage| usage.bytes_reserved)
}

/// Samples device bytes at layer boundaries and keeps the peak.
#[derive(Debug, Clone)]
pub struct MemoryTracker {
    device: Device,
    enabled: bool,
    /// Bytes in use when the step started (weights, optimizer state, and what else was live).
    pub start: u64,
    pub peak: u64,
    /// Highest `in use - start - gradients held so far`: the activations' own peak.
    pub activation_peak: u64,
    /// Bytes of parameter gradients the step holds so far.
    pub gradient_bytes: u64,
    /// Bytes in use after the decoder layers' forward, before the loss: what the plan saved.
    pub after_forward: u64,
    pub samples: usize,
}

/// Memory figures of one step.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct MemoryReport {
    /// Bytes in use when the step started.
    pub start_bytes: u64,
    /// Highest bytes in use seen at a layer boundary of forward or backward.
    pub peak_bytes: u64,
    /// Highest bytes in use above `start_bytes` and the gradients held at that moment: what
    /// activations (saved, recomputed, and the loss's working set) took at their peak.
    pub activation_peak_bytes: u64,
    /// Bytes in use after the layers' forward, before the loss, above `start_bytes`: the
    /// activations the plan saved for backward, and the last hidden state.
    pub saved_after_forward_bytes: u64,
    /// Bytes the device's pool holds at the end of the step (in use or cached).
    pub reserved_bytes: u64,
}

impl MemoryTracker {
    /// A tracker that samples only if `enabled` (sampling waits for the device at each boundary).
    pub fn new(device: &Device, enabled: bool) -> Self {
        let device = device.clone().inner();
        let start = if enabled {
            bytes_in_use(&device).unwrap_or(0)
        } else {
            0
        };
        Self {
            device,
            enabled,
            start,
            peak: start,
            activation_peak: 0,
            gradient_bytes: 0,
            after_forward: start,
            samples: 0,
        }
    }

    /// Reads bytes in use now and updates the peak.
    pub fn sample(&mut self) -> u64 {
        if !self.enabled {
            return 0;
        }
        let now = bytes_in_use(&self.device).unwrap_or(0);
        self.peak = self.peak.max(now);
        let activations = now.saturating_sub(self.start + self.gradient_bytes);
        self.activation_peak = self.activation_peak.max(activations);
        self.samples += 1;
        now
    }

    pub fn end_of_forward(&mut self) {
        self.after_forward = self.sample();
    }

    pub fn report(&self) -> MemoryReport {
        MemoryReport {
            start_bytes: self.start,
            peak_bytes: self.peak,
            activation_peak_bytes: self.activation_peak,
            saved_after_forward_bytes: self.after_forward.saturating_sub(self.start),
            reserved_bytes: if self.enabled {
                bytes_reserved(&self.device).unwrap_or(0)
            } else {
                0
            },
        }
    }
}
