//! The LoRA flags of `train`, `plan`, `bench` and `grads`.

use clap::Args;
use remat::model::lora::{LoraConfig, Target};

#[derive(Args, Debug, Clone, Default)]
pub struct LoraArgs {
    /// Train LoRA adapters of this rank over the frozen model (PEFT's `r`), not every weight.
    #[arg(long)]
    pub lora_rank: Option<usize>,
    /// The adapters' update is scaled by alpha / rank (default: alpha = rank, PEFT's scale 1).
    #[arg(long, requires = "lora_rank")]
    pub lora_alpha: Option<f64>,
    /// The projections that get an adapter, comma-separated (default: all seven,
    /// q_proj,k_proj,v_proj,o_proj,gate_proj,up_proj,down_proj).
    #[arg(long, requires = "lora_rank")]
    pub lora_targets: Option<String>,
}

impl LoraArgs {
    /// The LoRA these flags ask for, if any.
    pub fn config(&self) -> anyhow::Result<Option<LoraConfig>> {
        config(
            self.lora_rank,
            self.lora_alpha,
            self.lora_targets.as_deref(),
        )
    }
}

/// The LoRA of `--lora-rank`, `--lora-alpha` and `--lora-targets`, if a rank is given.
pub fn config(
    rank: Option<usize>,
    alpha: Option<f64>,
    targets: Option<&str>,
) -> anyhow::Result<Option<LoraConfig>> {
    let Some(rank) = rank else {
        anyhow::ensure!(
            alpha.is_none() && targets.is_none(),
            "--lora-alpha and --lora-targets need --lora-rank"
        );
        return Ok(None);
    };
    let mut lora = LoraConfig::new(rank);
    if let Some(alpha) = alpha {
        lora.alpha = alpha;
    }
    if let Some(targets) = targets {
        lora.targets = (targets.split(','))
            .map(|t| t.trim().parse::<Target>())
            .collect::<remat::Result<_>>()?;
    }
    lora.validate()?;
    Ok(Some(lora))
}
