//! HF safetensors <-> model parameters, by HF tensor name.
//!
//! A parameter's HF name is its module path (`layers.0.self_attn.q_proj.weight`) with `model.`
//! in front (except `lm_head`) and RmsNorm's `gamma` called `weight`. Linear weights are stored
//! by HF as `[out, in]` and by Burn as `[in, out]`: they are transposed on the way in and out.

use std::collections::BTreeMap;
use std::path::Path;

use burn::module::{Module, ModuleMapper, ModuleVisitor, Param};
use burn::optim::GradientsParams;
use burn::prelude::*;
use burn::tensor::DType;
use safetensors::{Dtype as StDtype, SafeTensors};

use crate::config::LlamaConfig;
use crate::error::{Error, Result};
use crate::model::hf_names::{hf_name, is_transposed, param_name, peft_name};
use crate::model::llama::Llama;

/// Transposes a row-major `[rows, cols]` buffer of `size`-byte elements.
fn transpose(bytes: &[u8], rows: usize, cols: usize, size: usize) -> Vec<u8> {
    let mut out = vec![0; bytes.len()];
    for r in 0..rows {
        for c in 0..cols {
            let (to, from) = ((c * rows + r) * size, (r * cols + c) * size);
            out[to..to + size].copy_from_slice(&bytes[from..from + size]);
        }
    }
    out
}

/// The first non-finite value of float `data` (f32, f16 or bf16), its index, and how many
/// there are; read in place, without a copy.
pub(crate) fn non_finite(data: &TensorData) -> Option<(usize, f32, usize)> {
    fn scan<E: Copy>(values: &[E], to_f32: impl Fn(E) -> f32) -> Option<(usize, f32, usize)> {
        let bad = |v: &E| !to_f32(*v).is_finite();
        let first = values.iter().position(bad)?;
        Some((
            first,
            to_f32(values[first]),
            values.iter().filter(|v| bad(v)).count(),
        ))
    }
    match data.dtype() {
        DType::F32 => scan(data.as_slice::<f32>().ok()?, |v| v),
        DType::BF16 => scan(data.as_slice::<burn::tensor::bf16>().ok()?, |v| v.to_f32()),
        DType::F16 => scan(data.as_slice::<burn::tensor::f16>().ok()?, |v| v.to_f32()),
        _ => None,
    }
}

/// One tensor read from a checkpoint, in HF layout and the file's dtype (f32, f16 or bf16).
#[derive(Debug, Clone)]
pub struct StoredTensor {
    pub shape: Vec<usize>,
    pub data: TensorData,
    /// The file it came from, for error messages.
    pub file: String,
}

/// The tensors of a checkpoint (one safetensors file or the shards of an index), by name.
#[derive(Debug, Default)]
pub struct TensorStore {
    tensors: BTreeMap<String, StoredTensor>,
    /// What the store was read from, for error messages.
    pub source: String,
}

impl TensorStore {
    /// Parses the bytes of one safetensors file; `file` names it in errors. f32, f16 and bf16
    /// tensors are kept in their dtype.
    pub fn from_safetensors(bytes: &[u8], file: &str) -> Result<Self> {
        let mut store = Self {
            tensors: BTreeMap::new(),
            source: file.to_string(),
        };
        store.add_safetensors(bytes, file)?;
        Ok(store)
    }

    fn add_safetensors(&mut self, bytes: &[u8], file: &str) -> Result<()> {
        let st = SafeTensors::deserialize(bytes).map_err(|e| Error::Safetensors {
            file: file.to_string(),
            message: e.to_string(),
        })?;
        for (name, view) in st.tensors() {
            let dtype = match view.dtype() {
                StDtype::F32 => DType::F32,
                StDtype::F16 => DType::F16,
                StDtype::BF16 => DType::BF16,
                other => {
                    return Err(Error::Dtype {
                        file: file.to_string(),
                        tensor: name,
                        dtype: format!("{other:?}"),
                        expected: "F32, F16 or BF16".into(),
                    });
                }
            };
            let shape = view.shape().to_vec();
            let data = TensorData::from_bytes_vec(view.data().to_vec(), shape.clone(), dtype);
            if let Some((i, value, count)) = non_finite(&data) {
                return Err(Error::Safetensors {
                    file: file.to_string(),
                    message: format!(
                        "tensor `{name}` holds {count} non-finite values (the first, {value}, at flat index {i})"
                    ),
                });
            }
            self.tensors.insert(
                name,
                StoredTensor {
                    shape,
                    data,
                    file: file.to_string(),
                },
            );
        }
        Ok(())
    }

    /// Reads `dir/model.safetensors`, or every shard listed in `dir/model.safetensors.index.json`.
    pub fn open(dir: &Path) -> Result<Self> {
        let single = dir.join("model.safetensors");
        let index = dir.join("model.safetensors.index.json");
        let read = |path: &Path| std::fs::read(path).map_err(|e| Error::io(path, e));
        if single.exists() || !index.exists() {
            return Self::from_safetensors(&read(&single)?, &single.display().to_string());
        }
        let text = std::fs::read_to_string(&index).map_err(|e| Error::io(&index, e))?;
        #[derive(serde::Deserialize)]
        struct Index {
            weight_map: BTreeMap<String, String>,
        }
        let parsed: Index = serde_json::from_str(&text).map_err(|e| Error::Json {
            path: index.clone(),
            source: e,
        })?;
        let mut store = Self {
            tensors: BTreeMap::new(),
            source: index.display().to_string(),
        };
        let shards: std::collections::BTreeSet<&String> = parsed.weight_map.values().collect();
        for shard in shards {
            let path = dir.join(shard);
            store.add_safetensors(&read(&path)?, &path.display().to_string())?;
        }
        for (name, shard) in &parsed.weight_map {
            if !store.tensors.contains_key(name) {
                return Err(Error::MissingTensor {
                    file: dir.join(shard).display().to_string(),
                    tensor: name.clone(),
                });
            }
        }
        Ok(store)
    }

    pub fn get(&self, name: &str) -> Option<&StoredTensor> {
        self.tensors.get(name)
    }

    pub fn names(&self) -> impl Iterator<Item = &String> {
        self.tensors.keys()
    }

    /// Removes `name`, checking its shape.
    pub fn take(&mut self, name: &str, expected: &[usize]) -> Result<StoredTensor> {
        let tensor = self
            .tensors
            .remove(name)
            .ok_or_else(|| Error::MissingTensor {
                file: self.source.clone(),
                tensor: name.to_string(),
            })?;
        if tensor.shape != expected {
            return Err(Error::Shape {
                file: tensor.file,
                tensor: name.to_string(),
                expected: expected.to_vec(),
                found: tensor.shape,
            });
        }
        Ok(tensor)
    }
}

/// Fills a model's parameters from a store, by HF name: the base model's, or (`adapters`)
/// the LoRA adapters' alone, by PEFT name; made in `dtype` (converted where the file's differs).
struct Loader<'a> {
    store: &'a mut TensorStore,
    device: Device,
    dtype: DType,
    adapters: bool,
    path: Vec<String>,
    error: Option<Error>,
}

impl ModuleMapper for Loader<'_> {
    fn enter_module(&mut self, name: &str, _container_type: &str) {
        self.path.push(name.to_string());
    }

    fn exit_module(&mut self, _name: &str, _container_type: &str) {
        self.path.pop();
    }

    fn map_float<const D: usize>(&mut self, param: Param<Tensor<D>>) -> Param<Tensor<D>> {
        if self.error.is_some() {
            return param;
        }
        let name = match (self.adapters, peft_name(&self.path)) {
            (true, Some(name)) => name,
            (true, None) => return param,
            (false, _) => hf_name(&self.path),
        };
        let burn_shape = param.lazy_shape().to_vec();
        let transposed = is_transposed(&self.path, D);
        let hf_shape: Vec<usize> = if transposed {
            burn_shape.iter().rev().copied().collect()
        } else {
            burn_shape.clone()
        };
        match self.store.take(&name, &hf_shape) {
            Ok(tensor) => {
                let data = tensor.data;
                let dtype = data.dtype();
                let data = if transposed {
                    let bytes = transpose(data.as_bytes(), hf_shape[0], hf_shape[1], dtype.size());
                    TensorData::from_bytes_vec(bytes, burn_shape, dtype)
                } else {
                    data
                };
                let (device, target) = (&self.device, self.dtype);
                let mut loaded = device.memory_persistent_allocations(data, |data| {
                    Param::from_tensor(Tensor::from_data(
                        data.convert_dtype(target),
                        (device, target),
                    ))
                });
                loaded.id = param.id;
                loaded
            }
            Err(e) => {
                self.error = Some(e);
                param
            }
        }
    }
}

/// Buffers HF checkpoints may carry that are not parameters.
fn is_ignored_buffer(name: &str, config: &LlamaConfig) -> bool {
    name.ends_with(".rotary_emb.inv_freq")
        || (config.tie_word_embeddings && name == "lm_head.weight")
}

impl Llama {
    /// Builds a model from a config and a checkpoint. Every parameter must be present with its
    /// HF shape, and every tensor of the checkpoint must be used.
    pub fn from_store(config: &LlamaConfig, store: TensorStore, device: &Device) -> Result<Self> {
        Self::from_store_in(config, store, device, DType::F32)
    }

    /// [`Llama::from_store`], the parameters made in `dtype` (a half-precision run's frozen
    /// base): a checkpoint stored in that dtype is never converted.
    pub fn from_store_in(
        config: &LlamaConfig,
        store: TensorStore,
        device: &Device,
        dtype: DType,
    ) -> Result<Self> {
        // A config that claims far more than the checkpoint holds fails before anything the
        // size of the model is allocated (a small mismatch is found tensor by tensor below).
        let stored: usize = store
            .tensors
            .iter()
            .filter(|(name, _)| !is_ignored_buffer(name, config))
            .map(|(_, t)| t.data.num_elements())
            .sum();
        if config.num_params() > stored.saturating_mul(2).max(1 << 20) {
            return Err(Error::input(
                &store.source,
                format!(
                    "holds {stored} parameters, but its config.json describes a model of {} ({} layers, hidden {}): the config does not match the weights",
                    config.num_params(),
                    config.num_hidden_layers,
                    config.hidden_size
                ),
            ));
        }
        config.init(device).fill(store, false, dtype)
    }

    /// This model's LoRA adapters filled from `store`, by PEFT name (see
    /// [`Llama::with_adapter`]).
    pub(crate) fn fill_adapters(self, store: TensorStore) -> Result<Self> {
        self.fill(store, true, DType::F32)
    }

    /// Every parameter (or every adapter's) read from `store` in `dtype`; the store must hold
    /// nothing else.
    fn fill(self, mut store: TensorStore, adapters: bool, dtype: DType) -> Result<Self> {
        let device = self.embed_tokens.weight.device();
        let config = self.config.clone();
        let mut loader = Loader {
            store: &mut store,
            device,
            dtype,
            adapters,
            path: Vec::new(),
            error: None,
        };
        let model = self.map(&mut loader);
        if let Some(error) = loader.error {
            return Err(error);
        }
        if let Some(extra) = store.names().find(|n| !is_ignored_buffer(n, &config)) {
            return Err(Error::ExtraTensor {
                file: store
                    .get(extra)
                    .map(|t| t.file.clone())
                    .unwrap_or(store.source.clone()),
                tensor: extra.clone(),
                model: match adapters {
                    true => "LoRA adapter on its target_modules".into(),
                    false => format!("{}-layer Llama", config.num_hidden_layers),
                },
            });
        }
        Ok(model)
    }

    /// Loads an HF folder: `config.json` and `model.safetensors` (or its sharded index).
    pub fn load(dir: &Path, device: &Device) -> Result<Self> {
        Self::load_in(dir, device, DType::F32)
    }

    /// [`Llama::load`], the parameters made in `dtype` (see [`Llama::from_store_in`]).
    pub fn load_in(dir: &Path, device: &Device, dtype: DType) -> Result<Self> {
        let config = LlamaConfig::load(dir)?;
        Self::from_store_in(&config, TensorStore::open(dir)?, device, dtype)
    }

    /// Every parameter with its HF name, in module order.
    pub fn hf_params(&self) -> Vec<HfParam> {
        self.params().into_iter().filter(|p| !p.adapter).collect()
    }

    /// The LoRA adapters' parameters, by PEFT name (none without adapters).
    pub fn adapter_params(&self) -> Vec<HfParam> {
        self.params().into_iter().filter(|p| p.adapter).collect()
    }

    /// What training updates: every parameter that requires a gradient (all of them, unless
    /// the model carries LoRA adapters: then the adapters alone).
    pub fn trainable_params(&self) -> Vec<HfParam> {
        self.params().into_iter().filter(|p| p.trainable).collect()
    }

    /// Every parameter, base and adapter, in module order.
    fn params(&self) -> Vec<HfParam> {
        let mut collector = Collector {
            path: Vec::new(),
            out: Vec::new(),
        };
        self.visit(&mut collector);
        collector.out
    }

    /// Every parameter's value in HF layout, keyed by HF name, read from the device one
    /// tensor at a time without blocking.
    pub async fn read_hf_tensors(&self) -> Result<Vec<(String, TensorData)>> {
        let mut out = Vec::new();
        for p in self.hf_params() {
            let data = p.read_hf(p.value.clone()).await?;
            out.push((p.name, data));
        }
        Ok(out)
    }

    /// [`Llama::read_hf_tensors`] of this model with its adapters merged into their
    /// projections' weights (see [`crate::model::projection::Lora::merged_into`]): one merged
    /// weight on the device at a time, never a merged copy of the model.
    pub async fn read_merged_tensors(&self) -> Result<Vec<(String, TensorData)>> {
        let adapters: std::collections::HashMap<_, _> = (self.projections())
            .filter_map(|p| p.lora.as_ref().map(|lora| (p.weight.id, lora)))
            .collect();
        let mut out = Vec::new();
        for p in self.hf_params() {
            let value = match (&p.value, adapters.get(&p.id)) {
                (AnyTensor::R2(weight), Some(lora)) => {
                    AnyTensor::R2(lora.merged_into(weight.clone()))
                }
                (value, _) => value.clone(),
            };
            let data = p.read_hf(value).await?;
            out.push((p.name, data));
        }
        Ok(out)
    }

    /// Every trainable parameter's gradient in HF layout, keyed by HF (or PEFT) name, read
    /// without blocking. A trainable parameter without a gradient is an error naming it.
    pub async fn read_hf_grads(
        &self,
        grads: &GradientsParams,
    ) -> Result<Vec<(String, TensorData)>> {
        let mut out = Vec::new();
        for p in self.trainable_params() {
            let grad = p.grad(grads).ok_or_else(|| {
                Error::input(&p.name, "no gradient was computed for this parameter")
            })?;
            let data = p.read_hf(grad).await?;
            out.push((p.name, data));
        }
        Ok(out)
    }

    /// [`Llama::read_hf_tensors`], waiting for the device: for native tools and tests.
    #[cfg(not(target_family = "wasm"))]
    pub fn hf_tensors(&self) -> Vec<(String, TensorData)> {
        crate::block_on(self.read_hf_tensors()).expect("reading the weights from the device")
    }

    /// [`Llama::read_hf_grads`], waiting for the device: for native tools and tests.
    #[cfg(not(target_family = "wasm"))]
    pub fn hf_grads(&self, grads: &GradientsParams) -> Result<Vec<(String, TensorData)>> {
        crate::block_on(self.read_hf_grads(grads))
    }
}

/// A parameter seen from HF: its name, id, value (Burn layout, flattened to rank 2 for
/// vectors kept as rank 1) and whether HF stores it transposed.
#[derive(Debug, Clone)]
pub struct HfParam {
    pub name: String,
    pub id: burn::module::ParamId,
    pub value: AnyTensor,
    pub transposed: bool,
    /// A LoRA adapter's (named by PEFT), not the base model's.
    pub adapter: bool,
    /// Whether it requires a gradient.
    pub trainable: bool,
}

/// A float tensor of rank 1 or 2: the ranks a Llama's parameters have.
#[derive(Debug, Clone)]
pub enum AnyTensor {
    R1(Tensor<1>),
    R2(Tensor<2>),
}

impl HfParam {
    fn grad(&self, grads: &GradientsParams) -> Option<AnyTensor> {
        match self.value {
            AnyTensor::R1(_) => grads.get::<1>(self.id).map(AnyTensor::R1),
            AnyTensor::R2(_) => grads.get::<2>(self.id).map(AnyTensor::R2),
        }
    }

    /// `tensor` (Burn layout) read from the device in HF layout, in its dtype.
    pub async fn read_hf(&self, tensor: AnyTensor) -> Result<TensorData> {
        let data = match tensor {
            AnyTensor::R1(t) => t.into_data_async().await,
            AnyTensor::R2(t) if self.transposed => t.transpose().into_data_async().await,
            AnyTensor::R2(t) => t.into_data_async().await,
        };
        data.map_err(|e| Error::Device(format!("reading `{}`: {e:?}", self.name)))
    }
}

struct Collector {
    path: Vec<String>,
    out: Vec<HfParam>,
}

impl ModuleVisitor for Collector {
    fn enter_module(&mut self, name: &str, _container_type: &str) {
        self.path.push(name.to_string());
    }

    fn exit_module(&mut self, _name: &str, _container_type: &str) {
        self.path.pop();
    }

    fn visit_float<const D: usize>(&mut self, param: &Param<Tensor<D>>) {
        let dims = param.val().dims();
        let value = match D {
            1 => AnyTensor::R1(param.val().reshape([dims[0]])),
            2 => AnyTensor::R2(param.val().reshape([dims[0], dims[1]])),
            _ => unreachable!("Llama parameters have rank 1 or 2"),
        };
        self.out.push(HfParam {
            name: param_name(&self.path),
            id: param.id,
            trainable: param.val().is_require_grad(),
            value,
            transposed: is_transposed(&self.path, D),
            adapter: peft_name(&self.path).is_some(),
        });
    }
}

/// Serializes named f32 tensors as a safetensors file.
pub fn to_safetensors(tensors: &[(String, TensorData)]) -> Result<Vec<u8>> {
    let views: Vec<(String, safetensors::tensor::TensorView<'_>)> = tensors
        .iter()
        .map(|(name, data)| {
            let view = safetensors::tensor::TensorView::new(
                dtype_of(data.dtype()).ok_or_else(|| {
                    Error::input(
                        name,
                        format!("{:?} cannot be written to safetensors", data.dtype()),
                    )
                })?,
                data.shape().to_vec(),
                data.as_bytes(),
            )
            .map_err(|e| Error::input(name, e.to_string()))?;
            Ok((name.clone(), view))
        })
        .collect::<Result<_>>()?;
    safetensors::serialize(views, None).map_err(|e| Error::input("safetensors", e.to_string()))
}

fn dtype_of(dtype: DType) -> Option<StDtype> {
    Some(match dtype {
        DType::F32 => StDtype::F32,
        DType::F16 => StDtype::F16,
        DType::BF16 => StDtype::BF16,
        DType::I64 => StDtype::I64,
        DType::I32 => StDtype::I32,
        _ => return None,
    })
}

/// The integer tensor `name` (I64 or I32) of a safetensors file, as `(shape, values)`.
pub fn int_tensor(bytes: &[u8], file: &str, name: &str) -> Result<Option<(Vec<usize>, Vec<i64>)>> {
    let st = SafeTensors::deserialize(bytes).map_err(|e| Error::Safetensors {
        file: file.to_string(),
        message: e.to_string(),
    })?;
    let Ok(view) = st.tensor(name) else {
        return Ok(None);
    };
    let data = view.data();
    let values: Vec<i64> = match view.dtype() {
        StDtype::I64 => data
            .chunks_exact(8)
            .map(|b| i64::from_le_bytes(b.try_into().expect("8 bytes")))
            .collect(),
        StDtype::I32 => data
            .chunks_exact(4)
            .map(|b| i32::from_le_bytes(b.try_into().expect("4 bytes")) as i64)
            .collect(),
        other => {
            return Err(Error::Dtype {
                file: file.to_string(),
                tensor: name.to_string(),
                dtype: format!("{other:?}"),
                expected: "I64 or I32".into(),
            });
        }
    };
    Ok(Some((view.shape().to_vec(), values)))
}
