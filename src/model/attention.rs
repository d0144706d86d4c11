//! Causal self-attention with grouped key/value heads (GQA).

use burn::prelude::*;

use super::cache::LayerCache;
use super::pass::Pass;
use super::projection::Projection;
use crate::config::LlamaConfig;
use crate::kernels::{InputOf, attention};

#[derive(Module, Debug)]
pub struct Attention {
    pub q_proj: Projection,
    pub k_proj: Projection,
    pub v_proj: Projection,
    pub o_proj: Projection,
    pub n_heads: usize,
    pub n_kv_heads: usize,
    pub head_dim: usize,
}

impl Attention {
    pub fn new(config: &LlamaConfig, device: &Device) -> Self {
        let hidden = config.hidden_size;
        let (n_heads, n_kv_heads) = (config.num_attention_heads, config.num_key_value_heads());
        let head_dim = config.head_dim();
        Self {
            q_proj: Projection::new(hidden, n_heads * head_dim, config, device),
            k_proj: Projection::new(hidden, n_kv_heads * head_dim, config, device),
            v_proj: Projection::new(hidden, n_kv_heads * head_dim, config, device),
            o_proj: Projection::new(n_heads * head_dim, hidden, config, device),
            n_heads,
            n_kv_heads,
            head_dim,
        }
    }

    /// `[batch, seq, hidden] -> [batch, seq, hidden]`, causal, positions from `rope`: the
    /// memory-efficient kernels where they run, else softmax attention in Burn's ops. Keys and
    /// values are never repeated for the query heads that share them.
    /// With `of` (what `x` is made of), the fused backward rebuilds `x` for the projections'
    /// gradients rather than keep it.
    pub fn forward(&self, x: Tensor<3>, of: Option<&InputOf>, pass: &Pass) -> Tensor<3> {
        let (q, k, v) = self.project(x, of, pass);
        self.output(pass.kernels.causal_attention(q, k, v), pass)
    }

    /// Inference: attends from the new positions `x` (`[batch, new, hidden]`, rotated by `rope`
    /// for positions `cache.len()..`) to every cached position and to themselves, and appends
    /// their keys and values to `cache`.
    pub fn forward_cached(&self, x: Tensor<3>, pass: &Pass, cache: &mut LayerCache) -> Tensor<3> {
        let new = x.dims()[1];
        let past = cache.len();
        let (q, k, v) = self.project(x, None, pass);
        let (k, v) = cache.append(k, v);
        // Query i sits at position past + i and sees keys 0..=past + i.
        let total = past + new;
        let hidden: Vec<bool> = (0..new)
            .flat_map(|i| (0..total).map(move |j| j > past + i))
            .collect();
        let mask = Tensor::<2, Bool>::from_data(TensorData::new(hidden, [new, total]), &q.device());
        self.output(attention::masked(q, k, v, mask), pass)
    }

    /// Queries `[b, h, t, dh]`, keys and values `[b, kv, t, dh]`, rotary embedding applied.
    fn project(
        &self,
        x: Tensor<3>,
        of: Option<&InputOf>,
        pass: &Pass,
    ) -> (Tensor<4>, Tensor<4>, Tensor<4>) {
        let [b, t, _] = x.dims();
        let (h, kv, dh, k) = (self.n_heads, self.n_kv_heads, self.head_dim, pass.kernels);
        let heads = |y: Tensor<3>, n: usize| y.reshape([b, t, n, dh]).swap_dims(1, 2);
        let rotate = |y: Tensor<4>| pass.rope.apply(y, k);
        let q = rotate(heads(self.q_proj.forward_of(x.clone(), of, k), h));
        let k_ = rotate(heads(self.k_proj.forward_of(x.clone(), of, k), kv));
        let v = heads(self.v_proj.forward_of(x, of, k), kv);
        (q, k_, v)
    }

    /// The heads' context `[b, h, t, dh]` through `o_proj` -> `[b, t, hidden]`. Its
    /// `[b, t, h*dh]` copy is not kept for `o_proj`'s gradients: the fused backward lays the
    /// heads out again.
    fn output(&self, heads: Tensor<4>, pass: &Pass) -> Tensor<3> {
        let [b, h, t, dh] = heads.dims();
        let context = heads.clone().swap_dims(1, 2).reshape([b, t, h * dh]);
        let of = InputOf::Heads(heads);
        self.o_proj.forward_of(context, Some(&of), pass.kernels)
    }
}
