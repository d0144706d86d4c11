//! Picking the device: CUDA (the `cuda` feature), a wgpu adapter (Vulkan, Metal, DX12, WebGPU)
//! or the pure-Rust CPU backend, said once.

use std::fmt;
use std::str::FromStr;

use burn::prelude::*;

use crate::error::{Error, Result};

/// Which device a run asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DeviceChoice {
    /// CUDA when built with it and a device answers, else a wgpu adapter if there is one, else
    /// the CPU.
    #[default]
    Auto,
    /// The first CUDA device (the `cuda` feature).
    Cuda,
    Wgpu,
    Cpu,
}

impl FromStr for DeviceChoice {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        match s {
            "auto" => Ok(Self::Auto),
            "cuda" => Ok(Self::Cuda),
            "wgpu" | "gpu" => Ok(Self::Wgpu),
            "cpu" | "flex" => Ok(Self::Cpu),
            other => Err(Error::input(
                "device",
                format!("`{other}` is not a device (auto, cuda, wgpu, cpu)"),
            )),
        }
    }
}

impl fmt::Display for DeviceChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Auto => "auto",
            Self::Cuda => "cuda",
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
    /// The device's memory as it reports it (a Vulkan adapter's largest device-local heap; the
    /// machine's RAM for the CPU), when it does.
    pub memory_bytes: Option<u64>,
}

impl SelectedDevice {
    /// The largest buffer the device allocates, as CubeCL reads it from the runtime (on wgpu,
    /// the adapter's `maxStorageBufferBindingSize` and `maxBufferSize`); `None` on the CPU.
    pub fn max_buffer_bytes(&self) -> Option<u64> {
        match self.device.as_dispatch().clone().inner() {
            burn::backend::DispatchDevice::Cube(cube) => {
                Some(cube.client().properties().memory.max_page_size)
            }
            _ => None,
        }
    }

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
        memory_bytes: system_memory(),
    }
}

/// The machine's RAM, from `/proc/meminfo` where there is one.
fn system_memory() -> Option<u64> {
    let info = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = info.lines().find(|l| l.starts_with("MemTotal:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// The largest device-local heap of a Vulkan adapter; `None` on other wgpu backends.
#[cfg(not(target_family = "wasm"))]
fn adapter_memory(adapter: &burn::tensor::wgpu::wgpu::Adapter) -> Option<u64> {
    #[cfg(any(target_os = "linux", target_os = "windows", target_os = "android"))]
    {
        use burn::tensor::wgpu::wgpu::hal::api::Vulkan;
        // SAFETY: the handles are only read, while `adapter` is alive.
        let hal = unsafe { adapter.as_hal::<Vulkan>() }?;
        let instance = hal.shared_instance().raw_instance();
        let properties =
            unsafe { instance.get_physical_device_memory_properties(hal.raw_physical_device()) };
        // The largest heap with VK_MEMORY_HEAP_DEVICE_LOCAL_BIT (discrete cards may add a small
        // host-visible device-local window beside their VRAM).
        properties
            .memory_heaps_as_slice()
            .iter()
            .filter(|heap| heap.flags.as_raw() & 1 != 0)
            .map(|heap| heap.size)
            .max()
    }
    #[cfg(not(any(target_os = "linux", target_os = "windows", target_os = "android")))]
    {
        let _ = adapter;
        None
    }
}

/// Initializes the default wgpu adapter.
#[cfg(not(target_family = "wasm"))]
pub fn wgpu() -> Result<SelectedDevice> {
    wgpu_shared().map(|(selected, _)| selected)
}

/// [`wgpu`], with the handles the device runs on, for another wgpu component to share (a
/// window that draws with the device that trains).
#[cfg(not(target_family = "wasm"))]
pub fn wgpu_shared() -> Result<(SelectedDevice, burn::tensor::wgpu::WgpuSetup)> {
    let (device, setup) = Device::wgpu_options()
        .init_with_setup()
        .map_err(|e| Error::Device(format!("no usable wgpu adapter: {e}")))?;
    let info = setup.adapter.get_info();
    let selected = SelectedDevice {
        device,
        description: format!(
            "wgpu: {} ({:?}, {:?})",
            info.name, info.backend, info.device_type
        ),
        memory_bytes: adapter_memory(&setup.adapter),
    };
    Ok((selected, setup))
}

/// The first CUDA device, once a tensor has been made on it (CubeCL panics where there is no
/// driver or device: that becomes the error).
#[cfg(all(feature = "cuda", not(target_family = "wasm")))]
pub fn cuda() -> Result<SelectedDevice> {
    let device = Device::cuda(0);
    let probe = device.clone();
    // The panic is the answer here, not a crash to report.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let started = std::panic::catch_unwind(move || Tensor::<1>::zeros([1], &probe).into_data());
    std::panic::set_hook(hook);
    started.map_err(|panic| {
        let why = panic
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| panic.downcast_ref::<&str>().copied())
            .unwrap_or("the CUDA runtime failed to start");
        Error::Device(format!("no usable CUDA device: {why}"))
    })?;
    Ok(SelectedDevice {
        device,
        description: "cuda:0 (CubeCL CUDA runtime)".into(),
        memory_bytes: None,
    })
}

/// Without the `cuda` feature: the error that says how to get it.
#[cfg(all(not(feature = "cuda"), not(target_family = "wasm")))]
pub fn cuda() -> Result<SelectedDevice> {
    Err(Error::input(
        "device",
        "this remat was built without CUDA: build it with `cargo build --release --features cuda` (needs the NVIDIA driver and CUDA toolkit)",
    ))
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
            "wgpu found only the software adapter `{}`, which is slower than the CPU backend (`device` wgpu uses it anyway)",
            a.name
        ),
    })
}

/// Resolves `choice`; `auto` takes CUDA (when built with it), else a GPU through wgpu, else the
/// CPU with one line saying why.
#[cfg(not(target_family = "wasm"))]
pub fn select(choice: DeviceChoice) -> Result<SelectedDevice> {
    let selected = match choice {
        DeviceChoice::Cpu => cpu(),
        DeviceChoice::Cuda => cuda()?,
        DeviceChoice::Wgpu => wgpu()?,
        DeviceChoice::Auto => match cuda() {
            Ok(cuda) => cuda,
            Err(_) => match reason_to_skip_wgpu() {
                Some(reason) => cpu().because(&reason),
                None => wgpu().unwrap_or_else(|e| cpu().because(&e.to_string())),
            },
        },
    };
    tracing::info!("device: {}", selected.description);
    Ok(selected)
}

/// [`select`], for callers that may not block: natively the same; in a browser, where WebGPU
/// is acquired asynchronously, `wgpu` and `auto` take the page's WebGPU adapter (`auto` falls
/// back to the CPU backend in wasm, saying why) and CUDA is not there.
#[cfg(not(target_family = "wasm"))]
pub async fn select_async(choice: DeviceChoice) -> Result<SelectedDevice> {
    select(choice)
}

/// [`select`], for callers that may not block: natively the same; in a browser, where WebGPU
/// is acquired asynchronously, `wgpu` and `auto` take the page's WebGPU adapter (`auto` falls
/// back to the CPU backend in wasm, saying why) and CUDA is not there.
#[cfg(target_family = "wasm")]
pub async fn select_async(choice: DeviceChoice) -> Result<SelectedDevice> {
    let webgpu = || async {
        Device::wgpu_options()
            .init_async()
            .await
            .map(|device| SelectedDevice {
                device,
                description: "wgpu: the browser's WebGPU adapter".into(),
                memory_bytes: None,
            })
            .map_err(|e| Error::Device(format!("no usable WebGPU adapter: {e}")))
    };
    match choice {
        DeviceChoice::Cpu => Ok(cpu()),
        DeviceChoice::Wgpu => webgpu().await,
        DeviceChoice::Auto => Ok(match webgpu().await {
            Ok(device) => device,
            Err(e) => {
                let mut cpu = cpu();
                cpu.description = format!("{} ({e})", cpu.description);
                cpu
            }
        }),
        DeviceChoice::Cuda => Err(Error::input("device", "a browser has no CUDA device")),
    }
}

#[cfg(all(test, not(feature = "cuda")))]
mod tests {
    use super::*;

    #[test]
    fn cuda_without_the_feature_says_how_to_get_it() {
        let error = select("cuda".parse().unwrap()).unwrap_err().to_string();
        assert!(error.starts_with("device: "), "{error}");
        assert!(error.contains("--features cuda"), "{error}");
    }
}

/// Waits, without blocking, until the work queued on `device` has run: the CubeCL client's own
/// barrier (Burn's `Device::sync` blocks on a condition variable, which the browser has not).
/// CPU backends run their work as it is queued.
pub async fn synchronize(device: &Device) -> Result<()> {
    if let burn::backend::DispatchDevice::Cube(cube) = device.as_dispatch().clone().inner() {
        cube.client()
            .sync()
            .await
            .map_err(|e| Error::Device(format!("waiting for the device: {e:?}")))?;
    }
    Ok(())
}
