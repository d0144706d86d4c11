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

impl SelectedDevice {
    #[cfg(not(target_family = "wasm"))]
    fn because(mut self, reason: &str) -> Self {
        self.description = format!("{} ({reason})", self.description);
        self
    }
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
        description: format!(
            "wgpu: {} ({:?}, {:?})",
            info.name, info.backend, info.device_type
        ),
    })
}

/// The adapters wgpu sees on this machine (Vulkan, Metal, DX12 or WebGPU).
#[cfg(not(target_family = "wasm"))]
pub fn wgpu_adapters() -> Vec<burn::tensor::wgpu::wgpu::AdapterInfo> {
    use burn::tensor::wgpu::wgpu;
    let mut descriptor = wgpu::InstanceDescriptor::new_without_display_handle_from_env();
    descriptor.backends &= wgpu::Backends::PRIMARY;
    let backends = descriptor.backends;
    let instance = wgpu::Instance::new(descriptor);
    pollster::block_on(instance.enumerate_adapters(backends))
        .iter()
        .map(|adapter| adapter.get_info())
        .collect()
}

/// Why `auto` should not use wgpu here, if it should not: no adapter, or only a software
/// rasterizer (such as Mesa's lavapipe), which trains far slower than the CPU backend.
#[cfg(not(target_family = "wasm"))]
fn reason_to_skip_wgpu() -> Option<String> {
    use burn::tensor::wgpu::wgpu::DeviceType;
    let adapters = wgpu_adapters();
    if adapters.iter().any(|a| a.device_type != DeviceType::Cpu) {
        return None;
    }
    Some(match adapters.first() {
        None => "wgpu found no adapter".into(),
        Some(a) => format!(
            "wgpu found only the software adapter `{}`, which is slower than the CPU backend (--device wgpu uses it anyway)",
            a.name
        ),
    })
}

/// Resolves `choice`; `auto` takes a GPU through wgpu, else the CPU with one line saying why.
#[cfg(not(target_family = "wasm"))]
pub fn select(choice: DeviceChoice) -> Result<SelectedDevice> {
    let selected = match choice {
        DeviceChoice::Cpu => cpu(),
        DeviceChoice::Wgpu => wgpu()?,
        DeviceChoice::Auto => match reason_to_skip_wgpu() {
            Some(reason) => cpu().because(&reason),
            None => wgpu().unwrap_or_else(|e| cpu().because(&e.to_string())),
        },
    };
    tracing::info!("device: {}", selected.description);
    Ok(selected)
}
