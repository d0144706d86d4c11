//! The key/value cache of generation. Training never builds one: `Llama::forward` takes none.

use burn::prelude::*;

/// Rotated keys and values of one layer for every position seen so far, `[b, kv, len, dh]`.
#[derive(Debug, Default)]
pub struct LayerCache {
    keys_values: Option<(Tensor<4>, Tensor<4>)>,
}

impl LayerCache {
    /// Positions cached.
    pub fn len(&self) -> usize {
        self.keys_values.as_ref().map_or(0, |(k, _)| k.dims()[2])
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Appends the keys and values of new positions; returns all of them.
    pub fn append(&mut self, k: Tensor<4>, v: Tensor<4>) -> (Tensor<4>, Tensor<4>) {
        let (k, v) = match self.keys_values.take() {
            None => (k, v),
            Some((past_k, past_v)) => (
                Tensor::cat(vec![past_k, k], 2),
                Tensor::cat(vec![past_v, v], 2),
            ),
        };
        self.keys_values = Some((k.clone(), v.clone()));
        (k, v)
    }
}

/// One [`LayerCache`] per decoder layer.
#[derive(Debug)]
pub struct KvCache {
    pub layers: Vec<LayerCache>,
}

impl KvCache {
    pub fn new(layers: usize) -> Self {
        Self {
            layers: (0..layers).map(|_| LayerCache::default()).collect(),
        }
    }

    /// Positions cached.
    pub fn len(&self) -> usize {
        self.layers.first().map_or(0, LayerCache::len)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
