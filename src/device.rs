//! Picking the device: a wgpu adapter (Vulkan, Metal, DX12, WebGPU) or the pure-Rust CPU
//! backend, said once.

use std::fmt;
use std::str::FromStr;

use burn::prelude::*;

use crate::error::{Error, Result};

/// What the user asked for with `--device`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DeviceChoice {
    /// A wgpu adapter if there is one, else the CPU.
    #[default]
    Auto,
    Wgpu,
    Cpu,
}

impl FromStr for DeviceChoice {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        match s {
            "auto" => Ok(Self::Auto),
            "wgpu" | "gpu" => Ok(Self::Wgpu),
            "cpu" | "flex" => Ok(Self::Cpu),
            other => Err(Error::input(
                "--device",
                format!("`{other}` is not a device (auto, wgpu, cpu)"),
            )),
        }
    }
}

impl fmt::Display for DeviceChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Auto => "auto",
            Self::Wgpu => "wgpu",
            Self::Cpu => "cpu",
        })
    }
}

/// The device a run uses, with a line that says what it is.
#[derive(Debug, Clone)]
pub struct SelectedDevice {
    /// The device without autodiff; `device.clone().autodiff()` trains on it.
    pub device: Device,
    pub description: String,
}

/// The pure-Rust CPU backend.
pub fn cpu() -> SelectedDevice {
    SelectedDevice {
        device: Device::flex(),
        description: "cpu (Burn flex backend)".into(),
    }
}

/// Initializes the default wgpu adapter.
#[cfg(not(target_family = "wasm"))]
pub fn wgpu() -> Result<SelectedDevice> {
    let (device, setup) = Device::wgpu_options()
        .init_with_setup()
        .map_err(|e| Error::Device(format!("no usable wgpu adapter: {e}")))?;
    let info = setup.adapter.get_info();
    Ok(SelectedDevice {
        device,
        description: format!("wgpu: {} ({:?}, {:?})", info.name, info.backend, info.device_type),
    })
}

/// Resolves `choice`; `auto` falls back to the CPU with one warning saying why.
#[cfg(not(target_family = "wasm"))]
pub fn select(choice: DeviceChoice) -> Result<SelectedDevice> {
    let selected = match choice {
        DeviceChoice::Cpu => cpu(),
        DeviceChoice::Wgpu => wgpu()?,
        DeviceChoice::Auto => wgpu().unwrap_or_else(|e| {
            tracing::warn!("{e}; falling back to the CPU");
            cpu()
        }),
    };
    tracing::info!("device: {}", selected.description);
    Ok(selected)
}
