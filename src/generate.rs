//! Text generation with the key/value cache: greedy, or sampled with temperature, top-k and
//! top-p.

use burn::prelude::*;

use crate::error::{Error, Result};
use crate::model::cache::KvCache;
use crate::model::llama::Llama;
use crate::rng::SplitMix64;

/// How to pick each next token.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sampling {
    pub max_new_tokens: usize,
    /// 0 is greedy (argmax).
    pub temperature: f64,
    /// Keep the `k` most likely tokens (0: all).
    pub top_k: usize,
    /// Keep the smallest set of most likely tokens whose probability reaches `p` (1: all).
    pub top_p: f64,
    pub seed: u64,
}

impl Default for Sampling {
    fn default() -> Self {
        Self {
            max_new_tokens: 64,
            temperature: 0.0,
            top_k: 0,
            top_p: 1.0,
            seed: 0,
        }
    }
}

/// Generates up to `sampling.max_new_tokens` tokens after `prompt` (stopping after `eos`),
/// calling `on_token` with each; returns the new tokens.
///
/// `model` runs on a device without autodiff (`model.valid()` of a training model). Async: each
/// token's logits are awaited, never read blocking.
pub async fn generate(
    model: &Llama,
    prompt: &[u32],
    sampling: &Sampling,
    eos: Option<u32>,
    mut on_token: impl FnMut(u32),
) -> Result<Vec<u32>> {
    if prompt.is_empty() {
        return Err(Error::input("prompt", "is empty: give at least one token"));
    }
    let config = &model.config;
    let limit = config.max_position_embeddings;
    if sampling.max_new_tokens > limit.saturating_sub(prompt.len()) {
        return Err(Error::input(
            "max_new_tokens",
            format!(
                "prompt ({} tokens) + {} new tokens exceeds max_position_embeddings {limit}",
                prompt.len(),
                sampling.max_new_tokens
            ),
        ));
    }
    if let Some(&bad) = prompt.iter().find(|&&t| t as usize >= config.vocab_size) {
        return Err(Error::input(
            "prompt",
            format!(
                "token id {bad} is outside the vocabulary ({})",
                config.vocab_size
            ),
        ));
    }
    let device = model.embed_tokens.weight.device();
    let mut cache = KvCache::new(model.layers.len());
    let mut rng = SplitMix64::new(sampling.seed);
    let mut next_input: Vec<u32> = prompt.to_vec();
    let mut generated = Vec::with_capacity(sampling.max_new_tokens);
    while generated.len() < sampling.max_new_tokens {
        let ids: Vec<i64> = next_input.iter().map(|&t| t as i64).collect();
        let tokens =
            Tensor::<2, Int>::from_data(TensorData::new(ids, [1, next_input.len()]), &device);
        let logits = model.forward_cached(tokens, &mut cache); // [1, new, vocab]
        let [_, new, vocab] = logits.dims();
        let last = logits.narrow(1, new - 1, 1).reshape([vocab]);
        let last: Vec<f32> = last
            .cast(burn::tensor::DType::F32)
            .into_data_async()
            .await
            .map_err(|e| Error::Device(format!("reading logits: {e:?}")))?
            .try_to_vec::<f32>()
            .map_err(|e| Error::Device(format!("reading logits: {e:?}")))?;
        let token = pick(&last, sampling, &mut rng);
        generated.push(token);
        on_token(token);
        if Some(token) == eos {
            break;
        }
        next_input = vec![token];
    }
    Ok(generated)
}

/// Continues the text `prompt` with `model` and `tokenizer`, calling `on_text` with each piece
/// of text as it is decoded; returns the text generated.
#[cfg(feature = "data")]
pub async fn continue_text(
    model: &Llama,
    tokenizer: &crate::tokenizer::TextTokenizer,
    prompt: &str,
    sampling: &Sampling,
    mut on_text: impl FnMut(&str),
) -> Result<String> {
    if prompt.is_empty() {
        return Err(Error::input("prompt", "is empty"));
    }
    let ids = tokenizer.encode(prompt)?;
    if ids.is_empty() {
        return Err(Error::input(
            "prompt",
            format!("the prompt {prompt:?} encodes to no tokens with this tokenizer"),
        ));
    }
    let mut decode = tokenizer.stream_decoder();
    let (mut text, mut failed) = (String::new(), None);
    generate(
        model,
        &ids,
        sampling,
        Some(tokenizer.eos),
        |token| match decode(token) {
            Ok(Some(piece)) => {
                on_text(&piece);
                text.push_str(&piece);
            }
            Ok(None) => {}
            Err(e) => {
                failed.get_or_insert(e);
            }
        },
    )
    .await?;
    match failed {
        Some(e) => Err(e),
        None => Ok(text),
    }
}

/// The next token from one position's logits.
fn pick(logits: &[f32], sampling: &Sampling, rng: &mut SplitMix64) -> u32 {
    let argmax = || {
        // The first maximum, as torch.argmax.
        let mut best = 0;
        for (i, &x) in logits.iter().enumerate() {
            if x > logits[best] {
                best = i;
            }
        }
        best as u32
    };
    if sampling.temperature <= 0.0 {
        return argmax();
    }
    // Candidates by falling probability: only the top k are sorted when k is set.
    let mut order: Vec<usize> = (0..logits.len()).collect();
    let by_logit = |a: &usize, b: &usize| logits[*b].total_cmp(&logits[*a]);
    if sampling.top_k > 0 && sampling.top_k < order.len() {
        order.select_nth_unstable_by(sampling.top_k - 1, by_logit);
        order.truncate(sampling.top_k);
    }
    order.sort_by(by_logit);
    let top = logits[order[0]] as f64;
    let mut weights: Vec<f64> = order
        .iter()
        .map(|&i| ((logits[i] as f64 - top) / sampling.temperature).exp())
        .collect();
    let total: f64 = weights.iter().sum();
    if sampling.top_p < 1.0 {
        let mut mass = 0.0;
        let keep = weights
            .iter()
            .position(|w| {
                mass += w / total;
                mass >= sampling.top_p
            })
            .map_or(weights.len(), |i| i + 1);
        weights.truncate(keep);
    }
    let total: f64 = weights.iter().sum();
    let mut target = rng.next_f64() * total;
    for (w, &i) in weights.iter().zip(&order) {
        target -= w;
        if target < 0.0 {
            return i as u32;
        }
    }
    order[weights.len() - 1] as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn greedy_takes_the_first_maximum_and_sampling_respects_top_k() {
        let logits = [0.1, 2.0, 2.0, -1.0];
        let mut rng = SplitMix64::new(1);
        assert_eq!(pick(&logits, &Sampling::default(), &mut rng), 1);
        let top2 = Sampling {
            temperature: 1.0,
            top_k: 2,
            ..Sampling::default()
        };
        for _ in 0..100 {
            assert!(matches!(pick(&logits, &top2, &mut rng), 1 | 2));
        }
        let nucleus = Sampling {
            temperature: 1.0,
            top_p: 0.01,
            ..Sampling::default()
        };
        for _ in 0..20 {
            assert_eq!(pick(&logits, &nucleus, &mut rng), 1);
        }
    }
}
