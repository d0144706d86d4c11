//! Device memory sampled while a step runs, at the points its schedule names.

use burn::prelude::*;

use super::schedule::Point;
use crate::error::Result;

/// How bytes in use are read where the device's memory pool cannot say: CPU backends, whose
/// memory is the process's heap. A value the caller passes in (the `remat` binary counts its
/// heap), never process-wide state.
#[derive(Debug, Clone, Copy, Default)]
pub struct MemoryProbe {
    /// Bytes the process has allocated now, if the caller counts them.
    pub host_bytes: Option<fn() -> u64>,
}

impl MemoryProbe {
    /// Bytes in use on `device` now, once the work queued there has run: the device's memory
    /// pool (CubeCL devices: wgpu, CUDA), else the host counter, else nothing.
    pub async fn bytes_in_use(&self, device: &Device) -> Result<Option<u64>> {
        crate::device::synchronize(device).await?;
        Ok(match device.memory_pool_usage() {
            Some(usage) => Some(usage.bytes_in_use),
            None => self.host_bytes.map(|count| count()),
        })
    }
}

/// Bytes reserved by the device's memory pool (in use or cached for reuse).
pub fn bytes_reserved(device: &Device) -> Option<u64> {
    device.memory_pool_usage().map(|usage| usage.bytes_reserved)
}

/// Samples device bytes at a schedule's points and keeps the peak.
#[derive(Debug, Clone)]
pub struct MemoryTracker {
    device: Device,
    probe: Option<MemoryProbe>,
    /// Bytes in use when the step started (weights, optimizer state, and what else was live).
    start: u64,
    peak: u64,
    /// Highest `in use - start - gradients held so far`: the activations' own peak.
    activation_peak: u64,
    /// Bytes of parameter gradients the step holds so far.
    pub(crate) gradient_bytes: u64,
    /// Bytes in use after the decoder layers' forward, before the loss: what the plan saved.
    after_forward: u64,
    samples: Vec<(Point, u64)>,
}

/// Memory figures of one step.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct MemoryReport {
    /// Bytes in use when the step started.
    pub start_bytes: u64,
    /// Highest bytes in use seen at the step's samples.
    pub peak_bytes: u64,
    /// Highest bytes in use above `start_bytes` and the gradients held at that moment: what
    /// activations (saved, recomputed, and the loss's working set) took at their peak.
    pub activation_peak_bytes: u64,
    /// Bytes in use after the layers' forward, before the loss, above `start_bytes`: the
    /// activations the plan saved for backward, and the last hidden state.
    pub saved_after_forward_bytes: u64,
    /// Bytes the device's pool holds at the end of the step (in use or cached).
    pub reserved_bytes: u64,
    /// Bytes in use at each sample, in the schedule's order (empty when not sampled).
    #[serde(skip)]
    pub samples: Vec<(Point, u64)>,
}

impl MemoryTracker {
    /// A tracker for a step on `device` that samples only with a `probe` (each sample waits
    /// for the device).
    pub async fn start(device: &Device, probe: Option<MemoryProbe>) -> Result<Self> {
        let device = device.clone().inner();
        let start = match &probe {
            Some(probe) => probe.bytes_in_use(&device).await?.unwrap_or(0),
            None => 0,
        };
        Ok(Self {
            device,
            probe,
            start,
            peak: start,
            activation_peak: 0,
            gradient_bytes: 0,
            after_forward: start,
            samples: Vec::new(),
        })
    }

    /// Reads bytes in use at `point` and updates the peak.
    pub async fn sample(&mut self, point: Point) -> Result<()> {
        let Some(probe) = &self.probe else {
            return Ok(());
        };
        let now = probe.bytes_in_use(&self.device).await?.unwrap_or(0);
        self.peak = self.peak.max(now);
        let activations = now.saturating_sub(self.start + self.gradient_bytes);
        self.activation_peak = self.activation_peak.max(activations);
        if point == Point::EndOfForward {
            self.after_forward = now;
        }
        self.samples.push((point, now));
        Ok(())
    }

    pub fn report(self) -> MemoryReport {
        let sampled = self.probe.is_some();
        MemoryReport {
            start_bytes: self.start,
            peak_bytes: self.peak,
            activation_peak_bytes: self.activation_peak,
            saved_after_forward_bytes: self.after_forward.saturating_sub(self.start),
            reserved_bytes: if sampled {
                bytes_reserved(&self.device).unwrap_or(0)
            } else {
                0
            },
            samples: self.samples,
        }
    }
}
