//! Forward, loss and backward of one batch.

use burn::optim::GradientsParams;
use burn::prelude::*;

use super::batch::Batch;
use super::loss::causal_lm_loss;
use crate::model::llama::Llama;

/// What one forward and backward pass gives.
pub struct Backward {
    pub loss: f32,
    /// `[batch, seq, vocab]`, without autodiff.
    pub logits: Tensor<3>,
    pub grads: GradientsParams,
}

/// Runs the model on `batch` with every activation kept, and takes the gradients of the loss.
///
/// The model's parameters must live on an autodiff device.
pub fn forward_backward(model: &Llama, batch: &Batch) -> Backward {
    let device = model.embed_tokens.weight.device();
    let logits = model.forward(batch.input_ids(&device));
    let loss = causal_lm_loss(logits.clone(), batch.labels(&device), batch.num_targets());
    let grads = GradientsParams::from_grads(loss.backward(), model);
    Backward {
        loss: loss.inner().into_scalar::<f32>(),
        logits: logits.inner(),
        grads,
    }
}
