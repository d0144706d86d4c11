//! The library names settings by their field names (`grad_accum`, `plan`); the command line
//! calls them by its flags (`--grad-accum`, `--policy`). Errors are shown in the flags' words.

/// The flag that sets the library setting `name`, if the command line has one.
pub fn flag(name: &str) -> Option<String> {
    let flag = match name {
        "plan" => "policy",
        "batch" | "seq" | "grad_accum" | "steps" | "epochs" | "lr" | "warmup" | "weight_decay"
        | "max_grad_norm" | "seed" | "eval_fraction" | "eval_every" | "budget" | "calibrate"
        | "kernels" | "device" | "save_every" | "save_total_limit" | "prompt" | "sample_tokens"
        | "vocab_size" | "preset" | "model" | "tokenizer" | "data" | "lora_rank" | "lora_alpha"
        | "lora_targets" | "adapter" | "merge" | "dtype" => name,
        _ => return None,
    };
    Some(format!("--{}", flag.replace('_', "-")))
}

/// `what` in flags: `batch x seq` is `--batch x --seq`; a name with no flag stays as it is.
fn subject(what: &str) -> String {
    what.split(" x ")
        .map(|part| flag(part).unwrap_or_else(|| part.to_string()))
        .collect::<Vec<_>>()
        .join(" x ")
}

/// `text` with each setting named in backticks (`` `seq` ``) written as its flag.
fn rewrite(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('`') {
        let Some(close) = rest[open + 1..].find('`') else {
            break;
        };
        let name = &rest[open + 1..open + 1 + close];
        out.push_str(&rest[..open]);
        match flag(name) {
            Some(flag) => out.push_str(&flag),
            None => out.push_str(&rest[open..open + close + 2]),
        }
        rest = &rest[open + close + 2..];
    }
    out.push_str(rest);
    out
}

/// One error of the library, in the command line's words.
pub fn describe(e: &remat::Error) -> String {
    match e {
        remat::Error::Input { what, message } | remat::Error::NonFinite { what, message } => {
            format!("{}: {}", subject(what), rewrite(message))
        }
        other => rewrite(&other.to_string()),
    }
}

/// `e` and its causes, outermost first, joined as anyhow's `{:#}` joins them, with the
/// library's setting names as flags.
pub fn render(e: &anyhow::Error) -> String {
    e.chain()
        .map(|cause| match cause.downcast_ref::<remat::Error>() {
            Some(error) => describe(error),
            None => cause.to_string(),
        })
        .collect::<Vec<_>>()
        .join(": ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_become_flags() {
        let e = anyhow::Error::from(remat::Error::Input {
            what: "batch x seq".into(),
            message: "too big: use a smaller `seq`, `plan` offload, or `fast`".into(),
        });
        assert_eq!(
            render(&e),
            "--batch x --seq: too big: use a smaller --seq, --policy offload, or `fast`"
        );
        let e = anyhow::Error::from(remat::Error::Input {
            what: "grad_accum".into(),
            message: "must be at least 1".into(),
        })
        .context("training stopped at step 3");
        assert_eq!(
            render(&e),
            "training stopped at step 3: --grad-accum: must be at least 1"
        );
    }
}
