//! remat in the browser: what the page's Web Worker calls. A [`WebRun`] is the library's
//! [`Run`] on the browser's WebGPU device (or the CPU backend in wasm), with its settings and
//! reports as JSON for JavaScript. The worker owns the device and awaits every step, so the page
//! stays responsive and the GPU's readbacks complete.

use remat::checkpoint::MemoryProbe;
use remat::device::{DeviceChoice, SelectedDevice};
use remat::inspect;
use remat::kernels::Kernels;
use remat::train::picked::{Picked, PickedModel, PickedText};
use remat::train::run::Run;
use remat::train::settings::RunSettings;
use remat::weights::to_safetensors;
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// Files a person picked, handed to [`WebRun::prepare`] or [`WebDevice::gradients`]: the
/// settings name them (`{"model": {"picked": NAME}}`, `{"data": {"picked": NAME}}`).
#[wasm_bindgen]
#[derive(Default)]
pub struct Files {
    picked: Picked,
}

#[wasm_bindgen]
impl Files {
    #[wasm_bindgen(constructor)]
    pub fn new() -> Files {
        Files::default()
    }

    /// An HF model folder's `config.json`, `model.safetensors` and (optional) `tokenizer.json`.
    pub fn set_model(
        &mut self,
        name: String,
        config: Vec<u8>,
        weights: Vec<u8>,
        tokenizer: Option<Vec<u8>>,
    ) {
        self.picked.model = Some(PickedModel {
            name,
            config,
            weights,
            tokenizer,
        });
    }

    /// A `.txt`, `.md` or `.jsonl` file to train on.
    pub fn set_data(&mut self, name: String, bytes: Vec<u8>) {
        self.picked.data = Some(PickedText { name, bytes });
    }
}

/// A device the worker acquired: WebGPU can be acquired once per page, so the worker keeps it
/// for every run and check.
#[wasm_bindgen]
pub struct WebDevice {
    selected: SelectedDevice,
}

#[wasm_bindgen]
impl WebDevice {
    /// `wgpu` (the browser's WebGPU adapter), `cpu` (the CPU backend in wasm), or `auto`
    /// (WebGPU, else the CPU, saying why).
    pub async fn acquire(choice: String) -> Result<WebDevice, JsError> {
        let choice: DeviceChoice = choice.parse().map_err(error)?;
        let selected = remat::device::select_async(choice).await.map_err(error)?;
        Ok(Self { selected })
    }

    pub fn description(&self) -> String {
        self.selected.description.clone()
    }

    /// One step of the picked model over the `inputs` safetensors (`input_ids`, `labels`)
    /// under `plan` (`none`, `recompute`, `offload` or letters) with the fused kernels: the
    /// safetensors of loss, logits and each gradient by HF name, as `remat grads` writes them.
    pub async fn gradients(
        &self,
        files: Files,
        inputs: Vec<u8>,
        plan: String,
    ) -> Result<Vec<u8>, JsError> {
        let picked =
            (files.picked.model.as_ref()).ok_or_else(|| JsError::new("model: none was picked"))?;
        let device = self.selected.device.clone().autodiff();
        let kernels = Kernels::default().on(&device);
        let config = picked.config().map_err(error)?;
        let store = picked.weights().map_err(error)?;
        let check = inspect::Check {
            plan,
            kernels,
            precision: Default::default(),
            adapters: inspect::Adapters::None,
        };
        let gradients = inspect::gradients(&config, store, &inputs, "inputs", &device, check);
        let (_, tensors) = gradients.await.map_err(error)?;
        to_safetensors(&tensors).map_err(error)
    }
}

/// A training run the page drives.
#[wasm_bindgen]
pub struct WebRun {
    run: Run,
}

/// What the page shows before the first step.
#[derive(Serialize)]
struct Prepared<'a> {
    device: &'a str,
    kernels: String,
    plan: String,
    /// The predicted peak and its parts, in bytes, and where in the step it falls.
    peak: remat::checkpoint::Peak,
    peak_place: String,
    host_bytes: u64,
    /// The step's largest buffer, and the most the device allocates in one (none on the CPU).
    largest_buffer: String,
    largest_buffer_bytes: u64,
    max_buffer_bytes: Option<u64>,
    params: usize,
    layers: usize,
    hidden: usize,
    vocab: usize,
    documents: usize,
    tokens: usize,
    train_sequences: usize,
    eval_sequences: usize,
    total_steps: usize,
    tokens_per_step: usize,
    prompt: &'a str,
}

/// One step's figures, as the page plots them.
#[derive(Serialize)]
struct Step {
    step: usize,
    total_steps: usize,
    loss: f32,
    eval_loss: Option<f32>,
    lr: f64,
    grad_norm: f32,
    /// Bytes in use at the step's highest memory sample, where it sampled.
    peak_device_bytes: Option<u64>,
    seconds: f64,
    tokens_per_second: f64,
}

fn error(e: remat::Error) -> JsError {
    JsError::new(&e.to_string())
}

#[wasm_bindgen]
impl WebRun {
    /// Prepares a run from `settings` (JSON of [`RunSettings`]; missing fields take their
    /// defaults).
    /// `files` holds what the settings name as picked; `device` is the one acquired for the
    /// settings' `device`.
    pub fn prepare(settings: String, files: Files, device: &WebDevice) -> Result<WebRun, JsError> {
        let settings: RunSettings =
            serde_json::from_str(&settings).map_err(|e| JsError::new(&format!("settings: {e}")))?;
        let run = Run::prepare_with(settings, device.selected.clone(), None, &files.picked)
            .map_err(error)?;
        Ok(Self { run })
    }

    /// What the run found and planned, as JSON.
    pub fn summary(&self) -> String {
        let run = &self.run;
        let s = run.summary();
        let planned = run.planned();
        let largest =
            remat::train::run::memory_model(run.settings(), &run.model().config, run.kernels())
                .largest_buffer();
        serde_json::to_string(&Prepared {
            device: &run.device().description,
            kernels: run.kernels().to_string(),
            plan: planned.plan.to_string(),
            peak: planned.peak,
            peak_place: planned.peak.place.to_string(),
            host_bytes: planned.host_bytes,
            largest_buffer: largest.name.to_string(),
            largest_buffer_bytes: largest.bytes,
            max_buffer_bytes: run.device().max_buffer_bytes(),
            params: s.params,
            layers: s.layers,
            hidden: s.hidden,
            vocab: s.vocab,
            documents: s.documents,
            tokens: s.tokens,
            train_sequences: s.train_sequences,
            eval_sequences: s.eval_sequences,
            total_steps: s.total_steps,
            tokens_per_step: run.tokens_per_step(),
            prompt: run.prompt(),
        })
        .expect("summary serializes")
    }

    pub fn is_done(&self) -> bool {
        self.run.is_done()
    }

    /// The next optimizer step (and the eval it is due), as JSON; its seconds are the
    /// optimizer step's alone.
    pub async fn step(&mut self) -> Result<String, JsError> {
        let started = js_sys::Date::now();
        let report = self
            .run
            .train_step(Some(MemoryProbe::default()))
            .await
            .map_err(error)?;
        let seconds = (js_sys::Date::now() - started) / 1000.0;
        let eval_loss = match report.eval_due {
            true => self.run.eval().await.map_err(error)?,
            false => None,
        };
        let stats = &report.stats;
        let step = Step {
            step: report.step,
            total_steps: self.run.total_steps(),
            loss: stats.loss,
            eval_loss,
            lr: report.lr,
            grad_norm: stats.grad_norm,
            peak_device_bytes: Some(stats.memory.peak_bytes)
                .filter(|&bytes| report.sampled && bytes > 0),
            seconds,
            tokens_per_second: self.run.tokens_per_step() as f64 / seconds.max(1e-9),
        };
        Ok(serde_json::to_string(&step).expect("step serializes"))
    }

    /// The model as it is now, as an HF folder's files: `[[name, bytes], ...]`.
    pub async fn hf_files(&self) -> Result<js_sys::Array, JsError> {
        let files = js_sys::Array::new();
        for (name, bytes) in self.run.hf_files().await.map_err(error)? {
            let file = js_sys::Array::new();
            file.push(&JsValue::from_str(name));
            file.push(&js_sys::Uint8Array::from(&bytes[..]));
            files.push(&file);
        }
        Ok(files)
    }

    /// Continues `prompt` with the run's model; returns the text generated.
    pub async fn sample(&self, prompt: String) -> Result<String, JsError> {
        self.run.sample(&prompt, |_| {}).await.map_err(error)
    }
}
