//! Training: data, the optimizer, the learning-rate schedule, optimizer steps over the checkpoint
//! executor, and saves on disk.

pub mod data;
pub mod demo_corpus;
#[cfg(feature = "data")]
pub mod hf_folder;
pub mod lr;
pub mod optim;
#[cfg(feature = "data")]
pub mod picked;
pub mod plain;
#[cfg(feature = "data")]
pub mod run;
#[cfg(all(feature = "data", not(target_family = "wasm")))]
pub mod save;
pub mod settings;
#[cfg(feature = "data")]
pub mod state;
pub mod trainer;
