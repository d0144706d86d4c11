//! The training thread: it owns the library's [`Run`] and does what the window asks, one
//! command at a time, between optimizer steps; the window hears back through [`Event`]s and
//! never waits on it.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::thread::JoinHandle;

use remat::checkpoint::memory_model::Prediction;
use remat::checkpoint::{MemoryProbe, Peak, Point};
use remat::device::SelectedDevice;
use remat::train::run::{Run, memory_model};
use remat::train::settings::RunSettings;
use std::time::Instant;

/// What the window asks of the training thread.
pub enum Command {
    /// Read the data and model and plan the step (replacing any run there was).
    Prepare(Box<RunSettings>, SelectedDevice),
    /// Train from where the run is until it is done or paused.
    Train,
    Pause,
    /// Save the run as it is now into this folder (`checkpoint-STEP`, an HF folder inside).
    Save(PathBuf),
    /// Continue this prompt with the run's model.
    Generate(String),
}

/// What the planner decided before the first step.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub device: String,
    pub plan: String,
    pub peak: Peak,
    /// Bytes in use the memory model predicts at each of the step's samples.
    pub predicted: Vec<(Point, u64)>,
    pub params: usize,
    pub layers: usize,
    pub tokens: usize,
    pub total_steps: usize,
    pub prompt: String,
}

/// One optimizer step, as the window plots it.
#[derive(Debug, Clone)]
pub struct StepDone {
    pub step: usize,
    pub loss: f32,
    pub eval_loss: Option<f32>,
    pub tokens_per_second: f64,
    /// Bytes in use at each sample of the step, where it sampled.
    pub measured: Vec<(Point, u64)>,
    pub measured_start: u64,
    pub measured_saved: u64,
}

/// What the training thread tells the window.
pub enum Event {
    Prepared(Box<Prepared>),
    Step(StepDone),
    /// A sample of the run's prompt, every few steps.
    Sample {
        step: usize,
        text: String,
    },
    Paused,
    Done,
    Saved(PathBuf),
    /// A piece of the text `Generate` asked for, as it is decoded.
    Generated(String),
    GenerateDone,
    Error(String),
}

/// The window's end of the training thread.
pub struct Worker {
    commands: Sender<Command>,
    pub events: Receiver<Event>,
    _thread: JoinHandle<()>,
}

impl Worker {
    /// Starts the thread; `wake` is called after each event (the window repaints).
    pub fn spawn(sample_every: usize, wake: impl Fn() + Send + 'static) -> Self {
        let (commands, inbox) = channel();
        let (outbox, events) = channel();
        let thread = std::thread::Builder::new()
            .name("remat training".into())
            .spawn(move || {
                let mut worker = Training {
                    run: None,
                    training: false,
                    sample_every,
                    outbox,
                    wake: Box::new(wake),
                };
                worker.serve(inbox);
            })
            .expect("the training thread starts");
        Self {
            commands,
            events,
            _thread: thread,
        }
    }

    pub fn send(&self, command: Command) {
        // The thread ends only when the window drops its end.
        let _ = self.commands.send(command);
    }
}

struct Training {
    run: Option<Run>,
    training: bool,
    sample_every: usize,
    outbox: Sender<Event>,
    wake: Box<dyn Fn() + Send>,
}

impl Training {
    fn serve(&mut self, inbox: Receiver<Command>) {
        loop {
            let command = match self.training {
                true => match inbox.try_recv() {
                    Ok(command) => Some(command),
                    Err(TryRecvError::Empty) => None,
                    Err(TryRecvError::Disconnected) => return,
                },
                false => match inbox.recv() {
                    Ok(command) => Some(command),
                    Err(_) => return,
                },
            };
            if let Some(command) = command
                && let Err(e) = self.handle(command)
            {
                self.training = false;
                self.say(Event::Error(e.to_string()));
            }
            if self.training
                && let Err(e) = self.step()
            {
                self.training = false;
                self.say(Event::Error(format!("training stopped: {e}")));
            }
        }
    }

    fn say(&self, event: Event) {
        let _ = self.outbox.send(event);
        (self.wake)();
    }

    fn run(&self) -> remat::Result<&Run> {
        self.run
            .as_ref()
            .ok_or_else(|| remat::Error::input("run", "plan a run first"))
    }

    fn handle(&mut self, command: Command) -> remat::Result<()> {
        match command {
            Command::Prepare(settings, device) => {
                self.training = false;
                self.run = None;
                let run = Run::prepare(*settings, device, None)?;
                let model = memory_model(run.settings(), &run.model().config, run.kernels());
                let Prediction { points, .. } = model.predict(run.schedule());
                let summary = run.summary();
                let prepared = Prepared {
                    device: run.device().description.clone(),
                    plan: run.planned().plan.to_string(),
                    peak: run.planned().peak,
                    predicted: points,
                    params: summary.params,
                    layers: summary.layers,
                    tokens: summary.tokens,
                    total_steps: summary.total_steps,
                    prompt: run.prompt().to_string(),
                };
                self.run = Some(run);
                self.say(Event::Prepared(Box::new(prepared)));
            }
            Command::Train => {
                self.run()?;
                self.training = true;
            }
            Command::Pause => {
                if self.training {
                    self.training = false;
                    self.say(Event::Paused);
                }
            }
            Command::Save(out) => {
                let dir = remat::block_on(self.run()?.save(&out))?;
                self.say(Event::Saved(dir));
            }
            Command::Generate(prompt) => {
                let run = self.run()?;
                let outbox = self.outbox.clone();
                let wake = &self.wake;
                remat::block_on(run.sample(&prompt, |piece| {
                    let _ = outbox.send(Event::Generated(piece.to_string()));
                    wake();
                }))?;
                self.say(Event::GenerateDone);
            }
        }
        Ok(())
    }

    fn step(&mut self) -> remat::Result<()> {
        let Some(run) = self.run.as_mut() else {
            self.training = false;
            return Ok(());
        };
        let started = Instant::now();
        let report = remat::block_on(run.train_step(Some(MemoryProbe::default())))?;
        let seconds = started.elapsed().as_secs_f64();
        let eval_loss = match report.eval_due {
            true => remat::block_on(run.eval())?,
            false => None,
        };
        let memory = &report.stats.memory;
        let done = StepDone {
            step: report.step,
            loss: report.stats.loss,
            eval_loss,
            tokens_per_second: run.tokens_per_step() as f64 / seconds.max(1e-9),
            measured: memory.samples.clone(),
            measured_start: memory.start_bytes,
            measured_saved: memory.saved_after_forward_bytes,
        };
        let finished = run.is_done();
        let sample = self.sample_every > 0 && (report.step % self.sample_every == 0 || finished);
        self.say(Event::Step(done));
        if sample {
            let run = self.run()?;
            let text = remat::block_on(run.sample(run.prompt(), |_| {}))?;
            self.say(Event::Sample {
                step: report.step,
                text,
            });
        }
        if finished {
            self.training = false;
            self.say(Event::Done);
        }
        Ok(())
    }
}
