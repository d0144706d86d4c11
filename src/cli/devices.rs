//! `remat devices`: what wgpu sees, and the CPU backend.

pub fn run() -> anyhow::Result<()> {
    let adapters = remat::device::wgpu_adapters();
    if adapters.is_empty() {
        println!("wgpu: no adapter found");
    }
    for (i, info) in adapters.iter().enumerate() {
        println!(
            "wgpu[{i}]: {} (backend {:?}, type {:?}, driver {} {})",
            info.name, info.backend, info.device_type, info.driver, info.driver_info
        );
    }
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("cpu: Burn flex backend ({threads} threads)");
    Ok(())
}
