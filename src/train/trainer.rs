//! Optimizer steps: checkpointed forward and backward over micro-batches, gradient accumulation,
//! global-norm clipping, AdamW; and the eval loss. Async, as the executor is: a step reads the
//! device once, for its losses and gradient norm together.

use burn::module::Module;
use burn::optim::{GradientsParams, ModuleOptimizer};
use burn::prelude::*;
use burn::tensor::Transaction;

use crate::batch::Batch;
use crate::checkpoint::{Executor, MemoryProbe, MemoryReport, Schedule};
use crate::error::{Error, Result};
use crate::grads::{accumulate, scale, sum_of_squares};
use crate::model::llama::Llama;

/// What one optimizer step gives.
#[derive(Debug, Clone)]
pub struct StepStats {
    /// Mean loss over the step's micro-batches.
    pub loss: f32,
    /// Global L2 norm of the gradients, before clipping.
    pub grad_norm: f32,
    /// Memory of the first micro-batch (zeros unless sampled).
    pub memory: MemoryReport,
}

/// A model, its optimizer and the schedule it trains under.
pub struct Trainer {
    model: Option<Llama>,
    pub optimizer: ModuleOptimizer,
    executor: Executor,
    /// Clip the global gradient norm to this (HF's `max_grad_norm`), if set.
    pub max_grad_norm: Option<f32>,
}

impl Trainer {
    pub fn new(model: Llama, optimizer: ModuleOptimizer, schedule: Schedule) -> Self {
        Self {
            model: Some(model),
            optimizer,
            executor: Executor::new(schedule),
            max_grad_norm: Some(1.0),
        }
    }

    pub fn model(&self) -> &Llama {
        self.model.as_ref().expect("a model between steps")
    }

    pub fn into_model(self) -> Llama {
        self.model.expect("a model between steps")
    }

    pub fn schedule(&self) -> &Schedule {
        self.executor.schedule()
    }

    /// One optimizer step at learning rate `lr` over `micro_batches` (gradients averaged).
    /// With a `probe`, the first micro-batch samples device memory at every sample point.
    ///
    /// A non-finite loss or gradient is an error and leaves the model as it was.
    pub async fn step(
        &mut self,
        micro_batches: &[Batch],
        lr: f64,
        probe: Option<MemoryProbe>,
    ) -> Result<StepStats> {
        let model = self.model.as_ref().expect("a model between steps");
        let mut total: Option<GradientsParams> = None;
        let (mut losses, mut memory) = (Vec::new(), MemoryReport::default());
        for (i, batch) in micro_batches.iter().enumerate() {
            let probe = probe.filter(|_| i == 0);
            let out = self.executor.step(model, batch, probe).await?;
            losses.push(out.loss);
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

        // One read: every micro-batch's loss and the gradients' sum of squares.
        let squares = sum_of_squares(&grads, model);
        let mut reads = Transaction::default();
        for loss in &losses {
            reads = reads.register(loss.clone());
        }
        if let Some(squares) = &squares {
            reads = reads.register(squares.clone());
        }
        let read = reads
            .execute_async()
            .await
            .map_err(|e| Error::Device(format!("reading the step's loss: {e:?}")))?;
        let scalar = |data: &TensorData| data.iter::<f32>().next().unwrap_or(f32::NAN);
        let mut loss = 0.0;
        for (i, data) in read.iter().take(losses.len()).enumerate() {
            let value = scalar(data);
            if !value.is_finite() {
                return Err(Error::non_finite(
                    "loss",
                    format!("is {value} (micro-batch {i})"),
                ));
            }
            loss += value / micro_batches.len() as f32;
        }
        let grad_norm = read.get(losses.len()).map_or(0.0, |d| scalar(d).sqrt());
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
    pub async fn eval_loss(&self, batches: &[Batch]) -> Result<f32> {
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
            Some(sum) if count > 0 => {
                let sum = sum
                    .into_scalar_async::<f32>()
                    .await
                    .map_err(|e| Error::Device(format!("reading the eval loss: {e:?}")))?;
                Ok(sum / count as f32)
            }
            _ => Err(Error::input("eval data", "no targets to evaluate")),
        }
    }
}
