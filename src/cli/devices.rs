//! `remat devices`: what wgpu sees, and the CPU backend.

use burn::tensor::wgpu::wgpu;

pub fn run() -> anyhow::Result<()> {
    let instance = wgpu::Instance::default();
    let adapters = pollster::block_on(instance.enumerate_adapters(wgpu::Backends::all()));
    if adapters.is_empty() {
        println!("wgpu: no adapter found");
    }
    for (i, adapter) in adapters.iter().enumerate() {
        let info = adapter.get_info();
        println!(
            "wgpu[{i}]: {} (backend {:?}, type {:?}, driver {} {})",
            info.name, info.backend, info.device_type, info.driver, info.driver_info
        );
    }
    println!("cpu: Burn flex backend ({} threads)", std::thread::available_parallelism().map_or(1, |n| n.get()));
    Ok(())
}
