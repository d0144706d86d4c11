//! Files handed to a run in memory: what a person picked in a page, where the library has no
//! file system. The settings name them ([`super::settings::ModelSource::Picked`],
//! [`super::settings::DataSource::Picked`]); their bytes travel beside the settings, so a run's
//! recorded settings never hold a model.

use super::data::{Document, documents_from_bytes};
use crate::config::LlamaConfig;
use crate::error::{Error, Result};
use crate::tokenizer::TextTokenizer;
use crate::weights::TensorStore;

/// The files of an HF model folder.
#[derive(Debug, Clone, Default)]
pub struct PickedModel {
    /// The folder's name, as the settings give it.
    pub name: String,
    pub config: Vec<u8>,
    /// `model.safetensors` (a sharded model is read natively, from its folder).
    pub weights: Vec<u8>,
    pub tokenizer: Option<Vec<u8>>,
}

/// A text file: `.txt`, `.md`, or `.jsonl` with a `"text"` field per line.
#[derive(Debug, Clone, Default)]
pub struct PickedText {
    /// The file's name, as the settings give it.
    pub name: String,
    pub bytes: Vec<u8>,
}

/// What a front-end read for a run.
#[derive(Debug, Clone, Default)]
pub struct Picked {
    pub model: Option<PickedModel>,
    pub data: Option<PickedText>,
}

impl Picked {
    /// The model picked as `name`.
    pub fn model(&self, name: &str) -> Result<&PickedModel> {
        match &self.model {
            Some(model) if model.name == name => Ok(model),
            _ => Err(Error::input(
                "model",
                format!("`{name}` was picked, but its files were not handed to the run"),
            )),
        }
    }

    /// The documents of the text picked as `name`.
    pub fn documents(&self, name: &str) -> Result<Vec<Document>> {
        match &self.data {
            Some(text) if text.name == name => documents_from_bytes(name, text.bytes.clone()),
            _ => Err(Error::input(
                "data",
                format!("`{name}` was picked, but its bytes were not handed to the run"),
            )),
        }
    }
}

impl PickedModel {
    fn file(&self, name: &str) -> String {
        format!("{}/{name}", self.name)
    }

    pub fn config(&self) -> Result<LlamaConfig> {
        let file = self.file("config.json");
        let text =
            std::str::from_utf8(&self.config).map_err(|_| Error::input(&file, "not UTF-8 text"))?;
        LlamaConfig::from_json(text, std::path::Path::new(&file))
    }

    pub fn weights(&self) -> Result<TensorStore> {
        TensorStore::from_safetensors(&self.weights, &self.file("model.safetensors"))
    }

    /// The model's `tokenizer.json` (`eos` as [`TextTokenizer::load`] takes it); missing is an
    /// error saying what to pick.
    pub fn tokenizer(&self, eos: Option<u32>) -> Result<TextTokenizer> {
        let file = self.file("tokenizer.json");
        let bytes = self.tokenizer.as_deref().ok_or_else(|| {
            Error::input(
                "tokenizer",
                format!("{file}: missing; pick the model's tokenizer.json with it"),
            )
        })?;
        let text = std::str::from_utf8(bytes).map_err(|_| Error::input(&file, "not UTF-8 text"))?;
        TextTokenizer::from_json(text, eos, &file)
    }
}
