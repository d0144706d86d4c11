//! One training step: batches, the causal LM loss, backward and AdamW.

pub mod batch;
pub mod data;
pub mod loss;
pub mod optim;
#[cfg(all(feature = "data", not(target_family = "wasm")))]
pub mod save;
pub mod schedule;
pub mod step;
pub mod trainer;
