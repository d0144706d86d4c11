//! The whole model: token embedding, decoder layers, final norm and LM head.

use burn::nn::{Embedding, EmbeddingConfig, Linear, RmsNorm, RmsNormConfig};
use burn::prelude::*;

use super::attention::Attention;
use super::cache::KvCache;
use super::hf_names::with_named_ids;
use super::layer::DecoderLayer;
use super::lora::{LoraConfig, Target};
use super::loss::{causal_lm_loss, shifted_targets};
use super::mlp::Mlp;
use super::pass::Pass;
use super::projection::Projection;
use super::rope::RopeTables;
use super::{initializer, linear_no_bias};
use crate::config::LlamaConfig;
use crate::kernels::Kernels;
use crate::precision::Precision;
use burn::module::Param;
use burn::tensor::DType;

/// A Llama-family causal language model.
///
/// The training forward takes no KV cache: generation keeps its own.
#[derive(Module, Debug)]
pub struct Llama {
    pub embed_tokens: Embedding,
    pub layers: Vec<DecoderLayer>,
    pub norm: RmsNorm,
    /// `None` when the head is tied to `embed_tokens`.
    pub lm_head: Option<Linear>,
    #[module(skip)]
    pub config: LlamaConfig,
    /// The kernels every pass of this model runs (HF's `attn_implementation`, for all the
    /// fusable operations): [`Kernels::Fused`] unless [`Llama::with_kernels`] says otherwise.
    #[module(skip)]
    pub kernels: Kernels,
    /// The type of activations and frozen weights ([`Llama::with_precision`]); trained
    /// parameters stay float32 and are cast to it where used.
    #[module(skip)]
    pub dtype: DType,
}

impl LlamaConfig {
    /// A freshly initialized model (HF's initialization: `N(0, initializer_range)`, norms at one).
    ///
    /// Parameters are initialized lazily: a model loaded from a checkpoint right after never
    /// draws them.
    ///
    /// Each parameter's id derives from its HF name, so optimizer state saved by one run
    /// matches the parameters of the next.
    pub fn init(&self, device: &Device) -> Llama {
        let (d, v) = (self.hidden_size, self.vocab_size);
        with_named_ids(Llama {
            embed_tokens: EmbeddingConfig::new(v, d)
                .with_initializer(initializer(self))
                .init(device),
            layers: (0..self.num_hidden_layers)
                .map(|_| DecoderLayer::new(self, device))
                .collect(),
            norm: RmsNormConfig::new(d)
                .with_epsilon(self.rms_norm_eps)
                .init(device),
            lm_head: (!self.tie_word_embeddings).then(|| linear_no_bias(d, v, self, device)),
            config: self.clone(),
            kernels: Kernels::default(),
            dtype: DType::F32,
        })
    }
}

impl Llama {
    /// This model frozen, with a fresh LoRA adapter of `lora`'s rank and scale on each of its
    /// target projections in every layer (see [`Projection::with_lora`]): the adapters are
    /// all it trains. Adapter parameters are identified by their PEFT names.
    pub fn with_lora(self, lora: &LoraConfig) -> Self {
        let (rank, scale) = (lora.rank, lora.scale());
        let model = self
            .no_grad()
            .map_projections(|p, t| match lora.targets(t) {
                true => p.with_lora(rank, scale),
                false => p,
            });
        with_named_ids(model)
    }

    /// Every layer's seven projections.
    pub fn projections(&self) -> impl Iterator<Item = &Projection> {
        self.layers.iter().flat_map(|l| {
            let (a, m) = (&l.self_attn, &l.mlp);
            [
                &a.q_proj,
                &a.k_proj,
                &a.v_proj,
                &a.o_proj,
                &m.gate_proj,
                &m.up_proj,
                &m.down_proj,
            ]
        })
    }

    /// Every layer's seven projections replaced by `f(projection, which)`.
    fn map_projections(mut self, f: impl Fn(Projection, Target) -> Projection) -> Self {
        self.layers = (self.layers.into_iter())
            .map(|l| {
                let (a, m) = (l.self_attn, l.mlp);
                DecoderLayer {
                    self_attn: Attention {
                        q_proj: f(a.q_proj, Target::QProj),
                        k_proj: f(a.k_proj, Target::KProj),
                        v_proj: f(a.v_proj, Target::VProj),
                        o_proj: f(a.o_proj, Target::OProj),
                        ..a
                    },
                    mlp: Mlp {
                        gate_proj: f(m.gate_proj, Target::GateProj),
                        up_proj: f(m.up_proj, Target::UpProj),
                        down_proj: f(m.down_proj, Target::DownProj),
                    },
                    ..l
                }
            })
            .collect();
        self
    }

    /// The same model, running `kernels` (as far as its device runs them: see [`Kernels::on`]).
    pub fn with_kernels(self, kernels: Kernels) -> Self {
        let kernels = kernels.on(&self.embed_tokens.weight.device());
        Self { kernels, ..self }
    }

    /// The same model computing in `precision`: activations in its type, and every frozen
    /// parameter (all but what trains) stored in it; trained parameters stay float32 masters.
    pub fn with_precision(self, precision: Precision) -> Self {
        struct Frozen(DType);
        impl burn::module::ModuleMapper for Frozen {
            fn map_float<const D: usize>(&mut self, param: Param<Tensor<D>>) -> Param<Tensor<D>> {
                let value = param.val();
                if value.is_require_grad() || value.dtype() == self.0 {
                    return param;
                }
                Param::initialized(param.id, value.cast(self.0)).set_require_grad(false)
            }
        }
        let dtype = precision.dtype();
        let model = self.map(&mut Frozen(dtype));
        Self { dtype, ..model }
    }

    /// What the layers of a pass over positions `start..start + len` on `device` share.
    pub fn pass(&self, start: usize, len: usize, device: &Device) -> Pass {
        let rope = self
            .config
            .rope()
            .expect("the config was validated when loaded");
        Pass {
            rope: RopeTables::new(rope, self.config.head_dim(), start, len, device),
            kernels: self.kernels,
        }
    }

    /// `[batch, seq]` token ids -> `[batch, seq, hidden]`, in the model's type.
    pub fn embed(&self, tokens: Tensor<2, Int>) -> Tensor<3> {
        self.embed_tokens.forward(tokens).cast(self.dtype)
    }

    /// Final norm and LM head: `[batch, seq, hidden] -> [batch, seq, vocab]` logits.
    pub fn head(&self, hidden: Tensor<3>) -> Tensor<3> {
        let hidden = self
            .kernels
            .rms_norm(hidden, self.norm.gamma.val(), self.norm.epsilon);
        match &self.lm_head {
            Some(_) => burn::tensor::module::linear(hidden, self.head_weight(), None),
            None => hidden.matmul(self.head_weight().unsqueeze()),
        }
    }

    /// The LM head's weight as `[hidden, vocab]` (the embedding table, transposed, when tied),
    /// in the model's type.
    pub fn head_weight(&self) -> Tensor<2> {
        let weight = match &self.lm_head {
            Some(head) => head.weight.val(),
            None => self.embed_tokens.weight.val().transpose(),
        };
        weight.cast(self.dtype)
    }

    /// Final norm, LM head and the causal LM loss of the last hidden states `[batch, seq,
    /// hidden]` against `labels` `[batch, seq]` -> `[1]`: the chunked fused cross-entropy where
    /// it runs (the `[batch, seq, vocab]` logits are never all made), else the head's logits
    /// and [`causal_lm_loss`].
    pub fn loss(&self, hidden: Tensor<3>, labels: Tensor<2, Int>, num_targets: usize) -> Tensor<1> {
        let kernels = self.kernels;
        if !kernels.fuses(&hidden.device(), hidden.dtype()) {
            return causal_lm_loss(self.head(hidden), labels, num_targets);
        }
        let [b, t, d] = hidden.dims();
        let hidden = kernels
            .rms_norm(hidden, self.norm.gamma.val(), self.norm.epsilon)
            .narrow(1, 0, t - 1)
            .reshape([b * (t - 1), d]);
        kernels.linear_cross_entropy(
            hidden,
            self.head_weight(),
            shifted_targets(labels),
            num_targets,
        )
    }

    /// The training forward: `[batch, seq]` token ids -> `[batch, seq, vocab]` logits, every
    /// activation kept for autodiff, no cache.
    pub fn forward(&self, tokens: Tensor<2, Int>) -> Tensor<3> {
        self.head(self.hidden_states(tokens))
    }

    /// The decoder layers' output `[batch, seq, hidden]` of `[batch, seq]` token ids (before the
    /// final norm), every activation kept for autodiff, no cache.
    pub fn hidden_states(&self, tokens: Tensor<2, Int>) -> Tensor<3> {
        let [_, t] = tokens.dims();
        let pass = self.pass(0, t, &tokens.device());
        let mut hidden = self.embed(tokens);
        for layer in &self.layers {
            hidden = layer.forward(hidden, &pass);
        }
        hidden
    }

    /// Inference: logits `[batch, new, vocab]` of new tokens `[batch, new]` that follow the
    /// positions in `cache`, whose keys and values are appended to it.
    pub fn forward_cached(&self, tokens: Tensor<2, Int>, cache: &mut KvCache) -> Tensor<3> {
        let [_, t] = tokens.dims();
        let pass = self.pass(cache.len(), t, &tokens.device());
        let mut hidden = self.embed(tokens);
        for (layer, cache) in self.layers.iter().zip(&mut cache.layers) {
            hidden = layer.forward_cached(hidden, &pass, cache);
        }
        self.head(hidden)
    }
}
