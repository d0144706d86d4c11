//! What every decoder layer of one forward pass shares.

use super::rope::RopeTables;
use crate::kernels::Kernels;

/// The rotary tables of the pass's positions and the kernels it runs: built once per pass by
/// [`crate::Llama::pass`] and handed to each layer.
#[derive(Clone, Debug)]
pub struct Pass {
    pub rope: RopeTables,
    pub kernels: Kernels,
}
