//! Forward and backward of one batch, following a [`Plan`].
//!
//! ```text
//! tokens --embed--> h0 --layer 0--> h1 ... --layer L-1--> hL --norm, head, loss--> loss
//! ```
//!
//! Forward: a run of Keep layers is one autodiff segment from a leaf `h_i`; a Recompute layer runs
//! without autodiff and keeps only `h_i` on the device; an Offload layer does the same but sends
//! `h_i` to host memory. The loss runs with autodiff on a leaf `h_L`, giving `dh_L`.
//!
//! Backward, last segment first: bring `h_i` back (the upload of the next offloaded input starts
//! before this segment's backward runs), re-run the segment with autodiff from a leaf, take the
//! vector-Jacobian product `(y * dh_{i+1}).sum().backward()`, read `dh_i` and the parameter
//! gradients, drop the segment's graph. Last, the embedding's gradient from `dh_0`.

use std::ops::Range;

use burn::module::{Module, ModuleVisitor, Param};
use burn::optim::GradientsParams;
use burn::prelude::*;

use super::memory::{MemoryReport, MemoryTracker};
use super::offload::{HostStash, Transfer};
use super::policy::{Plan, Policy};
use crate::error::{Error, Result};
use crate::model::layer::DecoderLayer;
use crate::model::llama::Llama;
use crate::model::rope::RopeTables;
use crate::train::batch::Batch;

/// What one checkpointed forward and backward pass gives.
pub struct StepOutput {
    pub loss: f32,
    pub grads: GradientsParams,
    pub memory: MemoryReport,
}

/// What forward left for a segment's backward (one per segment, so size does not matter).
#[allow(clippy::large_enum_variant)]
enum Saved {
    /// A Keep segment: its input leaf and its output, with the autodiff graph between them.
    Graph { input: Tensor<3>, output: Tensor<3> },
    /// A Recompute layer's input, on the device, without autodiff.
    Device(Tensor<3>),
    /// An Offload layer's input, on its way to or in host memory.
    Host(Transfer),
    /// An Offload layer's input, uploaded back ahead of its backward.
    Prefetched(Tensor<3>),
}

/// Runs `layers` on `h`, each with the same rotary tables, sampling memory after each.
fn run(
    layers: &[DecoderLayer],
    mut h: Tensor<3>,
    rope: &RopeTables,
    tracker: &mut MemoryTracker,
) -> Tensor<3> {
    for layer in layers {
        h = layer.forward(h, rope);
        if layers.len() > 1 {
            tracker.sample();
        }
    }
    h
}

/// Forward and backward of `batch` through `model` (on an autodiff device) as `plan` says.
///
/// `stash` holds host copies of offloaded inputs and is meant to be reused across steps;
/// `tracker` samples device memory after every layer's forward and every segment's backward.
pub fn forward_backward(
    model: &Llama,
    batch: &Batch,
    plan: &Plan,
    stash: &mut HostStash,
    tracker: &mut MemoryTracker,
) -> Result<StepOutput> {
    if plan.len() != model.layers.len() {
        return Err(Error::input(
            "--policy",
            format!(
                "plan `{plan}` has {} layers, the model has {}",
                plan.len(),
                model.layers.len()
            ),
        ));
    }
    let device = model.embed_tokens.weight.device();
    let inner = device.clone().inner();
    let rope = model.rope_tables(0, batch.seq, &inner);

    // h_0 without a graph: the embedding is looked up again for its backward, so that h_0 is
    // held only as the plan says (an offloaded h_0 leaves the device).
    let tokens = batch.input_ids(&device);
    let mut h = model.embed(tokens.clone()).inner();

    let segments = plan.segments();
    let mut saved: Vec<Saved> = Vec::with_capacity(segments.len());
    // An offload still copying; it is finished at the next boundary, once the next layer's
    // work is queued behind the copy.
    let mut in_flight: Option<usize> = None;
    for (range, policy) in &segments {
        let layers = &model.layers[range.clone()];
        let next = match policy {
            Policy::Keep => {
                let input = h.autodiff().require_grad();
                let output = run(layers, input.clone(), &rope, tracker);
                let next = output.clone().inner();
                saved.push(Saved::Graph { input, output });
                next
            }
            Policy::Recompute | Policy::Offload => {
                // No graph: parameters without autodiff, and an input that requires no gradient.
                // The input stays an autodiff tensor so every op runs the same implementation as
                // in backward's re-run (Burn's autodiff composes some ops, e.g. softmax, from
                // primitives, where a backend may have its own kernel): the recomputed
                // activations are then bit-identical to the ones forward used.
                let inner_layers: Vec<DecoderLayer> = layers.iter().map(|l| l.valid()).collect();
                let next = run(&inner_layers, h.clone().autodiff(), &rope, tracker).inner();
                saved.push(if *policy == Policy::Offload {
                    Saved::Host(stash.start(h))
                } else {
                    Saved::Device(h)
                });
                next
            }
        };
        if let Some(i) = in_flight.take()
            && let Saved::Host(transfer) = &mut saved[i]
        {
            stash.finish(transfer)?;
        }
        if *policy == Policy::Offload {
            in_flight = Some(saved.len() - 1);
        }
        h = next;
        tracker.sample();
    }
    if let Some(i) = in_flight
        && let Saved::Host(transfer) = &mut saved[i]
    {
        stash.finish(transfer)?;
    }
    tracker.end_of_forward();

    // Loss on a leaf h_L: its backward gives dh_L and the head's gradients.
    let last = h.autodiff().require_grad();
    let loss = model.loss(last.clone(), batch.labels(&device), batch.num_targets());
    tracker.sample();
    let loss_value = loss.clone().inner().into_scalar::<f32>();
    let mut grads = GradientsParams::new();
    let mut gradients = loss.backward();
    let mut dy = last
        .grad(&gradients)
        .expect("the loss depends on the last hidden state");
    tracker.gradient_bytes += accumulate(
        &mut grads,
        GradientsParams::from_module(&mut gradients, model),
        model,
    );
    drop(gradients);
    drop(loss);
    tracker.sample();

    for index in (0..segments.len()).rev() {
        let (range, _) = &segments[index];
        let layers = &model.layers[range.clone()];
        let segment = saved.pop().expect("one saved entry per segment");
        // Start bringing the previous segment's offloaded input back before this backward runs.
        if let Some(Saved::Host(_)) = saved.last() {
            let Some(Saved::Host(transfer)) = saved.pop() else {
                unreachable!()
            };
            saved.push(Saved::Prefetched(stash.restore(transfer, &inner)?));
        }
        let (input, output) = match segment {
            Saved::Graph { input, output } => (input, output),
            Saved::Device(x) | Saved::Prefetched(x) => recompute(layers, x, &rope, tracker),
            Saved::Host(transfer) => {
                recompute(layers, stash.restore(transfer, &inner)?, &rope, tracker)
            }
        };
        let (dx, added) = vjp(input, output, dy, &mut grads, layers, range)?;
        tracker.gradient_bytes += added;
        dy = dx;
        tracker.sample();
    }

    // The embedding's gradient from dh_0 (added to the head's when they are tied).
    let mut gradients = (model.embed(tokens) * dy).sum().backward();
    tracker.gradient_bytes += accumulate(
        &mut grads,
        GradientsParams::from_module(&mut gradients, &model.embed_tokens),
        &model.embed_tokens,
    );
    tracker.sample();
    Ok(StepOutput {
        loss: loss_value,
        grads,
        memory: tracker.report(),
    })
}

/// Re-runs `layers` with autodiff from a leaf made of their saved input.
fn recompute(
    layers: &[DecoderLayer],
    x: Tensor<3>,
    rope: &RopeTables,
    tracker: &mut MemoryTracker,
) -> (Tensor<3>, Tensor<3>) {
    let input = x.autodiff().require_grad();
    let output = run(layers, input.clone(), rope, tracker);
    // The layer's activations are all alive now, before its backward frees them.
    tracker.sample();
    (input, output)
}

/// Backpropagates `dy` through a segment: adds its parameter gradients to `grads` and returns
/// the gradient of its input, and the bytes of gradients added.
fn vjp(
    input: Tensor<3>,
    output: Tensor<3>,
    dy: Tensor<3>,
    grads: &mut GradientsParams,
    layers: &[DecoderLayer],
    range: &Range<usize>,
) -> Result<(Tensor<3>, u64)> {
    let mut gradients = (output * dy).sum().backward();
    let dx = input.grad(&gradients).ok_or_else(|| {
        Error::input(
            format!("layers {range:?}"),
            "no gradient reached the segment input",
        )
    })?;
    let added = layers
        .iter()
        .map(|layer| {
            accumulate(
                grads,
                GradientsParams::from_module(&mut gradients, layer),
                layer,
            )
        })
        .sum();
    Ok((dx, added))
}

/// Adds the gradients in `src` to `acc`, summing where a parameter already has one (tied
/// embeddings get one from the head and one from the embedding; accumulation over
/// micro-batches adds whole steps).
///
/// Returns the bytes of gradients `acc` holds that it did not hold before.
pub fn accumulate<M: Module>(
    acc: &mut GradientsParams,
    mut src: GradientsParams,
    module: &M,
) -> u64 {
    struct Add<'a> {
        acc: &'a mut GradientsParams,
        src: &'a mut GradientsParams,
        added: u64,
    }
    impl ModuleVisitor for Add<'_> {
        fn visit_float<const D: usize>(&mut self, param: &Param<Tensor<D>>) {
            if let Some(grad) = self.src.remove::<D>(param.id) {
                let sum = match self.acc.remove::<D>(param.id) {
                    Some(previous) => previous + grad,
                    None => {
                        self.added += (grad.shape().num_elements() * grad.dtype().size()) as u64;
                        grad
                    }
                };
                self.acc.register::<D>(param.id, sum);
            }
        }
    }
    let mut add = Add {
        acc,
        src: &mut src,
        added: 0,
    };
    module.visit(&mut add);
    add.added
}
