//! Activation checkpointing: per decoder layer, keep activations, recompute them in backward, or
//! offload the layer's input to host memory, as a [`Plan`] says. A plan compiles to a
//! [`Schedule`]; the [`Executor`] runs it and the [`MemoryModel`] predicts it.

pub mod budget;
#[cfg(not(target_family = "wasm"))]
pub mod calibrate;
pub mod executor;
pub mod memory;
pub mod memory_model;
pub mod offload;
pub mod planner;
pub mod policy;
pub mod schedule;

pub use executor::{Executor, StepOutput};
pub use memory::{MemoryProbe, MemoryReport};
pub use memory_model::{MemoryModel, OptimizerKind, Peak, Prediction};
pub use offload::HostStash;
pub use planner::{Planned, Speed, TimeModel, plan_for_budget};
pub use policy::{FixedPlan, Plan, PlanSpec, Policy};
pub use schedule::{Op, Point, Schedule, ScheduleOptions};
