//! The test mode (`--autorun STEPS`): the window presses its own Start button on the default
//! form (the tiny preset on the built-in stories), trains, and when the run is done takes a
//! screenshot of itself, writes a report of what it showed, and closes.

use std::path::PathBuf;

use serde::Serialize;

use crate::app::{App, Status};

pub struct Autorun {
    pub steps: usize,
    pub screenshot: PathBuf,
    pub report: PathBuf,
    phase: Phase,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Start,
    Training,
    /// Done; frames drawn since, so the last step's curves are on screen before the shot.
    Settling(u32),
    Shooting,
    Closed,
}

/// What the window showed at the end, for the test to check.
#[derive(Serialize)]
struct Report<'a> {
    train_loss: Vec<f64>,
    eval_loss: &'a [[f64; 2]],
    plan: Option<&'a str>,
    predicted_peak_bytes: Option<u64>,
    measured_peak_bytes: Option<u64>,
    sample: Option<&'a str>,
    error: Option<&'a str>,
    screenshot: Option<&'a std::path::Path>,
}

impl Autorun {
    pub fn new(steps: usize, screenshot: PathBuf, report: PathBuf) -> Self {
        Self {
            steps,
            screenshot,
            report,
            phase: Phase::Start,
        }
    }

    /// One frame's part: press Start, wait, shoot, report.
    pub fn drive(&mut self, app: &mut App, ctx: &egui::Context) {
        if app.error.is_some() && self.phase != Phase::Closed {
            self.finish(app, ctx, false);
            return;
        }
        match self.phase {
            Phase::Start => {
                app.form.steps = self.steps;
                app.start();
                self.phase = Phase::Training;
            }
            Phase::Training if app.status == Status::Done && !app.samples.is_empty() => {
                self.phase = Phase::Settling(0);
            }
            Phase::Settling(frames) if frames >= 3 => {
                ctx.send_viewport_cmd(egui::ViewportCommand::Screenshot(Default::default()));
                self.phase = Phase::Shooting;
            }
            Phase::Settling(frames) => self.phase = Phase::Settling(frames + 1),
            Phase::Shooting => {
                let image = ctx.input(|input| {
                    input.raw.events.iter().find_map(|event| match event {
                        egui::Event::Screenshot { image, .. } => Some(image.clone()),
                        _ => None,
                    })
                });
                if let Some(image) = image {
                    if let Err(e) = save_png(&self.screenshot, &image) {
                        app.error = Some(e.to_string());
                    }
                    self.finish(app, ctx, app.error.is_none());
                }
            }
            Phase::Training | Phase::Closed => {}
        }
        // Keep frames coming while waiting.
        ctx.request_repaint_after(std::time::Duration::from_millis(100));
    }

    fn finish(&mut self, app: &App, ctx: &egui::Context, shot: bool) {
        let measured = app.measured.as_ref();
        let report = Report {
            train_loss: app.train.iter().map(|p| p[1]).collect(),
            eval_loss: &app.eval,
            plan: app.prepared.as_ref().map(|p| p.plan.as_str()),
            predicted_peak_bytes: app.prepared.as_ref().map(|p| p.peak.total()),
            measured_peak_bytes: measured.and_then(|m| m.measured.iter().map(|(_, b)| *b).max()),
            sample: app.samples.last().map(|(_, text)| text.as_str()),
            error: app.error.as_deref(),
            screenshot: shot.then_some(self.screenshot.as_path()),
        };
        let json = serde_json::to_string_pretty(&report).expect("the report serializes");
        if let Err(e) = std::fs::write(&self.report, json) {
            eprintln!("{}: {e}", self.report.display());
        }
        self.phase = Phase::Closed;
        ctx.send_viewport_cmd(egui::ViewportCommand::Close);
    }
}

fn save_png(path: &std::path::Path, image: &egui::ColorImage) -> anyhow::Result<()> {
    let [width, height] = image.size;
    let bytes: Vec<u8> = image.pixels.iter().flat_map(|p| p.to_array()).collect();
    image::save_buffer(
        path,
        &bytes,
        width as u32,
        height as u32,
        image::ExtendedColorType::Rgba8,
    )
    .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
}
