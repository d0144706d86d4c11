//! remat-desktop: a window that trains a Llama on this machine's GPU and shows it learning.
//! One wgpu device draws the window and trains: Burn initializes it, and eframe is handed the
//! same instance, adapter, device and queue.

mod app;
mod autorun;
mod charts;
mod form;
mod worker;

use std::path::PathBuf;

use anyhow::Context as _;
use clap::Parser;
use eframe::egui_wgpu::{WgpuConfiguration, WgpuSetup, WgpuSetupExisting};

/// Train a small Llama in a window, on this machine's GPU through wgpu.
#[derive(Parser)]
#[command(version)]
struct Args {
    /// Test mode: press Start on the default form with this many steps, then take a
    /// screenshot, write a report and close.
    #[arg(long, value_name = "STEPS")]
    autorun: Option<usize>,
    /// Where the test mode writes its screenshot.
    #[arg(long, default_value = "remat-desktop.png", requires = "autorun")]
    screenshot: PathBuf,
    /// Where the test mode writes its report (JSON: losses, plan, peaks, sample, error).
    #[arg(long, default_value = "remat-desktop.json", requires = "autorun")]
    report: PathBuf,
}

fn main() -> anyhow::Result<()> {
    remat::heap::keep_freed_memory();
    let args = Args::parse();
    let (gpu, setup) = remat::device::wgpu_shared()
        .context("the window draws with wgpu and found no adapter it can use")?;
    let info = setup.adapter.get_info();
    let software = (info.device_type == burn::tensor::wgpu::wgpu::DeviceType::Cpu)
        .then(|| format!("`{}`", info.name));
    if let Some(adapter) = &software {
        eprintln!("no GPU found: wgpu runs on the software adapter {adapter}; training is slow");
    }
    let autorun = args
        .autorun
        .map(|steps| autorun::Autorun::new(steps, args.screenshot, args.report));
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("remat")
            .with_inner_size([1280.0, 860.0]),
        renderer: eframe::Renderer::Wgpu,
        wgpu_options: WgpuConfiguration {
            wgpu_setup: WgpuSetup::Existing(WgpuSetupExisting {
                instance: setup.instance,
                adapter: setup.adapter,
                device: setup.device,
                queue: setup.queue,
            }),
            ..Default::default()
        },
        ..Default::default()
    };
    eframe::run_native(
        "remat",
        options,
        Box::new(move |cc| {
            Ok(Box::new(app::App::new(
                &cc.egui_ctx,
                gpu,
                software,
                autorun,
            )))
        }),
    )
    .map_err(|e| anyhow::anyhow!("the window: {e}"))
}
