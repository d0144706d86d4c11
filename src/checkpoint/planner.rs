//! The planner: the fastest plan whose predicted peak fits a memory budget.
//!
//! Time model: a layer's forward costs `F` (its FLOPs over the device's rate), its backward `rF`
//! (`r` = 2 by FLOPs, the matmuls' two gradients; `--calibrate` times it on the device). Keep costs `(1 + r)F`; Recompute one more forward,
//! `(2 + r)F`; Offload is Recompute plus two host copies of the layer input (down in forward, up
//! in backward), each hidden behind compute when it is shorter than a layer's backward. The head
//! and loss cost the same under every plan, `(1 + r)` times their forward.
//!
//! Search: layers are alike, and a plan's peak is lowest when the layers that hold the most
//! (Keep) are the last ones forward, whose backward runs first, before gradients pile up. So the
//! planner tries every `O..OR..RK..K` (counts of each policy) and takes the fastest that fits,
//! the lower peak between equals.

use std::fmt;

pub use super::budget::Budget;
use super::memory_model::{MemoryModel, Peak, gib};
use super::policy::{Plan, PlanSpec, Policy};
use crate::device::SelectedDevice;
use crate::error::{Error, Result};

/// How fast a device computes and copies to and from host memory.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Speed {
    /// Sustained f32 matmul rate.
    pub flops_per_second: f64,
    /// Seconds of a layer's backward (with its forward recorded for autodiff, over a plain
    /// forward's) per second of its plain forward.
    pub backward_per_forward: f64,
    /// Device-to-host and host-to-device copy rate.
    pub host_bytes_per_second: f64,
}

impl Default for Speed {
    /// An RTX 3090/4090-class card on PCIe 4.0: f32 matmuls at about 20 TFLOP/s sustained,
    /// copies of pageable host memory at about 12 GB/s. `--calibrate` measures the real device.
    fn default() -> Self {
        Self {
            flops_per_second: 20e12,
            backward_per_forward: 2.0,
            host_bytes_per_second: 12e9,
        }
    }
}

/// Predicted seconds of one training step under each policy.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TimeModel {
    /// One layer's forward.
    pub layer_forward: f64,
    /// One layer's backward.
    pub layer_backward: f64,
    /// Embedding, final norm, LM head and loss, forward and backward.
    pub head: f64,
    /// Copy of one layer input between device and host, one way.
    pub copy: f64,
}

impl TimeModel {
    pub fn new(memory: &MemoryModel, speed: Speed) -> Self {
        let layer_forward = memory.layer_forward_flops() / speed.flops_per_second;
        Self {
            layer_forward,
            layer_backward: speed.backward_per_forward * layer_forward,
            head: (1.0 + speed.backward_per_forward) * memory.head_forward_flops()
                / speed.flops_per_second,
            copy: memory.hidden_bytes() as f64 / speed.host_bytes_per_second,
        }
    }

    /// Seconds of one layer's forward and backward under `policy`.
    pub fn layer(&self, policy: Policy) -> f64 {
        let (f, backward) = (self.layer_forward, self.layer_backward);
        match policy {
            Policy::Keep => f + backward,
            Policy::Recompute => 2.0 * f + backward,
            Policy::Offload => 2.0 * f + backward + 2.0 * (self.copy - backward).max(0.0),
        }
    }

    /// Seconds of one training step (forward and backward) under `plan`.
    pub fn step(&self, plan: &Plan) -> f64 {
        self.head + plan.layers.iter().map(|&p| self.layer(p)).sum::<f64>()
    }

    /// How much slower `plan` is than keeping everything: 0.3 is 30% slower.
    pub fn slowdown(&self, plan: &Plan) -> f64 {
        self.step(plan) / self.step(&Plan::none(plan.len())) - 1.0
    }
}

/// A plan with its predicted cost.
#[derive(Debug, Clone, PartialEq)]
pub struct Planned {
    pub plan: Plan,
    pub peak: Peak,
    pub host_bytes: u64,
    pub slowdown: f64,
}

impl Planned {
    pub fn new(plan: Plan, memory: &MemoryModel, time: &TimeModel) -> Self {
        Self {
            peak: memory.peak(&plan),
            host_bytes: memory.host_bytes(&plan),
            slowdown: time.slowdown(&plan),
            plan,
        }
    }
}

impl fmt::Display for Planned {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} predicted peak {} ({}), host {}, {:+.0}% time",
            self.plan,
            gib(self.peak.total()),
            self.peak,
            gib(self.host_bytes),
            100.0 * self.slowdown
        )
    }
}

/// Every `O^a R^b K^c` plan of `layers` layers.
fn candidates(layers: usize) -> impl Iterator<Item = Plan> {
    (0..=layers).flat_map(move |offload| {
        (0..=layers - offload).map(move |recompute| {
            let keep = layers - offload - recompute;
            let mut policies = vec![Policy::Offload; offload];
            policies.extend(std::iter::repeat_n(Policy::Recompute, recompute));
            policies.extend(std::iter::repeat_n(Policy::Keep, keep));
            Plan { layers: policies }
        })
    })
}

/// The fastest plan whose predicted peak is at most `budget` bytes (the lower peak between
/// plans predicted equally fast).
pub fn plan_for_budget(memory: &MemoryModel, time: &TimeModel, budget: u64) -> Result<Planned> {
    let better = |a: &Planned, b: &Planned| {
        (a.slowdown, a.peak.total()).partial_cmp(&(b.slowdown, b.peak.total()))
            == Some(std::cmp::Ordering::Less)
    };
    let mut best: Option<Planned> = None;
    let mut smallest: Option<Planned> = None;
    for plan in candidates(memory.layers) {
        let planned = Planned::new(plan, memory, time);
        if smallest
            .as_ref()
            .is_none_or(|s| planned.peak.total() < s.peak.total())
        {
            smallest = Some(planned.clone());
        }
        if planned.peak.total() <= budget && best.as_ref().is_none_or(|b| better(&planned, b)) {
            best = Some(planned);
        }
    }
    best.ok_or_else(|| {
        let smallest = smallest.expect("there is at least one plan");
        Error::input(
            "budget",
            format!(
                "no plan fits {}: the smallest reachable peak is {} (plan {}, {}); {}",
                gib(budget),
                gib(smallest.peak.total()),
                smallest.plan,
                smallest.peak,
                memory.what_fits(budget)
            ),
        )
    })
}

/// The plan `spec` names for the step `memory` counts, timed by `time`, with its predicted
/// peak. A step with a buffer larger than `device` allocates, or a plan whose peak is beyond
/// what it has, is an error: nothing is allocated for a step that cannot run.
pub fn resolve(
    spec: &PlanSpec,
    memory: &MemoryModel,
    time: &TimeModel,
    device: &SelectedDevice,
) -> Result<Planned> {
    if let Some(limit) = device.max_buffer_bytes() {
        let largest = memory.largest_buffer();
        if largest.bytes > limit {
            return Err(Error::input(
                "batch x seq",
                format!(
                    "the step's largest buffer, {} ({}), is more than {} allocates in one buffer ({}): {}",
                    largest.name,
                    gib(largest.bytes),
                    device.description,
                    gib(limit),
                    memory.what_fits_one_buffer(limit)
                ),
            ));
        }
    }
    let planned = match spec {
        PlanSpec::Auto(budget) => {
            let budget = budget.bytes(device.memory_bytes)?;
            let planned = plan_for_budget(memory, time, budget)?;
            tracing::info!("budget {}: auto chose plan {}", gib(budget), planned.plan);
            planned
        }
        PlanSpec::Fixed(fixed) => Planned::new(fixed.resolve(memory.layers)?, memory, time),
    };
    let peak = planned.peak.total();
    if let Some(device_bytes) = device.memory_bytes
        && peak > device_bytes
    {
        return Err(Error::input(
            "plan",
            format!(
                "{} needs {} of device memory at its peak ({}), and {} has {}: {}",
                planned.plan,
                gib(peak),
                planned.peak,
                device.description,
                gib(device_bytes),
                memory.what_fits(device_bytes)
            ),
        ));
    }
    Ok(planned)
}

/// The longest sequence, a multiple of `step` up to `limit`, at which `peak` (of the model at
/// that sequence length) is at most `budget`. Peaks grow with the sequence, so this bisects.
pub fn longest_seq(
    memory: &MemoryModel,
    budget: u64,
    step: usize,
    limit: usize,
    peak: impl Fn(&MemoryModel) -> u64,
) -> Option<usize> {
    let fits = |k: usize| {
        let at = memory.with_shape(memory.batch, k * step);
        at.check().is_ok() && peak(&at) <= budget
    };
    if limit < step || !fits(1) {
        return None;
    }
    // fits(lo) holds; the answer is in lo..=hi.
    let (mut lo, mut hi) = (1, limit / step);
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if fits(mid) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    Some(lo * step)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::LlamaConfig;
    use crate::checkpoint::memory_model::OptimizerKind;

    fn model(layers: usize, batch: usize, seq: usize) -> MemoryModel {
        let config = LlamaConfig::new(2048, 256, 688, layers, 4, 2);
        MemoryModel::new(&config, batch, seq, OptimizerKind::AdamW)
    }

    #[test]
    fn recompute_costs_one_more_forward_per_layer() {
        let memory = model(4, 8, 512);
        let time = TimeModel::new(&memory, Speed::default());
        let none = time.step(&Plan::none(4));
        let recompute = time.step(&Plan::recompute(4));
        assert!((recompute - none - 4.0 * time.layer_forward).abs() < 1e-12);
        assert!(time.slowdown(&Plan::offload(4)) >= time.slowdown(&Plan::recompute(4)));
    }

    #[test]
    fn copies_slower_than_backward_show_in_the_time() {
        let memory = model(4, 8, 512);
        let slow_bus = Speed {
            host_bytes_per_second: 1e6,
            ..Speed::default()
        };
        let time = TimeModel::new(&memory, slow_bus);
        let exposed = 2.0 * (time.copy - 2.0 * time.layer_forward);
        assert!(exposed > 0.0);
        let gap = time.layer(Policy::Offload) - time.layer(Policy::Recompute);
        assert!((gap - exposed).abs() < 1e-12);
    }

    #[test]
    fn a_generous_budget_keeps_everything_and_a_tight_one_recomputes() {
        let memory = model(4, 8, 512);
        let time = TimeModel::new(&memory, Speed::default());
        let none = memory.peak(&Plan::none(4)).total();
        assert_eq!(
            plan_for_budget(&memory, &time, none).unwrap().plan,
            Plan::none(4)
        );
        let tight = plan_for_budget(&memory, &time, none / 2).unwrap();
        assert!(tight.peak.total() <= none / 2);
        assert!(tight.plan.layers.contains(&Policy::Keep));
        assert!(tight.plan.layers.iter().any(|&p| p != Policy::Keep));
    }

    /// The `O..R..K..` family holds the optimum: against every one of the 3^5 plans, no plan
    /// is faster within the same budget.
    #[test]
    fn the_searched_family_is_as_good_as_every_plan() {
        let memory = model(5, 4, 256);
        let time = TimeModel::new(&memory, Speed::default());
        let all: Vec<Plan> = (0..3usize.pow(5))
            .map(|mut code| Plan {
                layers: (0..5)
                    .map(|_| {
                        let p = [Policy::Keep, Policy::Recompute, Policy::Offload][code % 3];
                        code /= 3;
                        p
                    })
                    .collect(),
            })
            .collect();
        let peaks: Vec<u64> = all.iter().map(|p| memory.peak(p).total()).collect();
        for &budget in &peaks {
            let chosen = plan_for_budget(&memory, &time, budget).unwrap();
            for (plan, &peak) in all.iter().zip(&peaks) {
                if peak <= budget {
                    assert!(
                        time.step(plan) >= time.step(&chosen.plan) - 1e-12,
                        "{plan} beats {} at budget {budget}",
                        chosen.plan
                    );
                }
            }
        }
    }

    #[test]
    fn longest_sequence_is_the_last_that_fits() {
        let memory = model(4, 8, 512);
        let none = |m: &MemoryModel| m.peak(&Plan::none(4)).total();
        let budget = none(&memory);
        assert_eq!(longest_seq(&memory, budget, 64, 1 << 16, none), Some(512));
        assert_eq!(
            longest_seq(&memory, budget - 1, 64, 1 << 16, none),
            Some(448)
        );
        assert_eq!(longest_seq(&memory, 1 << 20, 64, 1 << 16, none), None);
        let smallest = |m: &MemoryModel| m.smallest_peak();
        let longest = longest_seq(&memory, budget, 64, 1 << 16, smallest).unwrap();
        assert!(longest > 2 * 512, "{longest}");
    }

    #[test]
    fn budgets_parse_sizes_and_shares() {
        let parse = |s: &str| s.parse::<Budget>();
        assert_eq!(parse("6GiB").unwrap(), Budget::Bytes(6 << 30));
        assert_eq!(parse("512 MiB").unwrap(), Budget::Bytes(512 << 20));
        assert_eq!(parse("8GB").unwrap(), Budget::Bytes(8_000_000_000));
        assert_eq!(parse("1024").unwrap(), Budget::Bytes(1024));
        assert_eq!(parse("80%").unwrap(), Budget::Share(0.8));
        assert_eq!(parse("50%").unwrap().bytes(Some(1000)).unwrap(), 500);
        for bad in ["", "GiB", "6 parsecs", "0", "150%", "-1GiB"] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        let err = parse("80%").unwrap().bytes(None).unwrap_err().to_string();
        assert!(err.contains("does not report its memory"), "{err}");
    }

    #[test]
    fn nothing_fits_says_the_smallest_peak_and_what_to_change() {
        let memory = model(4, 8, 512);
        let time = TimeModel::new(&memory, Speed::default());
        let err = plan_for_budget(&memory, &time, 1 << 20)
            .unwrap_err()
            .to_string();
        assert!(err.contains("no plan fits 1.0 MiB"), "{err}");
        assert!(err.contains("smallest reachable peak"), "{err}");
    }
}
