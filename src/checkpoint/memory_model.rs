//! Device memory of one training step, counted buffer by buffer, as llm.c sizes its activations:
//! every buffer a layer's autodiff graph keeps is named and sized in [`MemoryModel::layer_buffers`],
//! and [`MemoryModel::predict`] folds over the step's [`Schedule`] (the list the executor runs)
//! to give the bytes in use at each of its samples.
//!
//! The figure predicted is the one `remat bench` measures: the highest bytes in use at the
//! executor's samples, weights and optimizer state included.

use std::fmt;

use super::policy::{Plan, Policy};
use super::schedule::{Op, Point, Schedule, ScheduleOptions};
use crate::config::LlamaConfig;
use crate::error::{Error, Result};
use crate::kernels::cross_entropy::chunk_rows;
use crate::model::lora::{LoraConfig, Target};
use crate::precision::Precision;

/// The optimizer whose state lives beside the weights.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptimizerKind {
    /// Two moments per parameter.
    AdamW,
    /// No state.
    Sgd,
}

/// One named buffer and its size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Buffer {
    pub name: &'static str,
    pub bytes: u64,
    /// Which kernels keep it.
    pub kept_by: KeptBy,
}

/// Which kernels keep a buffer for backward.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeptBy {
    Both,
    /// Burn's decomposed ops only: the fused kernels recompute it in backward.
    Reference,
    /// The fused kernels only.
    Fused,
}

impl Buffer {
    /// A buffer of `bytes`, rounded up to the allocation alignment.
    fn new(name: &'static str, bytes: u64) -> Self {
        Self {
            name,
            bytes: bytes.next_multiple_of(ALIGN),
            kept_by: KeptBy::Both,
        }
    }

    /// This buffer, marked as kept by Burn's ops only.
    fn burn_only(self) -> Self {
        Self {
            kept_by: KeptBy::Reference,
            ..self
        }
    }

    /// This buffer, marked as kept by the fused kernels only.
    fn fused_only(self) -> Self {
        Self {
            kept_by: KeptBy::Fused,
            ..self
        }
    }
}

/// Sizes of everything a training step of one model at one batch shape holds: activations and
/// frozen weights in the run's [`Precision`], trained weights, gradients and AdamW's moments in
/// float32, and the float32 buffers HF's mixed precision keeps (norm statistics, softmax).
#[derive(Debug, Clone, PartialEq)]
pub struct MemoryModel {
    pub layers: usize,
    pub batch: usize,
    pub seq: usize,
    hidden: usize,
    intermediate: usize,
    heads: usize,
    kv_heads: usize,
    head_dim: usize,
    vocab: usize,
    tied: bool,
    params: usize,
    optimizer: OptimizerKind,
    /// How the step's transfers are scheduled.
    schedule: ScheduleOptions,
    /// The fused kernels (RMSNorm, SwiGLU, RoPE, attention, the chunked cross-entropy), which
    /// keep their inputs (and attention its output and log-sum-exp) rather than Burn's
    /// intermediates.
    fused: bool,
    /// LoRA adapters, the only parameters trained: the base weights are frozen (no gradients,
    /// no optimizer state, and no projection input kept for a weight's gradient).
    lora: Option<LoraConfig>,
    /// The type of activations and frozen weights (trained parameters, their gradients and
    /// AdamW's moments stay float32).
    precision: Precision,
}

/// Bytes of an element on the device: f32, int (i32) and bool (u32 on CubeCL devices).
const F32: u64 = 4;
const INT: u64 = 4;
const BOOL: u64 = 4;

/// The most bytes a model is asked to count: far beyond any device (an exbibyte), and low enough
/// that no sum of its buffers passes 64 bits.
const MAX_BYTES: f64 = (1u64 << 60) as f64;

/// Allocations are rounded up to this many bytes (wgpu's default buffer offset alignment).
const ALIGN: u64 = 256;

impl MemoryModel {
    pub fn new(config: &LlamaConfig, batch: usize, seq: usize, optimizer: OptimizerKind) -> Self {
        Self {
            layers: config.num_hidden_layers,
            batch,
            seq,
            hidden: config.hidden_size,
            intermediate: config.intermediate_size,
            heads: config.num_attention_heads,
            kv_heads: config.num_key_value_heads(),
            head_dim: config.head_dim(),
            vocab: config.vocab_size,
            tied: config.tie_word_embeddings,
            params: config.num_params(),
            optimizer,
            schedule: ScheduleOptions::default(),
            fused: false,
            lora: None,
            precision: Precision::F32,
        }
    }

    /// Checks that this is a step the model can count: at least one sequence of two tokens (one
    /// to read, one to predict), and sizes whose byte counts fit in 64 bits. A shape beyond
    /// them is an error saying about how much it would need.
    pub fn check(&self) -> Result<()> {
        let (batch, seq) = (self.batch, self.seq);
        if batch == 0 {
            return Err(Error::input("batch", "must be at least 1"));
        }
        if seq < 2 {
            return Err(Error::input(
                "seq",
                format!(
                    "{seq}: a sequence needs at least two tokens (one to read, one to predict)"
                ),
            ));
        }
        // In f64, which cannot overflow: this only compares against a bound.
        let c = |v: usize| v as f64;
        let width = c(self.hidden) * 8.0
            + c(self.intermediate) * 4.0
            + c(self.heads) * (c(self.head_dim) * 4.0 + c(seq) * 3.0);
        let tokens = c(batch) * c(seq);
        let bytes = tokens * width * c(self.layers) * 4.0
            + tokens * c(self.vocab) * 8.0
            + c(self.params) * 16.0;
        if bytes > MAX_BYTES {
            return Err(Error::input(
                "batch x seq",
                format!(
                    "{batch} x {seq} tokens of this model would need about {bytes:.3e} bytes of device memory: beyond what remat plans (2^60 bytes)"
                ),
            ));
        }
        Ok(())
    }

    /// The same model with the fused kernels (`true`) or Burn's ops.
    pub fn with_fused_kernels(self, fused: bool) -> Self {
        Self { fused, ..self }
    }

    /// The same model, its steps scheduled with `schedule`.
    pub fn with_schedule(self, schedule: ScheduleOptions) -> Self {
        Self { schedule, ..self }
    }

    /// The same model training `lora`'s adapters over a frozen base (`None`: every parameter).
    pub fn with_lora(self, lora: Option<LoraConfig>) -> Self {
        Self { lora, ..self }
    }

    /// The same model with activations and frozen weights in `precision`.
    pub fn with_precision(self, precision: Precision) -> Self {
        Self { precision, ..self }
    }

    /// The same model at another batch shape.
    pub fn with_shape(&self, batch: usize, seq: usize) -> Self {
        Self {
            batch,
            seq,
            ..self.clone()
        }
    }

    fn tokens(&self) -> u64 {
        (self.batch * self.seq) as u64
    }

    /// Bytes of an activation element.
    fn act(&self) -> u64 {
        self.precision.bytes()
    }

    /// Whether activations are in half precision.
    fn half(&self) -> bool {
        self.precision != Precision::F32
    }

    /// `[batch, seq, hidden]` in the activations' type: a layer input.
    pub fn hidden_bytes(&self) -> u64 {
        (self.tokens() * self.hidden as u64 * self.act()).next_multiple_of(ALIGN)
    }

    /// Parameters of one decoder layer (its norms included).
    fn layer_params(&self) -> u64 {
        let (d, q, kv) = (
            self.hidden,
            self.heads * self.head_dim,
            self.kv_heads * self.head_dim,
        );
        (2 * d * q + 2 * d * kv + 3 * d * self.intermediate + 2 * d) as u64
    }

    /// `(d_in, d_out)` of a projection of a layer.
    fn projection_shape(&self, target: Target) -> (usize, usize) {
        let (d, f) = (self.hidden, self.intermediate);
        let (q, kv) = (self.heads * self.head_dim, self.kv_heads * self.head_dim);
        match target {
            Target::QProj => (d, q),
            Target::KProj | Target::VProj => (d, kv),
            Target::OProj => (q, d),
            Target::GateProj | Target::UpProj => (d, f),
            Target::DownProj => (f, d),
        }
    }

    /// Parameters of one layer's LoRA adapters (`A` `[in, r]` and `B` `[r, out]` per target).
    fn layer_adapter_params(&self) -> usize {
        self.lora.as_ref().map_or(0, |lora| {
            (lora.targets.iter())
                .map(|&t| {
                    let (i, o) = self.projection_shape(t);
                    lora.rank * (i + o)
                })
                .sum()
        })
    }

    /// Parameters training updates: the adapters', or every one.
    pub fn trainable_params(&self) -> usize {
        match self.lora {
            Some(_) => self.layers * self.layer_adapter_params(),
            None => self.params,
        }
    }

    /// Every parameter on the device: the model's (frozen in the run's type, or float32
    /// masters) and its adapters' (float32).
    pub fn weights(&self) -> u64 {
        let adapters = (self.layers * self.layer_adapter_params()) as u64 * F32;
        match self.lora {
            Some(_) => self.params as u64 * self.act() + adapters,
            None => self.params as u64 * F32,
        }
    }

    pub fn optimizer_state(&self) -> u64 {
        match self.optimizer {
            OptimizerKind::AdamW => 2 * self.trainable_params() as u64 * F32,
            OptimizerKind::Sgd => 0,
        }
    }

    /// Gradients of one decoder layer's parameters (its adapters', under LoRA).
    fn layer_gradients(&self) -> u64 {
        if self.lora.is_some() {
            return self.layer_adapter_params() as u64 * F32;
        }
        self.layer_params() * F32
    }

    /// Gradients of the embedding table (none when frozen).
    fn embedding_gradients(&self) -> u64 {
        match self.lora {
            Some(_) => 0,
            None => (self.vocab * self.hidden) as u64 * F32,
        }
    }

    /// Gradients the loss's backward gives: final norm and LM head (the embedding table, when
    /// the head is tied to it); none when they are frozen.
    fn head_gradients(&self) -> u64 {
        match self.lora {
            Some(_) => 0,
            None => self.hidden as u64 * F32 + (self.vocab * self.hidden) as u64 * F32,
        }
    }

    /// Whether a projection's input is kept for backward: for its weight's gradient, or its
    /// adapter's (`x A` needs `x`). A frozen projection without an adapter keeps nothing.
    fn keeps_input(&self, targets: &[Target]) -> bool {
        self.lora
            .as_ref()
            .is_none_or(|lora| targets.iter().any(|&t| lora.targets(t)))
    }

    /// What lives through the whole step besides weights and optimizer state: token ids and
    /// the rotary tables.
    pub fn step_buffers(&self) -> Vec<Buffer> {
        let table = (self.seq * self.head_dim) as u64 * F32;
        vec![
            Buffer::new("input ids [b, t]", self.tokens() * INT),
            Buffer::new("rope cos [t, dh]", table),
            Buffer::new("rope sin [t, dh]", table),
        ]
    }

    /// What one decoder layer's autodiff graph keeps for backward, besides its input (the
    /// layer's output is counted instead: it is the next layer's input). Read from Burn 0.22's
    /// autodiff: which ops keep which operand, and which reshapes copy.
    pub fn layer_buffers(&self) -> Vec<Buffer> {
        let n = self.tokens();
        let (d, f) = (self.hidden as u64, self.intermediate as u64);
        let q = (self.heads * self.head_dim) as u64;
        let kv = (self.kv_heads * self.head_dim) as u64;
        let rows = (self.batch * self.heads * self.seq) as u64; // [b, h, t, *]
        let scores = rows * self.seq as u64;
        // Activations in the run's type; statistics and softmax in float32.
        let (a, half) = (self.act(), self.half());
        let acts = |name, elements: u64| Buffer::new(name, elements * a);
        let f32s = |name, elements: u64| Buffer::new(name, elements * F32);
        let kept = |buffer: Buffer, targets: &[Target]| self.keeps_input(targets).then_some(buffer);
        // Burn's RMSNorm keeps `x / rms` for the norm weight's gradient only.
        let norm_trained = |buffer: Buffer| self.lora.is_none().then_some(buffer);
        // In half precision the norm takes its input to float32 first, and keeps that copy.
        let norm_input = |name| half.then(|| f32s(name, n * d).burn_only());
        use Target::*;
        let mut buffers: Vec<Buffer> = vec![
            f32s("input_layernorm: mean(x^2) + eps [b, t, 1]", n).burn_only(),
            f32s("input_layernorm: rms [b, t, 1]", n).burn_only(),
        ];
        buffers.extend(norm_input("input_layernorm: input in float32 [b, t, d]"));
        buffers.extend(norm_trained(
            acts("input_layernorm: x / rms [b, t, d]", n * d).burn_only(),
        ));
        // The fused backward normalizes the residual again for the projections' gradients.
        buffers.extend(kept(
            acts("input_layernorm: output, q/k/v_proj input [b, t, d]", n * d).burn_only(),
            &[QProj, KProj, VProj],
        ));
        buffers.extend([
            acts("q with rope, contiguous for QK^T [b, h, t, dh]", n * q),
            acts("k with rope, rotated in place [b, t, kv*dh]", n * kv),
            acts("v [b, t, kv*dh]", n * kv),
            Buffer::new(
                "causal mask, bool [t, t]",
                (self.seq * self.seq) as u64 * BOOL,
            )
            .burn_only(),
            f32s("softmax: scores - max [b, h, t, t]", scores).burn_only(),
            f32s("softmax: exp [b, h, t, t]", scores).burn_only(),
            f32s("softmax: sum [b, h, t, 1]", rows).burn_only(),
        ]);
        // The probabilities, kept for `probs v`: in half precision rounded from float32 (the
        // float32 ones are then kept by nothing).
        buffers.push(acts("softmax: probabilities [b, h, t, t]", scores).burn_only());
        buffers.extend([
            acts("attention output [b, h, t, dh]", n * q).fused_only(),
            f32s("attention log-sum-exp [b, h, t]", rows).fused_only(),
        ]);
        // The fused backward lays the heads out again for o_proj's gradients (see InputOf).
        buffers.extend(kept(
            acts("context, contiguous for o_proj [b, t, h*dh]", n * q).burn_only(),
            &[OProj],
        ));
        buffers.extend([
            f32s("post_attention_layernorm: mean(x^2) + eps [b, t, 1]", n).burn_only(),
            f32s("post_attention_layernorm: rms [b, t, 1]", n).burn_only(),
        ]);
        // The norm keeps its input: the residual itself, or (Burn's ops in half precision) its
        // float32 copy.
        buffers.push(match half && !self.fused {
            true => f32s(
                "post_attention_layernorm: input in float32 [b, t, d]",
                n * d,
            ),
            false => acts("residual after attention [b, t, d]", n * d),
        });
        buffers.extend(norm_trained(
            acts("post_attention_layernorm: x / rms [b, t, d]", n * d).burn_only(),
        ));
        buffers.extend(kept(
            acts(
                "post_attention_layernorm: output, gate/up_proj input [b, t, d]",
                n * d,
            )
            .burn_only(),
            &[GateProj, UpProj],
        ));
        buffers.extend([
            acts("gate_proj output [b, t, f]", n * f),
            acts("sigmoid(gate) [b, t, f]", n * f).burn_only(),
            acts("silu(gate) [b, t, f]", n * f).burn_only(),
            acts("up_proj output [b, t, f]", n * f),
        ]);
        // The fused backward rebuilds it from gate and up for down_proj's gradients.
        buffers.extend(kept(
            acts("silu(gate) * up, down_proj input [b, t, f]", n * f).burn_only(),
            &[DownProj],
        ));
        if let Some(lora) = &self.lora {
            // `x A`, the input of `B`, for `B`'s gradient: one per adapter.
            let r = lora.rank as u64;
            buffers
                .extend((lora.targets.iter()).map(|_| acts("an adapter's x A [b, t, r]", n * r)));
        }
        if half {
            // Trained weights are float32 masters: the graph keeps each one's cast for its
            // input's gradient.
            buffers.push(match self.lora {
                None => acts(
                    "the layer's weights in the activations' type",
                    self.layer_params(),
                ),
                Some(_) => acts(
                    "the layer's adapters in the activations' type",
                    self.layer_adapter_params() as u64,
                ),
            });
        }
        buffers.push(acts("layer output, next layer's input [b, t, d]", n * d));
        self.drop_fused_intermediates(&mut buffers);
        buffers
    }

    /// Keeps the buffers of the kernels in use. The fused kernels keep none of Burn's
    /// intermediates (RMSNorm's `mean(x^2) + eps`, `rms` and `x / rms`; SwiGLU's
    /// `sigmoid(gate)` and `silu(gate)`; attention's `t x t` scores; the inputs of every
    /// projection): their backward recomputes them from the inputs (attention's from its output
    /// and log-sum-exp too; the projections' from the residual, the heads, and gate and up).
    fn drop_fused_intermediates(&self, buffers: &mut Vec<Buffer>) {
        let dropped = if self.fused {
            KeptBy::Reference
        } else {
            KeptBy::Fused
        };
        buffers.retain(|b| b.kept_by != dropped);
    }

    /// Bytes a Keep layer's graph holds besides its input.
    pub fn layer_activations(&self) -> u64 {
        self.layer_buffers().iter().map(|b| b.bytes).sum()
    }

    /// What the final norm, LM head and loss keep until their backward (h_L aside).
    pub fn loss_buffers(&self) -> Vec<Buffer> {
        let n = self.tokens();
        let d = self.hidden as u64;
        let v = self.vocab as u64;
        let targets = (self.batch * (self.seq - 1)) as u64;
        let head_trained = self.lora.is_none();
        let (a, half) = (self.act(), self.half());
        if self.fused {
            // The chunked cross-entropy keeps the gradients it computed (in the activations'
            // type) and no logits; its chunks live and die inside the operation. A frozen head
            // gets no gradient.
            let mut buffers = vec![Buffer::new(
                "fused loss: gradient of the norm's output [b*(t-1), d]",
                targets * d * a,
            )];
            buffers.extend(head_trained.then(|| {
                Buffer::new(
                    "fused loss: gradient of the head's weight [d, vocab]",
                    d * v * a,
                )
            }));
            return buffers;
        }
        // logits[:, :-1] is a view when its rows are aligned, and for one sequence the reshape
        // keeps it a view, so log_softmax's in-place subtraction keeps the whole logits buffer.
        // In half precision the loss takes its logits to float32 first: a new buffer.
        let shifted = if !half && self.batch == 1 && (v * F32).is_multiple_of(ALIGN) {
            n * v
        } else {
            targets * v
        };
        let mut buffers = vec![
            Buffer::new("norm: mean(x^2) + eps [b, t, 1]", n * F32).burn_only(),
            Buffer::new("norm: rms [b, t, 1]", n * F32).burn_only(),
        ];
        if half {
            buffers.push(Buffer::new("norm: input in float32 [b, t, d]", n * d * F32).burn_only());
        }
        if head_trained {
            buffers.extend([
                Buffer::new("norm: x / rms [b, t, d]", n * d * a).burn_only(),
                Buffer::new("norm: output, lm_head input [b, t, d]", n * d * a),
            ]);
        }
        if head_trained && half {
            buffers.push(Buffer::new(
                "the head's weight in the activations' type [d, vocab]",
                d * v * a,
            ));
        }
        buffers.extend([
            Buffer::new("log_softmax: logits - max [b*(t-1), vocab]", shifted * F32),
            Buffer::new("log_softmax: sum [b*(t-1), 1]", targets * F32),
            Buffer::new("targets, int [b*(t-1), 1]", targets * INT),
            Buffer::new("ignored targets, bool [b*(t-1), 1]", targets * BOOL),
        ]);
        self.drop_fused_intermediates(&mut buffers);
        buffers
    }

    /// Host bytes `plan` holds for offloaded layer inputs.
    pub fn host_bytes(&self, plan: &Plan) -> u64 {
        plan.layers
            .iter()
            .filter(|&&p| p == Policy::Offload)
            .count() as u64
            * self.hidden_bytes()
    }

    /// FLOPs of one decoder layer's forward (matmuls, and the attention's two products over
    /// the query-key pairs it scores).
    pub fn layer_forward_flops(&self) -> f64 {
        let n = self.tokens() as f64;
        let (d, f) = (self.hidden as f64, self.intermediate as f64);
        let q = (self.heads * self.head_dim) as f64;
        let kv = (self.kv_heads * self.head_dim) as f64;
        let projections = 2.0 * n * d * (2.0 * q + 2.0 * kv + 3.0 * f);
        let attention =
            4.0 * (self.batch * self.heads * self.head_dim) as f64 * self.scored_pairs();
        projections + attention
    }

    /// Query-key pairs one head scores: Burn's ops every `t x t` one, masked or not; the fused
    /// kernel, a block of `UNITS` queries at a time, the keys up to the block's last query (about
    /// half, the causal ones and the rest of the diagonal blocks).
    fn scored_pairs(&self) -> f64 {
        let t = self.seq;
        if !self.fused {
            return (t * t) as f64;
        }
        let units = crate::kernels::attention_cube::UNITS;
        (0..t.div_ceil(units))
            .map(|block| {
                let first = block * units;
                (units.min(t - first) * (first + units).min(t)) as f64
            })
            .sum()
    }

    /// FLOPs of the LM head's forward.
    pub fn head_forward_flops(&self) -> f64 {
        2.0 * self.tokens() as f64 * (self.hidden * self.vocab) as f64
    }

    /// The predicted peak of one training step under `plan`, scheduled with this model's
    /// [`ScheduleOptions`], with what makes it up.
    pub fn peak(&self, plan: &Plan) -> Peak {
        self.predict(&Schedule::compile(plan, self.schedule)).peak
    }

    /// The bytes in use at each of `schedule`'s samples, and the peak: a fold over the same
    /// ops the executor runs.
    pub fn predict(&self, schedule: &Schedule) -> Prediction {
        assert_eq!(schedule.plan().len(), self.layers, "plan length");
        let h = self.hidden_bytes();
        let layer = self.layer_activations();
        let constants = self.weights()
            + self.optimizer_state()
            + self.step_buffers().iter().map(|b| b.bytes).sum::<u64>();
        let segments = schedule.segments();
        let graph = |s: usize| segments[s].1 == Policy::Keep;
        // Bytes on the device: what each segment saved for backward, each copy in flight, the
        // hidden state no graph holds, the working set of the op running, dh, the gradients.
        let mut saved = vec![0u64; segments.len()];
        let mut in_flight = vec![0u64; segments.len()];
        let (mut current, mut working, mut dh, mut gradients) = (0u64, 0u64, 0u64, 0u64);
        let mut open = 0; // the segment running forward
        let mut prediction = Prediction {
            points: Vec::new(),
            peak: Peak {
                weights: self.weights(),
                optimizer: self.optimizer_state(),
                gradients: 0,
                saved: 0,
                working: 0,
                place: Point::Embedding,
            },
        };
        for op in schedule.ops() {
            match *op {
                Op::Embed => current = h,
                // A Keep segment's leaf and a held input are the hidden state itself.
                Op::Open(s) => {
                    open = s;
                    saved[s] = h;
                    current = 0;
                }
                Op::Forward(_) if graph(open) => saved[open] += layer, // its output included
                Op::Forward(_) => current = h,
                Op::Close(_) => {}
                Op::Offload(s) => in_flight[s] = std::mem::take(&mut saved[s]),
                Op::Settle(s) => in_flight[s] = 0,
                Op::Loss => working = self.loss_buffers().iter().map(|b| b.bytes).sum(),
                Op::LossBackward => {
                    working = 0;
                    dh = h;
                    gradients += self.head_gradients();
                }
                Op::Prefetch(s) => saved[s] = h,
                Op::Recompute(s) => {
                    saved[s] = 0;
                    working = h + layer * segments[s].0.len() as u64;
                }
                Op::Backward(s) => {
                    saved[s] = 0;
                    working = 0;
                    gradients += self.layer_gradients() * segments[s].0.len() as u64;
                    // From here h_L's leaf is held on its own, if a Keep graph shared it.
                    current = h;
                }
                Op::EmbeddingBackward => {
                    if !self.tied {
                        gradients += self.embedding_gradients();
                    }
                }
                Op::Sample(point) => {
                    let held: u64 = saved.iter().sum();
                    let other = current + in_flight.iter().sum::<u64>() + working + dh;
                    let total = constants + held + other + gradients;
                    prediction.points.push((point, total));
                    let peak = &mut prediction.peak;
                    if total > peak.total() {
                        *peak = Peak {
                            saved: held,
                            working: other + constants - peak.weights - peak.optimizer,
                            gradients,
                            place: point,
                            ..*peak
                        };
                    }
                }
            }
        }
        prediction
    }

    /// The lowest peak any plan reaches: offload holds the least on the device, and keeping
    /// the last layers can lower the peak of their backward (no recomputation).
    pub fn smallest_peak(&self) -> u64 {
        (0..=self.layers)
            .map(|keep| {
                let mut layers = vec![Policy::Offload; self.layers - keep];
                layers.extend(std::iter::repeat_n(Policy::Keep, keep));
                self.peak(&Plan { layers }).total()
            })
            .min()
            .unwrap_or(0)
    }

    /// The largest single buffer of a step: the one tensor a device must allocate whole (a
    /// weight, its gradient and AdamW moments, an activation, the logits or a chunk of them).
    pub fn largest_buffer(&self) -> Buffer {
        let (n, d, f, v) = (
            self.tokens(),
            self.hidden as u64,
            self.intermediate as u64,
            self.vocab as u64,
        );
        let q = (self.heads * self.head_dim) as u64;
        let targets = self.batch * self.seq.saturating_sub(1);
        let mut buffers = self.layer_buffers();
        buffers.extend(self.loss_buffers());
        buffers.extend(self.step_buffers());
        buffers.extend([
            Buffer::new("embedding table (and its gradient) [vocab, d]", v * d * F32),
            Buffer::new("a gate/up/down_proj weight [f, d]", f * d * F32),
            Buffer::new("a q/o_proj weight [h*dh, d]", q * d * F32),
        ]);
        buffers.push(if self.fused {
            let rows = chunk_rows(targets, self.hidden, self.vocab) as u64;
            Buffer::new(
                "fused loss: a chunk's logits [rows, vocab]",
                rows * v * self.act(),
            )
        } else {
            Buffer::new("logits [b, t, vocab]", n * v * F32)
        });
        buffers
            .into_iter()
            .max_by_key(|b| b.bytes)
            .expect("buffers")
    }

    /// What would make a step fit `budget` bytes: the largest batch, and the longest sequence,
    /// at which the smallest plan fits.
    pub fn what_fits(&self, budget: u64) -> String {
        let ways = self.smaller_shapes(|m| m.smallest_peak() <= budget);
        if ways.is_empty() {
            "the weights and optimizer state alone do not fit: use a smaller model or a larger budget".into()
        } else {
            format!("it fits with {ways} (and `plan` offload or auto)")
        }
    }

    /// What would make the step's largest buffer fit `limit` bytes.
    pub fn what_fits_one_buffer(&self, limit: u64) -> String {
        let ways = self.smaller_shapes(|m| m.largest_buffer().bytes <= limit);
        if ways.is_empty() {
            "the model's weights alone do not fit: use a smaller model".into()
        } else {
            format!("it fits with {ways}")
        }
    }

    /// The largest batch, and the longest sequence (a multiple of 64), below this step's at
    /// which `fits` holds, as "`batch` B or `seq` T"; empty when neither does.
    fn smaller_shapes(&self, fits: impl Fn(&Self) -> bool) -> String {
        // What `fits` measures grows with the batch and the sequence: bisect for the largest.
        let largest = |below: usize, fits: &dyn Fn(usize) -> bool| {
            let (mut lo, mut hi) = (0, below.saturating_sub(1));
            while lo < hi {
                let mid = (lo + hi).div_ceil(2);
                if fits(mid) { lo = mid } else { hi = mid - 1 }
            }
            Some(lo).filter(|&k| k > 0 && fits(k))
        };
        let batch = largest(self.batch, &|b| fits(&self.with_shape(b, self.seq)));
        let seq = largest(self.seq.div_ceil(64), &|k| {
            fits(&self.with_shape(self.batch, k * 64))
        })
        .map(|k| k * 64);
        let mut ways = Vec::new();
        if let Some(b) = batch {
            ways.push(format!("`batch` {b}"));
        }
        if let Some(t) = seq {
            ways.push(format!("`seq` {t}"));
        }
        ways.join(" or ")
    }
}

/// A predicted peak and its parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Peak {
    pub weights: u64,
    pub optimizer: u64,
    /// Parameter gradients held at the peak.
    pub gradients: u64,
    /// Activations the plan saved for backward, held at the peak.
    pub saved: u64,
    /// Everything else at the peak: the working set of the layer or loss running, the hidden
    /// states passed between them, token ids and rotary tables.
    pub working: u64,
    /// Where in the step the peak falls.
    pub place: Point,
}

/// What [`MemoryModel::predict`] gives: bytes in use at each sample of a schedule, in order,
/// and the peak among them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prediction {
    pub points: Vec<(Point, u64)>,
    pub peak: Peak,
}

impl Peak {
    pub fn total(&self) -> u64 {
        self.weights + self.optimizer + self.gradients + self.saved + self.working
    }
}

impl fmt::Display for Peak {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "weights {} + optimizer {} + gradients {} + saved {} + working {}, at {}",
            gib(self.weights),
            gib(self.optimizer),
            gib(self.gradients),
            gib(self.saved),
            gib(self.working),
            self.place
        )
    }
}

/// Bytes as MiB or GiB, for messages.
pub fn gib(bytes: u64) -> String {
    let mib = bytes as f64 / (1u64 << 20) as f64;
    if mib >= 1024.0 {
        format!("{:.2} GiB", mib / 1024.0)
    } else {
        format!("{mib:.1} MiB")
    }
}
