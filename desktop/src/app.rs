//! The window: the set-up form on the left; the plan's predicted memory, the live curves, the
//! samples and the prompt box in the middle. Every command goes to the training thread; the
//! window only draws what it has heard back.

use egui::{Color32, RichText};
use remat::checkpoint::Point;
use remat::checkpoint::memory_model::gib;
use remat::device::{DeviceChoice, SelectedDevice};
use remat::train::settings::RunSettings;

use crate::autorun::Autorun;
use crate::charts;
use crate::form::Form;
use crate::worker::{Command, Event, Prepared, StepDone, Worker};

/// Where the run is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Idle,
    Planning,
    Training,
    Paused,
    Done,
}

/// The window's state.
pub struct App {
    pub form: Form,
    worker: Worker,
    /// The wgpu device this window draws with, which trains too.
    gpu: SelectedDevice,
    /// The adapter is a software rasterizer (no GPU on this machine).
    software: Option<String>,
    pub status: Status,
    /// The settings the prepared run was planned with.
    planned_with: Option<RunSettings>,
    train_after_plan: bool,
    pub prepared: Option<Prepared>,
    pub train: Vec<[f64; 2]>,
    pub eval: Vec<[f64; 2]>,
    last: Option<StepDone>,
    /// The last step that sampled memory.
    pub measured: Option<StepDone>,
    pub samples: Vec<(usize, String)>,
    prompt: String,
    generated: String,
    generating: bool,
    pub message: Option<String>,
    pub error: Option<String>,
    autorun: Option<Autorun>,
}

impl App {
    pub fn new(
        ctx: &egui::Context,
        gpu: SelectedDevice,
        software: Option<String>,
        autorun: Option<Autorun>,
    ) -> Self {
        let wake = ctx.clone();
        Self {
            form: Form::default(),
            worker: Worker::spawn(10, move || wake.request_repaint()),
            gpu,
            software,
            status: Status::Idle,
            planned_with: None,
            train_after_plan: false,
            prepared: None,
            train: Vec::new(),
            eval: Vec::new(),
            last: None,
            measured: None,
            samples: Vec::new(),
            prompt: "Once upon a time".into(),
            generated: String::new(),
            generating: false,
            message: None,
            error: None,
            autorun,
        }
    }

    /// Plans a run of the form's settings (the Plan button), and trains it once planned when
    /// `then_train`.
    pub fn plan(&mut self, then_train: bool) {
        self.error = None;
        let settings = match self.form.settings() {
            Ok(settings) => settings,
            Err(e) => return self.error = Some(e.to_string()),
        };
        let device = match settings.device {
            DeviceChoice::Cpu => remat::device::cpu(),
            _ => self.gpu.clone(),
        };
        self.worker
            .send(Command::Prepare(Box::new(settings.clone()), device));
        self.planned_with = Some(settings);
        self.train_after_plan = then_train;
        self.status = Status::Planning;
        self.prepared = None;
        self.train.clear();
        self.eval.clear();
        self.last = None;
        self.measured = None;
        self.samples.clear();
    }

    /// The Start / Resume button: plans first when the form changed since the last plan.
    pub fn start(&mut self) {
        let current = self.form.settings().ok();
        let planned = self.prepared.is_some() && current == self.planned_with;
        match (self.status, planned) {
            (Status::Idle | Status::Paused, true) => {
                self.worker.send(Command::Train);
                self.status = Status::Training;
            }
            _ => self.plan(true),
        }
    }

    fn hear(&mut self, event: Event) {
        match event {
            Event::Prepared(prepared) => {
                self.prepared = Some(*prepared);
                self.status = Status::Idle;
                if std::mem::take(&mut self.train_after_plan) {
                    self.worker.send(Command::Train);
                    self.status = Status::Training;
                }
            }
            Event::Step(step) => {
                self.train.push([step.step as f64, step.loss as f64]);
                if let Some(eval) = step.eval_loss {
                    self.eval.push([step.step as f64, eval as f64]);
                }
                if !step.measured.is_empty() {
                    self.measured = Some(step.clone());
                }
                self.last = Some(step);
            }
            Event::Sample { step, text } => self.samples.push((step, text)),
            Event::Paused => self.status = Status::Paused,
            Event::Done => self.status = Status::Done,
            Event::Saved(dir) => self.message = Some(format!("saved {}", dir.display())),
            Event::Generated(piece) => self.generated.push_str(&piece),
            Event::GenerateDone => self.generating = false,
            Event::Error(e) => {
                self.error = Some(e);
                self.generating = false;
                self.status = match self.status {
                    Status::Planning => Status::Idle,
                    Status::Training => Status::Paused,
                    other => other,
                };
            }
        }
    }

    fn controls(&mut self, ui: &mut egui::Ui) {
        let busy = matches!(self.status, Status::Planning | Status::Training);
        self.form.ui(ui, !busy);
        ui.separator();
        ui.horizontal_wrapped(|ui| {
            if ui.add_enabled(!busy, egui::Button::new("Plan")).clicked() {
                self.plan(false);
            }
            let start = match self.status {
                Status::Paused => "Resume",
                _ => "Start",
            };
            if ui.add_enabled(!busy, egui::Button::new(start)).clicked() {
                self.start();
            }
            if (ui.add_enabled(self.status == Status::Training, egui::Button::new("Pause")))
                .clicked()
            {
                self.worker.send(Command::Pause);
            }
            let can_save = self.last.is_some();
            if ui
                .add_enabled(can_save, egui::Button::new("Save"))
                .clicked()
            {
                self.worker.send(Command::Save(self.form.out.trim().into()));
            }
        });
        ui.label(match self.status {
            Status::Idle if self.prepared.is_some() => "planned: press Start",
            Status::Idle => "pick a model, data and plan",
            Status::Planning => "reading the data and planning...",
            Status::Training => "training",
            Status::Paused => "paused",
            Status::Done => "done",
        });
        if let Some(message) = &self.message {
            ui.label(message);
        }
        if let Some(error) = &self.error {
            ui.colored_label(Color32::from_rgb(220, 60, 60), error);
        }
    }

    fn progress(&self, ui: &mut egui::Ui) {
        let Some(prepared) = &self.prepared else {
            ui.label("No run yet: Plan shows the predicted memory, Start trains.");
            return;
        };
        ui.label(format!(
            "{} · {} parameters, {} layers · plan {} · {} tokens of data · predicted peak {}",
            prepared.device,
            millions(prepared.params),
            prepared.layers,
            prepared.plan,
            prepared.tokens,
            gib(prepared.peak.total()),
        ));
        let done = self.last.as_ref().map_or(0, |s| s.step);
        let fraction = done as f32 / prepared.total_steps.max(1) as f32;
        let text = match &self.last {
            Some(step) => format!(
                "step {done} / {} · loss {:.4}{} · {:.0} tokens/s",
                prepared.total_steps,
                step.loss,
                self.eval
                    .last()
                    .map_or(String::new(), |e| format!(" · eval {:.4}", e[1])),
                step.tokens_per_second,
            ),
            None => format!("step 0 / {}", prepared.total_steps),
        };
        ui.add(egui::ProgressBar::new(fraction).text(text));
    }

    fn memory(&self, ui: &mut egui::Ui, height: f32) {
        let Some(prepared) = &self.prepared else {
            return;
        };
        let measured = self.measured.as_ref();
        let measured_peak = measured.and_then(|m| m.measured.iter().map(|(_, b)| *b).max());
        ui.columns(2, |columns| {
            columns[0].label("Predicted peak by part, and the measured peak");
            charts::peak_parts(&mut columns[0], &prepared.peak, measured_peak, height);
            columns[1].label("Bytes in use through one step: predicted and measured");
            let samples = measured.map_or(&[][..], |m| &m.measured[..]);
            charts::samples(&mut columns[1], &prepared.predicted, samples, height);
        });
        let peak = &prepared.peak;
        let at = |point: Point| {
            (prepared.predicted.iter())
                .find(|(p, _)| *p == point)
                .map(|(_, bytes)| *bytes)
        };
        egui::Grid::new("parts").striped(true).show(ui, |ui| {
            ui.strong("part");
            ui.strong("predicted");
            ui.strong("measured");
            ui.end_row();
            let row =
                |ui: &mut egui::Ui, name: &str, predicted: Option<u64>, measured: Option<u64>| {
                    ui.label(name);
                    ui.label(predicted.map_or_else(|| "-".into(), gib));
                    ui.label(measured.map_or_else(|| "not yet (sampled at step 2)".into(), gib));
                    ui.end_row();
                };
            row(
                ui,
                "weights + optimizer state (step start)",
                Some(peak.weights + peak.optimizer),
                measured.map(|m| m.measured_start),
            );
            row(
                ui,
                "saved activations (end of forward)",
                at(Point::EndOfForward)
                    .map(|end| end.saturating_sub(peak.weights + peak.optimizer)),
                measured.map(|m| m.measured_saved),
            );
            row(ui, "peak", Some(peak.total()), measured_peak);
        });
        let on_cpu = (self.planned_with.as_ref()).is_some_and(|s| s.device == DeviceChoice::Cpu);
        if on_cpu {
            ui.label("(the CPU backend has no device pool: the window does not count host memory)");
        }
    }

    fn text(&mut self, ui: &mut egui::Ui) {
        if let Some((step, text)) = self.samples.last() {
            let prompt = self.prepared.as_ref().map_or("", |p| p.prompt.as_str());
            ui.label(RichText::new(format!("Sample at step {step}")).strong());
            ui.label(format!("{prompt}{text}"));
        }
        ui.separator();
        ui.horizontal(|ui| {
            ui.label("prompt");
            ui.add(egui::TextEdit::singleline(&mut self.prompt).desired_width(400.0));
            let can = self.prepared.is_some() && !self.generating;
            if ui.add_enabled(can, egui::Button::new("Generate")).clicked() {
                self.generated.clear();
                self.generating = true;
                self.worker.send(Command::Generate(self.prompt.clone()));
            }
        });
        if !self.generated.is_empty() || self.generating {
            ui.label(format!("{}{}", self.prompt, self.generated));
        }
    }
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        while let Ok(event) = self.worker.events.try_recv() {
            self.hear(event);
        }
        if let Some(mut autorun) = self.autorun.take() {
            autorun.drive(self, ui.ctx());
            self.autorun = Some(autorun);
        }
        egui::Panel::top("title").show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.heading("remat");
                ui.label(&self.gpu.description);
            });
            if let Some(adapter) = &self.software {
                ui.colored_label(
                    Color32::from_rgb(200, 140, 0),
                    format!(
                        "No GPU found: wgpu runs on the software adapter {adapter}, which trains slowly (the CPU device is often faster)."
                    ),
                );
            }
        });
        egui::Panel::left("setup")
            .resizable(false)
            .exact_size(300.0)
            .show(ui, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| self.controls(ui));
            });
        egui::CentralPanel::default_margins().show(ui, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                self.progress(ui);
                let height = (ui.available_height() / 3.0).clamp(160.0, 320.0);
                charts::loss(ui, &self.train, &self.eval, height);
                self.memory(ui, height * 0.8);
                self.text(ui);
            });
        });
    }
}

fn millions(n: usize) -> String {
    format!("{:.2}M", n as f64 / 1e6)
}
