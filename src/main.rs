//! The `remat` command line: train, grads, devices.

mod cli;

use clap::Parser;

fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,wgpu=warn,cubecl=warn,naga=warn".into()),
        )
        .with_target(false)
        .without_time()
        .init();
    let cli = cli::Cli::parse();
    cli.run()
}
