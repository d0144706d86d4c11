//! The checkpoint executor: per decoder layer, keep activations, recompute them in backward, or
//! offload the layer's input to host memory, as a [`Plan`] says.

pub mod executor;
pub mod memory;
pub mod memory_model;
pub mod offload;
pub mod planner;
pub mod policy;

pub use executor::{StepOutput, forward_backward};
pub use memory::{MemoryReport, MemoryTracker};
pub use memory_model::{MemoryModel, Optimizer, Peak};
pub use offload::HostStash;
pub use planner::{Planned, Speed, TimeModel, plan_for_budget};
pub use policy::{Plan, Policy};
