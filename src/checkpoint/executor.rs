//! Forward and backward of one batch: an interpreter of a [`Schedule`].
//!
//! ```text
//! tokens --embed--> h0 --layer 0--> h1 ... --layer L-1--> hL --norm, head, loss--> loss
//! ```
//!
//! Forward: a run of Keep layers is one autodiff segment from a leaf `h_i`; a Recompute layer runs
//! without autodiff and keeps only `h_i` on the device; an Offload layer does the same but sends
//! `h_i` to host memory. The loss runs with autodiff on a leaf `h_L`, giving `dh_L`.
//!
//! Backward, last segment first: bring `h_i` back, re-run the segment with autodiff from a leaf,
//! take the vector-Jacobian product `(y * dh_{i+1}).sum().backward()`, read `dh_i` and the
//! parameter gradients, drop the segment's graph. Last, the embedding's gradient from `dh_0`.
//!
//! The step is async: it awaits host copies and memory samples, and reads nothing else (the
//! loss comes back as a tensor), so it runs where blocking is not allowed (a browser).

use burn::module::Module;
use burn::optim::GradientsParams;
use burn::prelude::*;

use super::memory::{MemoryProbe, MemoryReport, MemoryTracker};
use super::offload::{HostStash, Transfer};
use super::policy::Policy;
use super::schedule::{Op, Schedule};
use crate::batch::Batch;
use crate::error::{Error, Result};
use crate::grads::accumulate;
use crate::model::llama::Llama;

/// What one checkpointed forward and backward pass gives.
pub struct StepOutput {
    /// The loss, `[1]`, on the device without autodiff: read it with the step's other figures.
    pub loss: Tensor<1>,
    pub grads: GradientsParams,
    pub memory: MemoryReport,
}

/// Runs steps of one schedule, keeping the host buffers of offloaded inputs from step to step.
pub struct Executor {
    schedule: Schedule,
    stash: HostStash,
}

/// What forward left for a segment's backward (one per segment, so size does not matter).
#[allow(clippy::large_enum_variant)]
enum Saved {
    /// A segment's input leaf and its output, with the autodiff graph between them.
    Graph { input: Tensor<3>, output: Tensor<3> },
    /// A segment's input on the device, without autodiff.
    Device(Tensor<3>),
    /// A segment's input, on its way to or in host memory.
    Host(Transfer),
}

/// The segment running forward: its input, and where the forward has got to.
struct Open {
    /// The leaf (Keep) or the input without a graph (the others).
    input: Tensor<3>,
    running: Tensor<3>,
    graph: bool,
}

impl Executor {
    pub fn new(schedule: Schedule) -> Self {
        Self {
            schedule,
            stash: HostStash::new(),
        }
    }

    pub fn schedule(&self) -> &Schedule {
        &self.schedule
    }

    /// Bytes of host memory held for offloaded activations.
    pub fn host_bytes(&self) -> usize {
        self.stash.host_bytes()
    }

    /// Forward and backward of `batch` through `model` (on an autodiff device) as the schedule
    /// says, sampling device memory at its sample points if given a `probe`.
    pub async fn step(
        &mut self,
        model: &Llama,
        batch: &Batch,
        probe: Option<MemoryProbe>,
    ) -> Result<StepOutput> {
        let Self { schedule, stash } = self;
        let plan = schedule.plan();
        if plan.len() != model.layers.len() {
            return Err(Error::input(
                "plan",
                format!(
                    "`{plan}` has {} layers, the model has {}",
                    plan.len(),
                    model.layers.len()
                ),
            ));
        }
        let device = model.embed_tokens.weight.device();
        let inner = device.clone().inner();
        let pass = model.pass(0, batch.seq, &inner);
        let tokens = batch.input_ids(&device);
        let mut tracker = MemoryTracker::start(&device, probe).await?;
        let broken = |what: &str| Error::input("schedule", what.to_string());

        let mut saved: Vec<Option<Saved>> = schedule.segments().iter().map(|_| None).collect();
        let mut h: Option<Tensor<3>> = None; // the hidden state between segments, no graph
        let mut open: Option<Open> = None;
        let (mut last, mut loss, mut loss_value) = (None, None, None);
        let mut dh: Option<Tensor<3>> = None;
        let mut grads = GradientsParams::new();
        for op in schedule.ops() {
            match *op {
                // h_0 without a graph: the embedding is looked up again for its backward, so
                // that h_0 is held only as the plan says (an offloaded h_0 leaves the device).
                Op::Embed => h = Some(model.embed(tokens.clone()).inner()),
                Op::Open(s) => {
                    let x = h
                        .take()
                        .ok_or_else(|| broken("a segment opens with no input"))?;
                    open = Some(if schedule.segment(s).1 == Policy::Keep {
                        let input = x.autodiff().require_grad();
                        Open {
                            running: input.clone(),
                            input,
                            graph: true,
                        }
                    } else {
                        // No graph: parameters without autodiff, and an input that requires
                        // no gradient. The input stays an autodiff tensor so every op runs the
                        // same implementation as in backward's re-run (Burn's autodiff
                        // composes some ops, e.g. softmax, from primitives, where a backend
                        // may have its own kernel): the recomputed activations are then
                        // bit-identical to the ones forward used.
                        Open {
                            running: x.clone().autodiff(),
                            input: x,
                            graph: false,
                        }
                    });
                }
                Op::Forward(i) => {
                    let o = open
                        .as_mut()
                        .ok_or_else(|| broken("a layer runs outside a segment"))?;
                    let layer = &model.layers[i];
                    let x = o.running.clone();
                    o.running = if o.graph {
                        layer.forward(x, &pass)
                    } else {
                        layer.valid().forward(x, &pass)
                    };
                }
                Op::Close(s) => {
                    let o = open
                        .take()
                        .ok_or_else(|| broken("a segment closes unopened"))?;
                    h = Some(o.running.clone().inner());
                    saved[s] = Some(if o.graph {
                        Saved::Graph {
                            input: o.input,
                            output: o.running,
                        }
                    } else {
                        Saved::Device(o.input)
                    });
                }
                Op::Offload(s) => match saved[s].take() {
                    Some(Saved::Device(x)) => saved[s] = Some(Saved::Host(stash.start(x))),
                    _ => return Err(broken("an offload of an input not held")),
                },
                Op::Settle(s) => {
                    if let Some(Saved::Host(transfer)) = &mut saved[s] {
                        stash.settle(transfer).await?;
                    }
                }
                // Loss on a leaf h_L: its backward gives dh_L and the head's gradients.
                Op::Loss => {
                    let x = h
                        .take()
                        .ok_or_else(|| broken("the loss runs before forward"))?;
                    let leaf = x.autodiff().require_grad();
                    loss =
                        Some(model.loss(leaf.clone(), batch.labels(&device), batch.num_targets()));
                    last = Some(leaf);
                }
                Op::LossBackward => {
                    let (Some(value), Some(leaf)) = (loss.take(), &last) else {
                        return Err(broken("the loss's backward runs before the loss"));
                    };
                    loss_value = Some(value.clone().inner());
                    let mut gradients = value.backward();
                    dh = Some(
                        leaf.grad(&gradients)
                            .expect("the loss depends on the last hidden state"),
                    );
                    tracker.gradient_bytes += accumulate(
                        &mut grads,
                        GradientsParams::from_module(&mut gradients, model),
                        model,
                    );
                }
                Op::Prefetch(s) => {
                    if let Some(Saved::Host(transfer)) = saved[s].take() {
                        saved[s] = Some(Saved::Device(stash.restore(transfer, &inner).await?));
                    }
                }
                Op::Recompute(s) => {
                    let x = match saved[s].take() {
                        Some(Saved::Device(x)) => x,
                        Some(Saved::Host(transfer)) => stash.restore(transfer, &inner).await?,
                        _ => return Err(broken("a recompute of a segment with no input")),
                    };
                    let input = x.autodiff().require_grad();
                    let mut output = input.clone();
                    for layer in &model.layers[schedule.segment(s).0] {
                        output = layer.forward(output, &pass);
                    }
                    saved[s] = Some(Saved::Graph { input, output });
                }
                Op::Backward(s) => {
                    let (Some(Saved::Graph { input, output }), Some(dy)) =
                        (saved[s].take(), dh.take())
                    else {
                        return Err(broken("a backward of a segment with no graph"));
                    };
                    let (range, _) = schedule.segment(s);
                    let mut gradients = (output * dy).sum().backward();
                    dh = Some(input.grad(&gradients).ok_or_else(|| {
                        Error::input(
                            format!("layers {range:?}"),
                            "no gradient reached the segment input",
                        )
                    })?);
                    for layer in &model.layers[range] {
                        let layer_grads = GradientsParams::from_module(&mut gradients, layer);
                        tracker.gradient_bytes += accumulate(&mut grads, layer_grads, layer);
                    }
                }
                // The embedding's gradient from dh_0 (added to the head's when they are tied);
                // none for a frozen embedding (LoRA).
                Op::EmbeddingBackward => {
                    let dy = dh
                        .take()
                        .ok_or_else(|| broken("the embedding's backward runs early"))?;
                    if !model.embed_tokens.weight.val().is_require_grad() {
                        continue;
                    }
                    let mut gradients = (model.embed(tokens.clone()) * dy).sum().backward();
                    let embedding = &model.embed_tokens;
                    let embedding_grads = GradientsParams::from_module(&mut gradients, embedding);
                    tracker.gradient_bytes += accumulate(&mut grads, embedding_grads, embedding);
                }
                Op::Sample(point) => tracker.sample(point).await?,
            }
        }
        let loss = loss_value.ok_or_else(|| broken("the step has no loss"))?;
        drop(last);
        if let Some(name) = crate::grads::missing(&grads, model) {
            return Err(Error::input(
                format!("parameter `{name}`"),
                format!("requires a gradient and the step (plan {plan}) computed none for it"),
            ));
        }
        Ok(StepOutput {
            loss,
            grads,
            memory: tracker.report(),
        })
    }
}
