//! A device memory budget for the planner: bytes, or a share of what the device reports.

use crate::error::{Error, Result};

/// A device memory budget: bytes, or a share of what the device reports.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Budget {
    Bytes(u64),
    /// A fraction in (0, 1].
    Share(f64),
}

impl std::str::FromStr for Budget {
    type Err = Error;

    /// `6GiB`, `512MiB`, `8GB`, `1000000` (bytes), or `80%`.
    fn from_str(text: &str) -> Result<Self> {
        let bad = |why: &str| Error::input("budget", format!("`{text}`: {why}"));
        let text = text.trim();
        if let Some(percent) = text.strip_suffix('%') {
            let p: f64 = percent
                .trim()
                .parse()
                .map_err(|_| bad("expected a percentage such as 80%"))?;
            if !(p > 0.0 && p <= 100.0) {
                return Err(bad("a percentage must be in (0, 100]"));
            }
            return Ok(Self::Share(p / 100.0));
        }
        let split = text
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(text.len());
        let (number, unit) = text.split_at(split);
        let number: f64 = number
            .parse()
            .map_err(|_| bad("expected a size such as 6GiB, 512MiB or 80%"))?;
        let scale = match unit.trim().to_ascii_lowercase().as_str() {
            "" | "b" => 1.0,
            "kib" => 1024.0,
            "mib" => 1024.0 * 1024.0,
            "gib" => 1024.0 * 1024.0 * 1024.0,
            "kb" => 1e3,
            "mb" => 1e6,
            "gb" => 1e9,
            other => {
                return Err(bad(&format!(
                    "unknown unit `{other}` (B, KiB, MiB, GiB, KB, MB, GB)"
                )));
            }
        };
        if number <= 0.0 {
            return Err(bad("a budget must be positive"));
        }
        Ok(Self::Bytes((number * scale) as u64))
    }
}

impl std::fmt::Display for Budget {
    /// What [`Budget::from_str`] reads back: whole GiB or MiB, else bytes; or a percentage.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        const MIB: u64 = 1 << 20;
        match *self {
            Self::Bytes(b) if b > 0 && b % (1024 * MIB) == 0 => {
                write!(f, "{}GiB", b / (1024 * MIB))
            }
            Self::Bytes(b) if b > 0 && b % MIB == 0 => write!(f, "{}MiB", b / MIB),
            Self::Bytes(b) => write!(f, "{b}B"),
            Self::Share(s) => write!(f, "{}%", s * 100.0),
        }
    }
}

impl Budget {
    /// The budget in bytes; a share needs the device's memory.
    pub fn bytes(self, device_memory: Option<u64>) -> Result<u64> {
        match (self, device_memory) {
            (Self::Bytes(b), _) => Ok(b),
            (Self::Share(s), Some(total)) => Ok((s * total as f64) as u64),
            (Self::Share(_), None) => Err(Error::input(
                "budget",
                "this device does not report its memory size; give the budget in bytes (e.g. 6GiB)",
            )),
        }
    }
}
