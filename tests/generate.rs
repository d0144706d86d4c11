//! Generation with the key/value cache against HF transformers' greedy decoding.

mod common;

use burn::prelude::*;
use common::{Expected, devices, fixture, rel_err, values};
use remat::Llama;
use remat::generate::{Sampling, generate};
use remat::model::cache::KvCache;

fn prompt_and_expected(name: &str) -> (Vec<u32>, Vec<u32>) {
    let inputs = Expected::open(&fixture(name).join("inputs.safetensors"));
    let expected = Expected::open(&fixture(name).join("expected.safetensors"));
    let prompt = inputs.i64("input_ids")[..4]
        .iter()
        .map(|&t| t as u32)
        .collect();
    let greedy = expected
        .i64("greedy_tokens")
        .iter()
        .map(|&t| t as u32)
        .collect();
    (prompt, greedy)
}

/// The same 8 tokens as `model.generate(do_sample=False, use_cache=True)`, on every device.
#[test]
fn greedy_tokens_match_transformers() {
    for name in ["gqa", "tied"] {
        let (prompt, expected) = prompt_and_expected(name);
        for (device_name, device) in devices() {
            let model = Llama::load(&fixture(name), &device).unwrap();
            let sampling = Sampling {
                max_new_tokens: expected.len(),
                ..Sampling::default()
            };
            let mut streamed = Vec::new();
            let tokens = remat::block_on(generate(&model, &prompt, &sampling, None, |t| {
                streamed.push(t)
            }))
            .unwrap();
            assert_eq!(tokens, expected, "{name} on {device_name}");
            assert_eq!(streamed, tokens);
        }
    }
}

/// Logits computed one position at a time through the cache equal the full forward's.
#[test]
fn cached_logits_equal_the_full_forward() {
    let (device_name, device) = devices().remove(1);
    let model = Llama::load(&fixture("gqa"), &device).unwrap();
    let inputs = Expected::open(&fixture("gqa").join("inputs.safetensors"));
    let ids: Vec<i64> = inputs.i64("input_ids")[..6].to_vec();
    let tokens = |ids: &[i64]| {
        Tensor::<2, Int>::from_data(TensorData::new(ids.to_vec(), [1, ids.len()]), &device)
    };
    let full = values(&model.forward(tokens(&ids)).into_data());
    let mut cache = KvCache::new(model.layers.len());
    // A prompt of 2 positions, then one at a time.
    let mut cached = values(
        &model
            .forward_cached(tokens(&ids[..2]), &mut cache)
            .into_data(),
    );
    for i in 2..ids.len() {
        cached.extend(values(
            &model
                .forward_cached(tokens(&ids[i..i + 1]), &mut cache)
                .into_data(),
        ));
    }
    assert_eq!(cache.len(), ids.len());
    let err = rel_err(&cached, &full);
    assert!(
        err < 1e-5,
        "{device_name}: cached vs full logits differ by {err}"
    );
}

#[test]
fn bad_prompts_are_errors() {
    let model = Llama::load(&fixture("gqa"), &Device::flex()).unwrap();
    let sampling = Sampling::default();
    let err = remat::block_on(generate(&model, &[], &sampling, None, |_| {})).unwrap_err();
    assert!(err.to_string().contains("prompt: is empty"), "{err}");
    let err = remat::block_on(generate(&model, &[1_000_000], &sampling, None, |_| {})).unwrap_err();
    assert!(err.to_string().contains("outside the vocabulary"), "{err}");
}
