//! One training step: batches, the causal LM loss, backward and AdamW.

pub mod batch;
pub mod loss;
pub mod optim;
pub mod step;
