//! remat in the browser: what the page's Web Worker calls. A [`WebRun`] is the library's
//! [`Run`] on the browser's WebGPU device (or the CPU backend in wasm), with its settings and
//! reports as JSON for JavaScript. The worker owns the device and awaits every step, so the page
//! stays responsive and the GPU's readbacks complete.

use remat::checkpoint::MemoryProbe;
use remat::device::SelectedDevice;
use remat::train::run::Run;
use remat::train::settings::RunSettings;
use serde::Serialize;
use wasm_bindgen::prelude::*;

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
    /// defaults) on the device its `device` setting names: `wgpu` (WebGPU), `cpu`, or `auto`
    /// (WebGPU, else the CPU backend).
    pub async fn prepare(settings: String) -> Result<WebRun, JsError> {
        let settings: RunSettings =
            serde_json::from_str(&settings).map_err(|e| JsError::new(&format!("settings: {e}")))?;
        let device: SelectedDevice = remat::device::select_async(settings.device)
            .await
            .map_err(error)?;
        let run = Run::prepare(settings, device, None).map_err(error)?;
        Ok(Self { run })
    }

    /// What the run found and planned, as JSON.
    pub fn summary(&self) -> String {
        let run = &self.run;
        let s = run.summary();
        let planned = run.planned();
        serde_json::to_string(&Prepared {
            device: &run.device().description,
            kernels: run.kernels().to_string(),
            plan: planned.plan.to_string(),
            peak: planned.peak,
            peak_place: planned.peak.place.to_string(),
            host_bytes: planned.host_bytes,
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

    /// Continues `prompt` with the run's model; returns the text generated.
    pub async fn sample(&self, prompt: String) -> Result<String, JsError> {
        self.run.sample(&prompt, |_| {}).await.map_err(error)
    }
}
