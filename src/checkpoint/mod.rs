//! The checkpoint executor: per decoder layer, keep activations, recompute them in backward, or
//! offload the layer's input to host memory, as a [`Plan`] says.

pub mod executor;
pub mod memory;
pub mod offload;
pub mod policy;

pub use executor::{StepOutput, forward_backward};
pub use memory::{MemoryReport, MemoryTracker};
pub use offload::HostStash;
pub use policy::{Plan, Policy};
