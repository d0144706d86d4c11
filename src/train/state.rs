//! What a save records of a run besides its weights and optimizer state, and a run read back
//! from a save.

use burn::optim::ModuleOptimizer;
use serde::Deserialize as _;

use super::settings::RunSettings;
use crate::error::{Error, Result};
use crate::model::llama::Llama;
use crate::tokenizer::TextTokenizer;

/// Where a run is, besides its weights and optimizer state: what `trainer_state.json` holds.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TrainerState {
    /// Optimizer steps done.
    pub step: usize,
    /// Which run made this save (kept across resumes): a run only ever deletes its own saves.
    /// Empty in saves from before it was recorded: their runs go on with it empty and delete
    /// nothing.
    #[serde(default)]
    pub run_id: String,
    /// The run's [`RunSettings`]. Saves of remat before settings were typed hold the command
    /// line's arguments here instead: [`TrainerState::settings`] says so.
    pub settings: serde_json::Value,
}

impl TrainerState {
    /// The run's settings, or an error naming `file` when they are not settings of this remat.
    pub fn settings(&self, file: &str) -> Result<RunSettings> {
        RunSettings::deserialize(&self.settings).map_err(|e| {
            Error::input(
                file,
                format!("`settings` are not the settings of a run of this remat ({e})"),
            )
        })
    }
}

/// A run read back from a save: its model, optimizer state, tokenizer and state.
pub struct Resumed {
    pub model: Llama,
    pub optimizer: ModuleOptimizer,
    pub state: TrainerState,
    pub tokenizer: TextTokenizer,
    pub dir: std::path::PathBuf,
}
