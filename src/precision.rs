//! The floating-point type of a run's frozen weights and activations (`--dtype`), and which
//! devices run it. What is trained stays float32 (the master weights and AdamW's moments), as
//! in mixed-precision training with PyTorch: a trained weight is cast to the run's type where
//! the forward uses it (Burn's `cast`, a no-op where the type already matches), and its
//! gradient comes back in float32 through the cast.

use std::fmt;
use std::str::FromStr;

use burn::tensor::DType;

use crate::device::SelectedDevice;
use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    #[default]
    F32,
    /// bfloat16: float32's range, 8 bits of mantissa.
    Bf16,
    /// IEEE half: 11 bits of mantissa, range to 65504.
    F16,
}

impl Precision {
    pub fn dtype(self) -> DType {
        match self {
            Self::F32 => DType::F32,
            Self::Bf16 => DType::BF16,
            Self::F16 => DType::F16,
        }
    }

    /// Bytes of one element.
    pub fn bytes(self) -> u64 {
        match self {
            Self::F32 => 4,
            Self::Bf16 | Self::F16 => 2,
        }
    }

    /// Whether `device` runs this type, or why not (naming the setting `dtype`).
    pub fn check_on(self, device: &SelectedDevice) -> Result<()> {
        if self == Self::F32 || device.device.supports_dtype(self.dtype()) {
            return Ok(());
        }
        let on_wgpu = device.description.starts_with("wgpu");
        let why = match (self, on_wgpu) {
            (Self::Bf16, true) => {
                "WGSL, the shading language of wgpu, has no bfloat16: use `dtype` f16 on an adapter with shader-f16, or `device` cuda or cpu for bf16".to_string()
            }
            (Self::F16, true) => {
                "this adapter lacks the shader-f16 feature (WGSL's f16): use `dtype` f32, or `device` cuda or cpu".to_string()
            }
            _ => format!("{} does not run it: use `dtype` f32", device.description),
        };
        Err(Error::input(
            "dtype",
            format!("{self} on {}: {why}", device.description),
        ))
    }
}

impl FromStr for Precision {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        match s {
            "f32" | "float32" => Ok(Self::F32),
            "bf16" | "bfloat16" => Ok(Self::Bf16),
            "f16" | "float16" => Ok(Self::F16),
            other => Err(Error::input(
                "dtype",
                format!("`{other}` is not a type remat trains in (f32, bf16, f16)"),
            )),
        }
    }
}

impl fmt::Display for Precision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::F32 => "f32",
            Self::Bf16 => "bf16",
            Self::F16 => "f16",
        })
    }
}
