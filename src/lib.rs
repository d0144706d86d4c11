//! remat: a portable training runtime for Llama-family language models, with per-layer
//! activation checkpointing.
//!
//! The library builds for every target, `wasm32-unknown-unknown` included; terminal, files and
//! argument parsing live in the `remat` binary.

pub mod adapter;
pub mod batch;
pub mod checkpoint;
pub mod config;
pub mod device;
pub mod error;
pub mod generate;
pub mod grads;
pub mod heap;
pub mod inspect;
pub mod kernels;
pub mod model;
pub mod precision;
pub mod presets;
pub mod rng;
#[cfg(feature = "data")]
pub mod tokenizer;
pub mod train;
pub mod weights;

pub use config::LlamaConfig;
pub use error::{Error, Result};
pub use model::llama::Llama;

/// Runs a future of the library to completion on this thread: the one-line blocking form of
/// its async steps, for native callers (a browser awaits them instead).
#[cfg(not(target_family = "wasm"))]
pub fn block_on<F: std::future::Future>(future: F) -> F::Output {
    pollster::block_on(future)
}
