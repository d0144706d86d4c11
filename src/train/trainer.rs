//! Optimizer steps: checkpointed forward and backward over micro-batches, gradient accumulation,
//! global-norm clipping, AdamW; and the eval loss.

use burn::module::{Module, ModuleVisitor, Param};
use burn::optim::GradientsParams;
use burn::prelude::*;

use super::batch::Batch;
use crate::checkpoint::executor::accumulate;
use crate::checkpoint::{HostStash, MemoryReport, MemoryTracker, Plan, forward_backward};
use crate::error::{Error, Result};
use crate::model::llama::Llama;
use burn::optim::ModuleOptimizer;

/// What one optimizer step gives.
#[derive(Debug, Clone, Copy)]
pub struct StepStats {
    /// Mean loss over the step's micro-batches.
    pub loss: f32,
    /// Global L2 norm of the gradients, before clipping.
    pub grad_norm: f32,
    /// Memory of the first micro-batch (zeros unless sampled).
    pub memory: MemoryReport,
}

/// A model, its optimizer and the plan it trains under.
pub struct Trainer {
    model: Option<Llama>,
    pub optimizer: ModuleOptimizer,
    pub plan: Plan,
    pub stash: HostStash,
    /// Clip the global gradient norm to this (HF's `max_grad_norm`), if set.
    pub max_grad_norm: Option<f32>,
}

impl Trainer {
    pub fn new(model: Llama, optimizer: ModuleOptimizer, plan: Plan) -> Self {
        Self {
            model: Some(model),
            optimizer,
            plan,
            stash: HostStash::new(),
            max_grad_norm: Some(1.0),
        }
    }

    pub fn model(&self) -> &Llama {
        self.model.as_ref().expect("a model between steps")
    }

    pub fn into_model(self) -> Llama {
        self.model.expect("a model between steps")
    }

    /// One optimizer step at learning rate `lr` over `micro_batches` (gradients averaged).
    /// With `sample_memory`, the first micro-batch samples device memory at every boundary.
    ///
    /// A non-finite loss or gradient is an error and leaves the model as it was.
    pub fn step(
        &mut self,
        micro_batches: &[Batch],
        lr: f64,
        sample_memory: bool,
    ) -> Result<StepStats> {
        let model = self.model.as_ref().expect("a model between steps");
        let device = model.embed_tokens.weight.device();
        let mut total: Option<GradientsParams> = None;
        let (mut loss, mut memory) = (0.0, MemoryReport::default());
        for (i, batch) in micro_batches.iter().enumerate() {
            let mut tracker = MemoryTracker::new(&device, sample_memory && i == 0);
            let out = forward_backward(model, batch, &self.plan, &mut self.stash, &mut tracker)?;
            if !out.loss.is_finite() {
                return Err(Error::non_finite(
                    "loss",
                    format!("is {} (micro-batch {i})", out.loss),
                ));
            }
            loss += out.loss / micro_batches.len() as f32;
            if i == 0 {
                memory = out.memory;
            }
            total = Some(match total {
                None => out.grads,
                Some(mut acc) => {
                    accumulate(&mut acc, out.grads, model);
                    acc
                }
            });
        }
        let mut grads = total.ok_or_else(|| Error::input("micro-batches", "none given"))?;
        let grad_norm = global_norm(&grads, model);
        if !grad_norm.is_finite() {
            return Err(Error::non_finite(
                "gradients",
                format!("their global norm is {grad_norm}: not applied"),
            ));
        }
        let mut factor = 1.0 / micro_batches.len() as f32;
        let mean_norm = grad_norm * factor;
        if let Some(max) = self.max_grad_norm
            && mean_norm > max
        {
            factor *= max / (mean_norm + 1e-6);
        }
        if factor != 1.0 {
            scale(&mut grads, model, factor);
        }
        let model = self.model.take().expect("a model between steps");
        self.model = Some(self.optimizer.step(lr, model, grads));
        Ok(StepStats {
            loss,
            grad_norm: mean_norm,
            memory,
        })
    }

    /// Mean loss over every target of `batches`, without gradients.
    /// The sum stays on the device: one read for the whole eval set.
    pub fn eval_loss(&self, batches: &[Batch]) -> Result<f32> {
        let model = self.model().valid();
        let device = model.embed_tokens.weight.device();
        let (mut sum, mut count): (Option<Tensor<1>>, usize) = (None, 0);
        for batch in batches {
            let hidden = model.hidden_states(batch.input_ids(&device));
            let n = batch.num_targets();
            let loss = model
                .loss(hidden, batch.labels(&device), n)
                .mul_scalar(n as f32);
            sum = Some(match sum {
                Some(sum) => sum + loss,
                None => loss,
            });
            count += n;
        }
        match sum {
            Some(sum) if count > 0 => Ok(sum.into_scalar::<f32>() / count as f32),
            _ => Err(Error::input("eval data", "no targets to evaluate")),
        }
    }
}

/// The L2 norm of every gradient of `module` in `grads` together (one device read): HF's
/// global-norm clipping, where Burn's `GradientClipping` clips each tensor on its own.
pub fn global_norm<M: Module>(grads: &GradientsParams, module: &M) -> f32 {
    struct SumSquares<'a> {
        grads: &'a GradientsParams,
        sum: Option<Tensor<1>>,
    }
    impl ModuleVisitor for SumSquares<'_> {
        fn visit_float<const D: usize>(&mut self, param: &Param<Tensor<D>>) {
            if let Some(g) = self.grads.get::<D>(param.id) {
                let s = g.square().sum();
                self.sum = Some(match self.sum.take() {
                    Some(acc) => acc + s,
                    None => s,
                });
            }
        }
    }
    let mut visitor = SumSquares { grads, sum: None };
    module.visit(&mut visitor);
    visitor.sum.map_or(0.0, |s| s.into_scalar::<f32>().sqrt())
}

/// Multiplies every gradient of `module` in `grads` by `factor`.
pub fn scale<M: Module>(grads: &mut GradientsParams, module: &M, factor: f32) {
    struct Scale<'a> {
        grads: &'a mut GradientsParams,
        factor: f32,
    }
    impl ModuleVisitor for Scale<'_> {
        fn visit_float<const D: usize>(&mut self, param: &Param<Tensor<D>>) {
            if let Some(g) = self.grads.remove::<D>(param.id) {
                self.grads
                    .register::<D>(param.id, g.mul_scalar(self.factor));
            }
        }
    }
    module.visit(&mut Scale { grads, factor });
}
