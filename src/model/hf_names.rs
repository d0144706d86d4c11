//! HF's names for the model's parameters, and the parameter ids derived from them.
//!
//! A parameter's HF name is its module path (`layers.0.self_attn.q_proj.weight`) with `model.`
//! in front (except `lm_head`) and RmsNorm's `gamma` called `weight`. Linear weights are stored
//! by HF as `[out, in]` and by Burn as `[in, out]`. A LoRA adapter's parameters
//! (`...q_proj.lora.a`, `.b`) take PEFT's names (`base_model.model.<HF path>.lora_A.weight`,
//! `lora_B.weight`), also stored transposed.

use burn::module::{Module, ModuleMapper, Param};
use burn::prelude::*;

/// The HF name of the parameter at `path` (Burn module path segments).
pub(crate) fn hf_name(path: &[String]) -> String {
    let mut parts: Vec<&str> = path.iter().map(String::as_str).collect();
    if let Some(last) = parts.last_mut()
        && *last == "gamma"
    {
        *last = "weight";
    }
    let name = parts.join(".");
    if name.starts_with("lm_head.") {
        name
    } else {
        format!("model.{name}")
    }
}

/// The PEFT name of the adapter parameter at `path` (`layers.0.self_attn.q_proj.lora.a` is
/// `base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight`); `None` for a base one.
pub(crate) fn peft_name(path: &[String]) -> Option<String> {
    let (last, rest) = path.split_last()?;
    let (lora, projection) = rest.split_last()?;
    let which = match (lora.as_str(), last.as_str()) {
        ("lora", "a") => "lora_A",
        ("lora", "b") => "lora_B",
        _ => return None,
    };
    Some(format!(
        "base_model.model.{}.{which}.weight",
        hf_name(projection)
    ))
}

/// The name a parameter is saved and identified by: its PEFT name for an adapter's, else its
/// HF name.
pub(crate) fn param_name(path: &[String]) -> String {
    peft_name(path).unwrap_or_else(|| hf_name(path))
}

/// A parameter id derived from its HF name (FNV-1a), so optimizer state saved in one run
/// finds its parameters in the next.
pub(crate) fn named_id(name: &str) -> burn::module::ParamId {
    let hash = name.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
    });
    burn::module::ParamId::from(hash)
}

/// Gives every parameter of `model` (the whole model, from its root) the id of its HF name.
pub(crate) fn with_named_ids<M: Module>(model: M) -> M {
    struct Namer {
        path: Vec<String>,
    }
    impl ModuleMapper for Namer {
        fn enter_module(&mut self, name: &str, _container_type: &str) {
            self.path.push(name.to_string());
        }
        fn exit_module(&mut self, _name: &str, _container_type: &str) {
            self.path.pop();
        }
        fn map_float<const D: usize>(&mut self, mut param: Param<Tensor<D>>) -> Param<Tensor<D>> {
            param.id = named_id(&param_name(&self.path));
            param
        }
    }
    model.map(&mut Namer { path: Vec::new() })
}

/// HF stores this parameter as the transpose of Burn's layout (every Linear weight).
pub(crate) fn is_transposed(path: &[String], rank: usize) -> bool {
    rank == 2 && path.first().map(String::as_str) != Some("embed_tokens")
}
