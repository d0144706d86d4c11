//! LoRA adapters (Hu et al. 2021, as PEFT trains them): which projections get one, their rank
//! and scale. The adapter itself lives in [`super::projection`].

use std::fmt;
use std::str::FromStr;

use crate::error::{Error, Result};

/// A projection of a decoder layer, by its HF name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    QProj,
    KProj,
    VProj,
    OProj,
    GateProj,
    UpProj,
    DownProj,
}

impl Target {
    /// Every projection, in a layer's order (PEFT's `target_modules="all-linear"` for Llama).
    pub const ALL: [Target; 7] = [
        Target::QProj,
        Target::KProj,
        Target::VProj,
        Target::OProj,
        Target::GateProj,
        Target::UpProj,
        Target::DownProj,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Target::QProj => "q_proj",
            Target::KProj => "k_proj",
            Target::VProj => "v_proj",
            Target::OProj => "o_proj",
            Target::GateProj => "gate_proj",
            Target::UpProj => "up_proj",
            Target::DownProj => "down_proj",
        }
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Target {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self> {
        Target::ALL
            .into_iter()
            .find(|t| t.name() == text)
            .ok_or_else(|| {
                let all: Vec<&str> = Target::ALL.iter().map(|t| t.name()).collect();
                Error::input(
                    "lora_targets",
                    format!("`{text}` is not a projection ({})", all.join(", ")),
                )
            })
    }
}

/// The adapters of a LoRA run: rank `r`, `alpha` (the update is scaled by `alpha / r`), and the
/// projections that get one, in every layer.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LoraConfig {
    pub rank: usize,
    pub alpha: f64,
    pub targets: Vec<Target>,
}

impl LoraConfig {
    /// Rank `rank` on every projection, `alpha` = `rank` (scale 1).
    pub fn new(rank: usize) -> Self {
        Self {
            rank,
            alpha: rank as f64,
            targets: Target::ALL.to_vec(),
        }
    }

    /// The factor of the low-rank update, `alpha / r`.
    pub fn scale(&self) -> f64 {
        self.alpha / self.rank as f64
    }

    /// Checks the values, naming the setting at fault.
    pub fn validate(&self) -> Result<()> {
        if self.rank == 0 {
            return Err(Error::input("lora_rank", "must be at least 1"));
        }
        if !(self.alpha.is_finite() && self.alpha > 0.0) {
            return Err(Error::input(
                "lora_alpha",
                format!("{}: must be a positive number", self.alpha),
            ));
        }
        if self.targets.is_empty() {
            return Err(Error::input("lora_targets", "name at least one projection"));
        }
        for (i, t) in self.targets.iter().enumerate() {
            if self.targets[..i].contains(t) {
                return Err(Error::input(
                    "lora_targets",
                    format!("`{t}` is named twice"),
                ));
            }
        }
        Ok(())
    }

    pub fn targets(&self, target: Target) -> bool {
        self.targets.contains(&target)
    }
}
