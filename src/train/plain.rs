//! Forward, loss and backward of one batch with every activation kept: plain autodiff, the
//! reference every checkpoint plan is held to.

use burn::optim::GradientsParams;
use burn::prelude::*;

use crate::batch::Batch;
use crate::model::llama::Llama;

/// What one plain forward and backward pass gives.
pub struct PlainOutput {
    pub loss: f32,
    /// `[batch, seq, vocab]`, without autodiff.
    pub logits: Tensor<3>,
    pub grads: GradientsParams,
}

/// Runs the model on `batch` with every activation kept, and takes the gradients of the loss.
/// Reads the loss on the spot: for tests and tools on native devices, not for the browser.
///
/// The model's parameters must live on an autodiff device.
pub fn forward_backward(model: &Llama, batch: &Batch) -> PlainOutput {
    let device = model.embed_tokens.weight.device();
    let hidden = model.hidden_states(batch.input_ids(&device));
    let loss = model.loss(hidden.clone(), batch.labels(&device), batch.num_targets());
    let grads = GradientsParams::from_grads(loss.backward(), model);
    PlainOutput {
        loss: loss.inner().into_scalar::<f32>(),
        logits: model.head(hidden).inner(),
        grads,
    }
}
