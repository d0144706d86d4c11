//! Tokenizers: an HF `tokenizer.json` read as it is, or a byte-level BPE (GPT-2 style) trained
//! on the training text with the `tokenizers` crate.

use std::path::Path;

use tokenizers::models::bpe::{BPE, BpeTrainerBuilder};
use tokenizers::normalizers::NormalizerWrapper;
use tokenizers::pre_tokenizers::byte_level::ByteLevel;
use tokenizers::{AddedToken, Tokenizer, TokenizerBuilder};

use crate::error::{Error, Result};

/// The end-of-text token of trained tokenizers, as GPT-2's.
pub const END_OF_TEXT: &str = "<|endoftext|>";

/// Tokens that end a document in common tokenizers, tried in order when a tokenizer is read.
const EOS_CANDIDATES: [&str; 5] = [
    END_OF_TEXT,
    "<|end_of_text|>",
    "</s>",
    "<eos>",
    "<|im_end|>",
];

/// A tokenizer and its end-of-text token.
#[derive(Clone)]
pub struct TextTokenizer {
    inner: Tokenizer,
    /// Joins documents in training data and stops generation.
    pub eos: u32,
    /// One more than the largest id, added tokens included (read once: it walks the vocabulary).
    vocab_size: usize,
}

fn tokenizer_error(what: &str, e: impl std::fmt::Display) -> Error {
    Error::input(what, e.to_string())
}

impl TextTokenizer {
    /// Reads a `tokenizer.json`. `eos` (the model config's `eos_token_id`) wins; without it the
    /// usual end-of-text tokens are looked up.
    pub fn load(path: &Path, eos: Option<u32>) -> Result<Self> {
        let json = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        Self::from_json(&json, eos, &path.display().to_string())
    }

    /// Parses a `tokenizer.json` held in memory; `source` names it in errors.
    pub fn from_json(json: &str, eos: Option<u32>, source: &str) -> Result<Self> {
        // tokenizers panics on some malformed files (a truncated decoder, say) instead of
        // returning its error: the JSON is checked first, and a panic left is caught.
        serde_json::from_str::<serde_json::Value>(json)
            .map_err(|e| tokenizer_error(source, format!("not a tokenizer.json: {e}")))?;
        let parsed = std::panic::catch_unwind(|| json.parse::<Tokenizer>()).map_err(|_| {
            tokenizer_error(
                source,
                "not a tokenizer.json: the tokenizers crate could not read it",
            )
        })?;
        let inner: Tokenizer =
            parsed.map_err(|e| tokenizer_error(source, format!("not a tokenizer.json: {e}")))?;
        let eos = match eos {
            Some(id) => id,
            None => EOS_CANDIDATES
                .iter()
                .find_map(|t| inner.token_to_id(t))
                .ok_or_else(|| {
                    Error::input(
                        source,
                        format!(
                            "no end-of-text token (none of {}) and no eos_token_id given",
                            EOS_CANDIDATES.join(", ")
                        ),
                    )
                })?,
        };
        let this = Self::new(inner, eos);
        if eos as usize >= this.vocab_size() {
            return Err(Error::input(
                source,
                format!(
                    "eos token id {eos} is outside the vocabulary ({})",
                    this.vocab_size()
                ),
            ));
        }
        Ok(this)
    }

    /// Trains a byte-level BPE of `vocab_size` tokens (the 256 byte symbols, merges, and
    /// `<|endoftext|>`) on `texts`.
    pub fn train_bpe<S: AsRef<str> + Sync>(texts: &[S], vocab_size: usize) -> Result<Self> {
        let minimum = ByteLevel::alphabet().len() + 1;
        if vocab_size < minimum {
            return Err(Error::input(
                "vocab_size",
                format!("{vocab_size} is too small for a byte-level BPE (at least {minimum})"),
            ));
        }
        let mut trainer = BpeTrainerBuilder::new()
            .show_progress(false)
            .vocab_size(vocab_size)
            .min_frequency(0)
            .special_tokens(vec![AddedToken::from(END_OF_TEXT, true)])
            .initial_alphabet(ByteLevel::alphabet().into_iter().collect())
            .build();
        let mut tokenizer =
            TokenizerBuilder::<BPE, NormalizerWrapper, ByteLevel, ByteLevel, ByteLevel>::new()
                .with_model(BPE::default())
                .with_normalizer(None)
                .with_pre_tokenizer(Some(ByteLevel::new(false, true, true)))
                .with_post_processor(Some(ByteLevel::new(false, true, true)))
                .with_decoder(Some(ByteLevel::new(false, true, true)))
                .build()
                .map_err(|e| tokenizer_error("tokenizer", e))?;
        tokenizer
            .train(&mut trainer, texts.iter().map(|t| t.as_ref()))
            .map_err(|e| tokenizer_error("tokenizer training", e))?;
        let inner = Tokenizer::from(tokenizer);
        let eos = inner
            .token_to_id(END_OF_TEXT)
            .expect("the trainer adds its special token");
        Ok(Self::new(inner, eos))
    }

    fn new(inner: Tokenizer, eos: u32) -> Self {
        let largest = inner.get_vocab(true).into_values().max();
        let vocab_size = largest.map_or(0, |id| id as usize + 1);
        Self {
            vocab_size: vocab_size.max(inner.get_vocab_size(true)),
            inner,
            eos,
        }
    }

    /// Token ids of `text`, without special tokens added.
    pub fn encode(&self, text: &str) -> Result<Vec<u32>> {
        Ok(self
            .inner
            .encode(text, false)
            .map_err(|e| tokenizer_error("tokenizer", e))?
            .get_ids()
            .to_vec())
    }

    /// Token ids of each of `texts` (in parallel), without special tokens added.
    pub fn encode_all(&self, texts: &[&str]) -> Result<Vec<Vec<u32>>> {
        Ok(self
            .inner
            .encode_batch(texts.to_vec(), false)
            .map_err(|e| tokenizer_error("tokenizer", e))?
            .iter()
            .map(|encoding| encoding.get_ids().to_vec())
            .collect())
    }

    /// Decodes ids one at a time, each call giving the text that id completes (nothing while
    /// a character is still partial), special tokens left out.
    pub fn stream_decoder(&self) -> impl FnMut(u32) -> Result<Option<String>> + '_ {
        let mut stream = self.inner.decode_stream(true);
        move |id| stream.step(id).map_err(|e| tokenizer_error("tokenizer", e))
    }

    /// The text of `ids`, special tokens left out.
    pub fn decode(&self, ids: &[u32]) -> Result<String> {
        self.inner
            .decode(ids, true)
            .map_err(|e| tokenizer_error("tokenizer", e))
    }

    /// Tokens in the vocabulary, added tokens included: the smallest model vocabulary that
    /// can take every id.
    pub fn vocab_size(&self) -> usize {
        self.vocab_size
    }

    /// The text of token `id`.
    pub fn token(&self, id: u32) -> Option<String> {
        self.inner.id_to_token(id)
    }

    /// The `tokenizer.json` text.
    pub fn to_json(&self) -> Result<String> {
        self.inner
            .to_string(false)
            .map_err(|e| tokenizer_error("tokenizer", e))
    }
}

impl std::fmt::Debug for TextTokenizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TextTokenizer")
            .field("vocab_size", &self.vocab_size())
            .field("eos", &self.eos)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "the cat sat on the mat. the cat ate the rat. a mat, a rat, a cat.";

    #[test]
    fn trained_bpe_round_trips_and_compresses() {
        let tk = TextTokenizer::train_bpe(&[TEXT], 300).unwrap();
        assert!(tk.vocab_size() <= 300, "{}", tk.vocab_size());
        let ids = tk.encode(TEXT).unwrap();
        assert!(
            ids.len() < TEXT.len(),
            "{} tokens for {} bytes",
            ids.len(),
            TEXT.len()
        );
        assert_eq!(tk.decode(&ids).unwrap(), TEXT);
        // Bytes never seen in training still encode.
        let unseen = "Zürich 42!";
        assert_eq!(tk.decode(&tk.encode(unseen).unwrap()).unwrap(), unseen);
        assert_eq!(tk.encode_all(&[TEXT, unseen]).unwrap()[0], ids);
        let mut step = tk.stream_decoder();
        let streamed: String = ids.iter().filter_map(|&id| step(id).unwrap()).collect();
        assert_eq!(streamed, TEXT);
        let again = TextTokenizer::from_json(&tk.to_json().unwrap(), None, "memory").unwrap();
        assert_eq!(again.eos, tk.eos);
        assert_eq!(again.encode(TEXT).unwrap(), ids);
    }

    #[test]
    fn bad_tokenizers_are_errors() {
        let err = TextTokenizer::train_bpe(&[TEXT], 100).unwrap_err();
        assert!(err.to_string().contains("vocab_size"), "{err}");
        let err = TextTokenizer::from_json("{\"x\": 1}", None, "t.json").unwrap_err();
        assert!(
            err.to_string().starts_with("t.json: not a tokenizer.json"),
            "{err}"
        );
    }
}
