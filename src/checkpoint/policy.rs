//! What to do with each decoder layer's activations, and plans made of those choices.

use std::fmt;
use std::ops::Range;
use std::str::FromStr;

use super::budget::Budget;
use crate::error::{Error, Result};

/// What the executor does with one decoder layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Policy {
    /// Keep every activation for backward (plain autodiff).
    Keep,
    /// Keep only the layer input on the device; recompute the layer in backward.
    Recompute,
    /// Move the layer input to host memory; bring it back and recompute in backward.
    Offload,
}

impl Policy {
    pub fn letter(self) -> char {
        match self {
            Self::Keep => 'K',
            Self::Recompute => 'R',
            Self::Offload => 'O',
        }
    }

    fn from_letter(c: char) -> Option<Self> {
        match c.to_ascii_uppercase() {
            'K' => Some(Self::Keep),
            'R' => Some(Self::Recompute),
            'O' => Some(Self::Offload),
            _ => None,
        }
    }
}

/// One policy per decoder layer, printed as a string such as `KKRRRROO`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Plan {
    pub layers: Vec<Policy>,
}

impl Plan {
    /// Every layer kept: plain autodiff.
    pub fn none(layers: usize) -> Self {
        Self {
            layers: vec![Policy::Keep; layers],
        }
    }

    /// Every layer recomputed, as HF's `gradient_checkpointing_enable()`.
    pub fn recompute(layers: usize) -> Self {
        Self {
            layers: vec![Policy::Recompute; layers],
        }
    }

    /// Every layer's input offloaded to host except the last one's, which backward needs first
    /// (Unsloth's `use_gradient_checkpointing="unsloth"`).
    pub fn offload(layers: usize) -> Self {
        let mut plan = vec![Policy::Offload; layers];
        if let Some(last) = plan.last_mut() {
            *last = Policy::Recompute;
        }
        Self { layers: plan }
    }

    /// A preset (`none`, `recompute`, `offload`) or one letter per layer (`K`, `R`, `O`).
    pub fn parse(spec: &str, layers: usize) -> Result<Self> {
        match spec {
            "none" | "keep" => return Ok(Self::none(layers)),
            "recompute" => return Ok(Self::recompute(layers)),
            "offload" => return Ok(Self::offload(layers)),
            _ => {}
        }
        let policies: Option<Vec<Policy>> = spec.chars().map(Policy::from_letter).collect();
        let Some(policies) = policies else {
            return Err(Error::input(
                "plan",
                format!(
                    "`{spec}` is neither a preset (none, recompute, offload) nor one of K, R, O per layer"
                ),
            ));
        };
        if policies.len() != layers {
            return Err(Error::input(
                "plan",
                format!(
                    "`{spec}` has {} letters, but the model has {layers} layers",
                    policies.len()
                ),
            ));
        }
        Ok(Self { layers: policies })
    }

    pub fn len(&self) -> usize {
        self.layers.len()
    }

    pub fn is_empty(&self) -> bool {
        self.layers.is_empty()
    }

    /// Consecutive layers the executor runs as one unit: each run of Keep layers is one
    /// autodiff segment, each Recompute or Offload layer is its own.
    pub fn segments(&self) -> Vec<(Range<usize>, Policy)> {
        let mut segments: Vec<(Range<usize>, Policy)> = Vec::new();
        for (i, &policy) in self.layers.iter().enumerate() {
            match segments.last_mut() {
                Some((range, Policy::Keep)) if policy == Policy::Keep => range.end = i + 1,
                _ => segments.push((i..i + 1, policy)),
            }
        }
        segments
    }
}

impl fmt::Display for Plan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.layers
            .iter()
            .try_for_each(|p| write!(f, "{}", p.letter()))
    }
}

/// The checkpoint plan of a run: a fixed plan, or the fastest that fits a memory budget.
#[derive(Debug, Clone, PartialEq)]
pub enum PlanSpec {
    /// Every layer kept (`none`), recomputed (`recompute`), offloaded (`offload`), or one
    /// letter per layer; fixed plans have as many letters as the model has layers.
    Fixed(FixedPlan),
    /// The fastest plan whose predicted peak fits the budget.
    Auto(Budget),
}

/// A plan given before the model's depth is known: a preset, or one policy per layer.
#[derive(Debug, Clone, PartialEq)]
pub enum FixedPlan {
    None,
    Recompute,
    Offload,
    Layers(Plan),
}

impl FixedPlan {
    /// The plan for a model of `layers` layers.
    pub fn resolve(&self, layers: usize) -> Result<Plan> {
        match self {
            Self::None => Ok(Plan::none(layers)),
            Self::Recompute => Ok(Plan::recompute(layers)),
            Self::Offload => Ok(Plan::offload(layers)),
            Self::Layers(plan) => Plan::parse(&plan.to_string(), layers),
        }
    }
}

impl FromStr for PlanSpec {
    type Err = Error;

    /// `none`, `recompute`, `offload`, `KKRO` (one letter per layer), or `auto 6GiB`.
    fn from_str(text: &str) -> Result<Self> {
        let text = text.trim();
        if let Some(budget) = text.strip_prefix("auto") {
            return match budget.trim() {
                "" => Err(Error::input(
                    "budget",
                    "the auto plan needs a budget (e.g. 6GiB or 80%)",
                )),
                budget => Ok(Self::Auto(budget.parse()?)),
            };
        }
        Ok(Self::Fixed(match text {
            "none" | "keep" => FixedPlan::None,
            "recompute" => FixedPlan::Recompute,
            "offload" => FixedPlan::Offload,
            letters => FixedPlan::Layers(Plan::parse(letters, letters.chars().count())?),
        }))
    }
}

impl fmt::Display for PlanSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Fixed(FixedPlan::None) => f.write_str("none"),
            Self::Fixed(FixedPlan::Recompute) => f.write_str("recompute"),
            Self::Fixed(FixedPlan::Offload) => f.write_str("offload"),
            Self::Fixed(FixedPlan::Layers(plan)) => write!(f, "{plan}"),
            Self::Auto(budget) => write!(f, "auto {budget}"),
        }
    }
}

impl serde::Serialize for PlanSpec {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for PlanSpec {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_and_strings() {
        assert_eq!(Plan::none(3).to_string(), "KKK");
        assert_eq!(Plan::recompute(3).to_string(), "RRR");
        assert_eq!(Plan::offload(4).to_string(), "OOOR");
        assert_eq!(Plan::parse("offload", 2).unwrap().to_string(), "OR");
        assert_eq!(Plan::parse("krko", 4).unwrap().to_string(), "KRKO");
    }

    #[test]
    fn bad_plans_are_errors() {
        let err = Plan::parse("KRK", 4).unwrap_err().to_string();
        assert!(
            err.contains("has 3 letters, but the model has 4 layers"),
            "{err}"
        );
        let err = Plan::parse("fast", 4).unwrap_err().to_string();
        assert!(err.contains("`fast` is neither a preset"), "{err}");
    }

    #[test]
    fn keep_runs_form_one_segment() {
        let plan = Plan::parse("KKROKK", 6).unwrap();
        let segments = plan.segments();
        assert_eq!(
            segments,
            vec![
                (0..2, Policy::Keep),
                (2..3, Policy::Recompute),
                (3..4, Policy::Offload),
                (4..6, Policy::Keep)
            ]
        );
    }
    #[test]
    fn plan_specs_parse_and_print() {
        for text in ["none", "recompute", "offload", "KRO", "auto 80%"] {
            assert_eq!(text.parse::<PlanSpec>().unwrap().to_string(), text);
        }
        let err = "auto".parse::<PlanSpec>().unwrap_err().to_string();
        assert!(err.starts_with("budget:"), "{err}");
        let plan: PlanSpec = "KR".parse().unwrap();
        let PlanSpec::Fixed(fixed) = plan else {
            panic!("fixed")
        };
        let err = fixed.resolve(4).unwrap_err().to_string();
        assert!(
            err.contains("has 2 letters, but the model has 4 layers"),
            "{err}"
        );
    }
}
