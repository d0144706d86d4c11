//! The set-up form: what a person picks before training (model, data, plan, sizes, device),
//! drawn as controls and turned into the library's [`RunSettings`].

use std::path::PathBuf;

use remat::checkpoint::PlanSpec;
use remat::device::DeviceChoice;
use remat::presets::PRESETS;
use remat::train::settings::{DataSource, Length, ModelSource, RunSettings};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModelPick {
    Preset,
    Folder,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataPick {
    Stories,
    File,
}

/// The plans offered by name; `Letters` takes one letter per layer (K keep, R recompute,
/// O offload), `Auto` a memory budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanPick {
    None,
    Recompute,
    Offload,
    Auto,
    Letters,
}

impl PlanPick {
    const ALL: [(Self, &'static str); 5] = [
        (Self::None, "none (keep every layer)"),
        (Self::Recompute, "recompute"),
        (Self::Offload, "offload to host"),
        (Self::Auto, "auto (fit a budget)"),
        (Self::Letters, "per-layer letters"),
    ];
}

/// The form's values, as the controls edit them.
#[derive(Debug, Clone)]
pub struct Form {
    pub model: ModelPick,
    pub preset: &'static str,
    pub folder: String,
    pub data: DataPick,
    pub stories: usize,
    pub file: String,
    pub plan: PlanPick,
    pub budget: String,
    pub letters: String,
    pub batch: usize,
    pub seq: usize,
    pub steps: usize,
    pub eval_every: usize,
    pub device: DeviceChoice,
    pub out: String,
}

impl Default for Form {
    fn default() -> Self {
        let run = RunSettings::default();
        Self {
            model: ModelPick::Preset,
            preset: PRESETS[0],
            folder: String::new(),
            data: DataPick::Stories,
            stories: 4000,
            file: String::new(),
            plan: PlanPick::None,
            budget: "80%".into(),
            letters: String::new(),
            batch: run.batch,
            seq: run.seq,
            steps: 200,
            eval_every: 10,
            device: DeviceChoice::Wgpu,
            out: "runs/desktop".into(),
        }
    }
}

impl Form {
    /// The run these values ask for; an error names the field that is wrong.
    pub fn settings(&self) -> remat::Result<RunSettings> {
        let model = match self.model {
            ModelPick::Preset => ModelSource::Preset(self.preset.into()),
            ModelPick::Folder => ModelSource::Folder(nonempty("model folder", &self.folder)?),
        };
        let data = match self.data {
            DataPick::Stories => DataSource::Demo {
                stories: self.stories,
            },
            DataPick::File => DataSource::Path(nonempty("data file", &self.file)?),
        };
        let plan: PlanSpec = match self.plan {
            PlanPick::None => "none".parse()?,
            PlanPick::Recompute => "recompute".parse()?,
            PlanPick::Offload => "offload".parse()?,
            PlanPick::Auto => format!("auto {}", self.budget).parse()?,
            PlanPick::Letters => match self.letters.trim() {
                "" => {
                    return Err(remat::Error::input(
                        "plan",
                        "type one letter per layer (K, R or O)",
                    ));
                }
                letters => letters.parse()?,
            },
        };
        Ok(RunSettings {
            model,
            data,
            batch: self.batch,
            seq: self.seq,
            length: Length::Steps(self.steps),
            eval_every: self.eval_every,
            plan,
            device: self.device,
            sample_tokens: 32,
            ..RunSettings::default()
        })
    }

    /// The controls; `enabled` is false while a run trains.
    pub fn ui(&mut self, ui: &mut egui::Ui, enabled: bool) {
        ui.add_enabled_ui(enabled, |ui| {
            ui.heading("Model");
            ui.radio_value(
                &mut self.model,
                ModelPick::Preset,
                "a new model of a preset size",
            );
            ui.add_enabled_ui(self.model == ModelPick::Preset, |ui| {
                egui::ComboBox::from_id_salt("preset")
                    .selected_text(self.preset)
                    .show_ui(ui, |ui| {
                        for preset in PRESETS {
                            ui.selectable_value(&mut self.preset, preset, preset);
                        }
                    });
            });
            ui.radio_value(
                &mut self.model,
                ModelPick::Folder,
                "an HF folder to fine-tune",
            );
            ui.add_enabled(
                self.model == ModelPick::Folder,
                egui::TextEdit::singleline(&mut self.folder).hint_text("path/to/model"),
            );

            ui.separator();
            ui.heading("Data");
            ui.horizontal(|ui| {
                ui.radio_value(&mut self.data, DataPick::Stories, "built-in stories");
                ui.add_enabled(
                    self.data == DataPick::Stories,
                    egui::DragValue::new(&mut self.stories).range(1..=100_000),
                );
            });
            ui.radio_value(&mut self.data, DataPick::File, "a .txt, .md or .jsonl file");
            ui.add_enabled(
                self.data == DataPick::File,
                egui::TextEdit::singleline(&mut self.file).hint_text("path/to/text"),
            );

            ui.separator();
            ui.heading("Plan");
            egui::ComboBox::from_id_salt("plan")
                .selected_text(
                    PlanPick::ALL
                        .iter()
                        .find(|(p, _)| *p == self.plan)
                        .map_or("", |p| p.1),
                )
                .show_ui(ui, |ui| {
                    for (pick, name) in PlanPick::ALL {
                        ui.selectable_value(&mut self.plan, pick, name);
                    }
                });
            match self.plan {
                PlanPick::Auto => {
                    ui.horizontal(|ui| {
                        ui.label("budget");
                        ui.text_edit_singleline(&mut self.budget)
                            .on_hover_text("bytes (6GiB, 512MiB) or a share of the device (80%)");
                    });
                }
                PlanPick::Letters => {
                    ui.horizontal(|ui| {
                        ui.label("layers");
                        ui.text_edit_singleline(&mut self.letters)
                            .on_hover_text("one letter per layer: K keep, R recompute, O offload");
                    });
                }
                _ => {}
            }

            ui.separator();
            egui::Grid::new("sizes").num_columns(2).show(ui, |ui| {
                ui.label("batch");
                ui.add(egui::DragValue::new(&mut self.batch).range(1..=4096));
                ui.end_row();
                ui.label("seq");
                ui.add(egui::DragValue::new(&mut self.seq).range(2..=131_072));
                ui.end_row();
                ui.label("steps");
                ui.add(egui::DragValue::new(&mut self.steps).range(1..=1_000_000));
                ui.end_row();
                ui.label("eval every");
                ui.add(egui::DragValue::new(&mut self.eval_every).range(0..=100_000));
                ui.end_row();
                ui.label("device");
                ui.horizontal(|ui| {
                    ui.radio_value(&mut self.device, DeviceChoice::Wgpu, "GPU (wgpu)");
                    ui.radio_value(&mut self.device, DeviceChoice::Cpu, "CPU");
                });
                ui.end_row();
            });
        });
        ui.horizontal(|ui| {
            ui.label("save to");
            ui.text_edit_singleline(&mut self.out);
        });
    }
}

fn nonempty(what: &'static str, text: &str) -> remat::Result<PathBuf> {
    match text.trim() {
        "" => Err(remat::Error::input(what, "give a path")),
        path => Ok(PathBuf::from(path)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_form_is_the_tiny_demo_on_the_gpu() {
        let settings = Form::default().settings().unwrap();
        assert_eq!(settings.model, ModelSource::Preset("tiny".into()));
        assert_eq!(settings.device, DeviceChoice::Wgpu);
        assert_eq!(settings.plan.to_string(), "none");
        settings.validate().unwrap();
    }

    #[test]
    fn a_wrong_field_is_named() {
        let form = Form {
            plan: PlanPick::Auto,
            budget: "lots".into(),
            ..Form::default()
        };
        let error = form.settings().unwrap_err().to_string();
        assert!(error.starts_with("budget: "), "{error}");
        let form = Form {
            model: ModelPick::Folder,
            ..Form::default()
        };
        assert_eq!(
            form.settings().unwrap_err().to_string(),
            "model folder: give a path"
        );
        let form = Form {
            plan: PlanPick::Letters,
            letters: "KXR".into(),
            ..Form::default()
        };
        assert!(form.settings().is_err());
    }
}
