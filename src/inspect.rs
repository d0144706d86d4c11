//! One forward and backward pass, all of it read back: the loss, the logits and every
//! parameter's gradient by HF name, as `remat grads` writes them for comparison with PyTorch and
//! the browser's parity test reads them. Also the batch of such a comparison, from a
//! safetensors file of `input_ids` and `labels`.

use burn::prelude::*;

use crate::batch::Batch;
use crate::checkpoint::{Executor, Plan, Schedule, ScheduleOptions};
use crate::config::LlamaConfig;
use crate::error::{Error, Result};
use crate::kernels::Kernels;
use crate::model::llama::Llama;
use crate::model::lora::LoraConfig;
use crate::precision::Precision;
use crate::weights::TensorStore;
use crate::weights::int_tensor;
use burn::tensor::DType;

/// `input_ids` `[batch, seq]` and the optional `labels` of the same shape from the safetensors
/// `bytes` of `file`, checked against `vocab`.
pub fn batch_from_safetensors(bytes: &[u8], file: &str, vocab: usize) -> Result<Batch> {
    let ids = |name: &str| -> Result<Option<(Vec<i64>, [usize; 2])>> {
        let Some((shape, values)) = int_tensor(bytes, file, name)? else {
            return Ok(None);
        };
        match shape[..] {
            [b, s] => Ok(Some((values, [b, s]))),
            _ => Err(Error::input(
                format!("{file}: `{name}`"),
                format!("has shape {shape:?}, expected [batch, seq]"),
            )),
        }
    };
    let (input_ids, shape) =
        ids("input_ids")?.ok_or_else(|| Error::input(file, "tensor `input_ids` is missing"))?;
    let labels = ids("labels")?;
    if let Some((_, label_shape)) = &labels
        && *label_shape != shape
    {
        return Err(Error::input(
            format!("{file}: `labels`"),
            format!("has shape {label_shape:?}, `input_ids` has {shape:?}"),
        ));
    }
    Batch::new(input_ids, labels.map(|l| l.0), shape, vocab)
        .map_err(|e| Error::input(file, e.to_string()))
}

/// `loss` `[]`, `logits` `[batch, seq, vocab]` and each trainable parameter's gradient (by its
/// HF name, or PEFT's for a LoRA adapter, in HF layout) of one step of `model` (on an autodiff
/// device) over `batch` under `plan`, read from the device without blocking. A trainable
/// parameter without a gradient is an error.
pub async fn step_tensors(
    model: &Llama,
    batch: &Batch,
    plan: &Plan,
) -> Result<Vec<(String, TensorData)>> {
    let mut executor = Executor::new(Schedule::compile(plan, ScheduleOptions::default()));
    let out = executor.step(model, batch, None).await?;
    let read = |what: &'static str| move |e| Error::Device(format!("reading the {what}: {e:?}"));
    let loss = out.loss.into_data_async().await.map_err(read("loss"))?;
    let valid = model.valid();
    let device = valid.embed_tokens.weight.device();
    let logits = valid.forward(batch.input_ids(&device));
    let logits = logits.into_data_async().await.map_err(read("logits"))?;
    let loss = loss
        .convert::<f32>()
        .as_slice::<f32>()
        .expect("f32")
        .to_vec();
    let mut tensors = vec![
        (
            "loss".to_string(),
            TensorData::new(loss, Vec::<usize>::new()),
        ),
        ("logits".to_string(), logits.convert::<f32>()),
    ];
    tensors.extend(model.read_hf_grads(&out.grads).await?);
    Ok(tensors)
}

/// The LoRA adapters of a gradient check.
pub enum Adapters {
    /// None: every parameter is trained.
    None,
    /// Fresh ones, as a run starts them (`B` zero).
    Fresh(LoraConfig),
    /// Ones read from a PEFT adapter file.
    Stored(LoraConfig, TensorStore),
}

/// How a gradient check runs: the plan (`none`, `recompute`, `offload` or letters), the
/// kernels, the precision and the adapters.
pub struct Check {
    pub plan: String,
    pub kernels: Kernels,
    pub precision: Precision,
    pub adapters: Adapters,
}

/// [`step_tensors`] of the model `config` and `store` describe, on `device` (autodiff) as
/// `check` says, over the `input_ids` and `labels` of the safetensors `inputs` (named `file`
/// in errors): what `remat grads` and the page's parity check run. A LoRA check's frozen base
/// is made in the check's precision; a plain model's weights are float32 masters.
pub async fn gradients(
    config: &LlamaConfig,
    store: TensorStore,
    inputs: &[u8],
    file: &str,
    device: &Device,
    check: Check,
) -> Result<(Plan, Vec<(String, TensorData)>)> {
    let config = config.clone().for_training();
    let plan = Plan::parse(&check.plan, config.num_hidden_layers)?;
    let base_dtype = match check.adapters {
        Adapters::None => DType::F32,
        _ => check.precision.dtype(),
    };
    let model = Llama::from_store_in(&config, store, device, base_dtype)?;
    let model = match check.adapters {
        Adapters::None => model,
        Adapters::Fresh(lora) => model.with_lora(&lora),
        Adapters::Stored(lora, store) => model.with_adapter(&lora, store)?,
    }
    .with_kernels(check.kernels)
    .with_precision(check.precision);
    let batch = batch_from_safetensors(inputs, file, config.vocab_size)?;
    let tensors = step_tensors(&model, &batch, &plan).await?;
    Ok((plan, tensors))
}
