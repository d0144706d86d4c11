//! The library's error type: every variant names the file, tensor or field at fault.

use std::path::PathBuf;

/// Errors from loading, validating and running models.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: invalid JSON: {source}")]
    Json {
        path: PathBuf,
        #[source]
        source: serde_json::Error,
    },
    #[error("config field `{field}`: {message}")]
    Config { field: String, message: String },
    #[error("{file}: not a valid safetensors file: {message}")]
    Safetensors { file: String, message: String },
    #[error("{file}: tensor `{tensor}` is missing")]
    MissingTensor { file: String, tensor: String },
    #[error("{file}: unexpected tensor `{tensor}` (not part of a {model} with this config)")]
    ExtraTensor {
        file: String,
        tensor: String,
        model: String,
    },
    #[error("{file}: tensor `{tensor}` has shape {found:?}, expected {expected:?}")]
    Shape {
        file: String,
        tensor: String,
        expected: Vec<usize>,
        found: Vec<usize>,
    },
    #[error("{file}: tensor `{tensor}` has dtype {dtype}, expected {expected}")]
    Dtype {
        file: String,
        tensor: String,
        dtype: String,
        expected: String,
    },
    #[error("{what}: {message}")]
    Input { what: String, message: String },
    /// Training diverged: a loss, gradient or weight that is NaN or infinite.
    #[error("{what}: {message}")]
    NonFinite { what: String, message: String },
    #[error("device: {0}")]
    Device(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    pub(crate) fn config(field: &str, message: impl Into<String>) -> Self {
        Error::Config {
            field: field.to_string(),
            message: message.into(),
        }
    }

    pub(crate) fn non_finite(what: impl Into<String>, message: impl Into<String>) -> Self {
        Error::NonFinite {
            what: what.into(),
            message: message.into(),
        }
    }

    /// A setting or input (`what`) that is wrong, and why.
    pub fn input(what: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Input {
            what: what.into(),
            message: message.into(),
        }
    }
}
