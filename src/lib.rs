//! remat: a portable training runtime for Llama-family language models, with per-layer
//! activation checkpointing.
//!
//! The library builds for every target, `wasm32-unknown-unknown` included; terminal, files and
//! argument parsing live in the `remat` binary.

pub mod checkpoint;
pub mod config;
pub mod device;
pub mod error;
pub mod generate;
pub mod kernels;
pub mod model;
pub mod presets;
pub mod rng;
#[cfg(feature = "data")]
pub mod tokenizer;
pub mod train;
pub mod weights;

pub use config::LlamaConfig;
pub use error::{Error, Result};
pub use model::llama::Llama;
