//! Training data: documents read from text, folders or JSONL, tokenized, packed into sequences
//! of `seq` tokens (documents joined by an end-of-text token), split into train and eval sets,
//! and served in a seeded order that depends only on the step, so a resumed run sees the same
//! batches as an uninterrupted one.

use std::cell::RefCell;
#[cfg(not(target_family = "wasm"))]
use std::path::{Path, PathBuf};

use crate::batch::Batch;
use crate::error::{Error, Result};
use crate::rng::SplitMix64;

/// A text and where it came from, for error messages.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub source: String,
    pub text: String,
}

/// Reads the documents at `path`: a text file (one document), a JSONL file (`.jsonl`: one
/// document per line, from its `"text"` field), or a folder of such files (recursively, in
/// name order; other files are skipped).
#[cfg(not(target_family = "wasm"))]
pub fn read_documents(path: &Path) -> Result<Vec<Document>> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    let mut documents = Vec::new();
    if meta.is_dir() {
        let mut files = Vec::new();
        collect_files(path, &mut files, &mut Default::default())?;
        for file in files {
            documents.extend(read_file(&file)?);
        }
    } else {
        documents = read_file(path)?;
    }
    nonempty(&path.display().to_string(), documents)
}

/// The text files under `dir`, in name order. Each folder is walked once, however many
/// symbolic links lead to it (`seen` holds the folders walked, as canonical paths), so a link
/// to a folder above it ends the walk there instead of looping.
#[cfg(not(target_family = "wasm"))]
fn collect_files(
    dir: &Path,
    files: &mut Vec<PathBuf>,
    seen: &mut std::collections::HashSet<PathBuf>,
) -> Result<()> {
    let canonical = std::fs::canonicalize(dir).map_err(|e| Error::io(dir, e))?;
    if !seen.insert(canonical) {
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .map(|entry| entry.map(|e| e.path()).map_err(|e| Error::io(dir, e)))
        .collect::<Result<_>>()?;
    entries.sort();
    for entry in entries {
        if entry.is_dir() {
            collect_files(&entry, files, seen)?;
        } else if matches!(
            entry.extension().and_then(|e| e.to_str()),
            Some("txt" | "md" | "jsonl")
        ) {
            files.push(entry);
        }
    }
    Ok(())
}

#[cfg(not(target_family = "wasm"))]
fn read_file(path: &Path) -> Result<Vec<Document>> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let jsonl = path.extension().and_then(|e| e.to_str()) == Some("jsonl");
    parse_documents(&path.display().to_string(), bytes, jsonl)
}

/// The documents of a file read into memory (a file picked in a page): as [`read_documents`]
/// reads a file, by the extension of its `name`.
pub fn documents_from_bytes(name: &str, bytes: Vec<u8>) -> Result<Vec<Document>> {
    let jsonl = name.ends_with(".jsonl");
    nonempty(name, parse_documents(name, bytes, jsonl)?)
}

/// The documents of one file's `bytes` (named `source` in errors): the whole text, or one per
/// line of a JSONL file (`jsonl`) from its `"text"` field.
fn parse_documents(source: &str, bytes: Vec<u8>, jsonl: bool) -> Result<Vec<Document>> {
    let text = String::from_utf8(bytes).map_err(|e| {
        Error::input(
            source,
            format!(
                "not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        )
    })?;
    if !jsonl {
        return Ok(vec![Document {
            source: source.to_string(),
            text,
        }]);
    }
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| {
            let at = format!("{source}:{}", i + 1);
            let value: serde_json::Value = serde_json::from_str(line)
                .map_err(|e| Error::input(&at, format!("invalid JSON: {e}")))?;
            let text = value
                .get("text")
                .and_then(|t| t.as_str())
                .ok_or_else(|| Error::input(&at, "no string field \"text\""))?;
            Ok(Document {
                source: at,
                text: text.to_string(),
            })
        })
        .collect()
}

/// `documents` without the empty ones; none left is an error naming `source`.
fn nonempty(source: &str, mut documents: Vec<Document>) -> Result<Vec<Document>> {
    documents.retain(|d| !d.text.is_empty());
    if documents.is_empty() {
        return Err(Error::input(
            source,
            "no text found (expected .txt/.md files, or .jsonl lines with a \"text\" field)",
        ));
    }
    Ok(documents)
}

/// Token sequences of one length, split into train and eval sets.
#[derive(Debug, Clone)]
pub struct Sequences {
    pub seq: usize,
    pub train: Vec<Vec<u32>>,
    pub eval: Vec<Vec<u32>>,
    /// The last epoch's order of `train`, by the seed that shuffled it: steps of one epoch
    /// share it instead of each shuffling every sequence again.
    order: RefCell<(u64, Vec<usize>)>,
}

impl Sequences {
    /// Packs tokenized documents (each followed by `eos`) into sequences of `seq` tokens,
    /// dropping the incomplete tail, and holds out `eval_fraction` of them (chosen by `seed`,
    /// at least one when the fraction is above zero).
    pub fn pack(
        documents: &[Vec<u32>],
        eos: u32,
        seq: usize,
        eval_fraction: f64,
        seed: u64,
    ) -> Result<Self> {
        if !(0.0..1.0).contains(&eval_fraction) {
            return Err(Error::input(
                "eval_fraction",
                format!("{eval_fraction} is not in [0, 1)"),
            ));
        }
        let tokens: Vec<u32> = documents
            .iter()
            .flat_map(|d| d.iter().copied().chain([eos]))
            .collect();
        let mut chunks: Vec<Vec<u32>> = tokens.chunks_exact(seq).map(<[u32]>::to_vec).collect();
        let min = if eval_fraction > 0.0 { 2 } else { 1 };
        if chunks.len() < min {
            return Err(Error::input(
                "data",
                format!(
                    "{} tokens make {} sequences of {seq}; need at least {min} (use a shorter `seq` or more data)",
                    tokens.len(),
                    chunks.len()
                ),
            ));
        }
        SplitMix64::new(seed ^ 0x5EED).shuffle(&mut chunks);
        let held_out = if eval_fraction > 0.0 {
            ((chunks.len() as f64 * eval_fraction).round() as usize).clamp(1, chunks.len() - 1)
        } else {
            0
        };
        let eval = chunks.split_off(chunks.len() - held_out);
        Ok(Self {
            seq,
            train: chunks,
            eval,
            order: RefCell::default(),
        })
    }

    /// Micro-batches per epoch at `batch` sequences each.
    pub fn batches_per_epoch(&self, batch: usize) -> Result<usize> {
        let n = self.train.len() / batch.max(1);
        if batch == 0 || n == 0 {
            return Err(Error::input(
                "batch",
                format!(
                    "{batch} is larger than the training data: {} sequences of {} tokens",
                    self.train.len(),
                    self.seq
                ),
            ));
        }
        Ok(n)
    }

    /// The `index`-th micro-batch of training (counting across epochs): each epoch visits the
    /// training sequences in its own seeded order.
    pub fn train_batch(
        &self,
        index: usize,
        batch: usize,
        seed: u64,
        vocab: usize,
    ) -> Result<Batch> {
        let per_epoch = self.batches_per_epoch(batch)?;
        let (epoch, within) = (index / per_epoch, index % per_epoch);
        let epoch_seed = seed.wrapping_add(epoch as u64).wrapping_mul(0x9E37_79B9);
        let mut cached = self.order.borrow_mut();
        if cached.1.is_empty() || cached.0 != epoch_seed {
            let mut order: Vec<usize> = (0..self.train.len()).collect();
            SplitMix64::new(epoch_seed).shuffle(&mut order);
            *cached = (epoch_seed, order);
        }
        let rows = &cached.1[within * batch..(within + 1) * batch];
        self.batch_of(rows.iter().map(|&i| &self.train[i]), batch, vocab)
    }

    /// The eval set in batches of at most `batch` sequences.
    pub fn eval_batches(&self, batch: usize, vocab: usize) -> Result<Vec<Batch>> {
        self.eval
            .chunks(batch.max(1))
            .map(|rows| self.batch_of(rows.iter(), rows.len(), vocab))
            .collect()
    }

    fn batch_of<'a>(
        &self,
        rows: impl Iterator<Item = &'a Vec<u32>>,
        batch: usize,
        vocab: usize,
    ) -> Result<Batch> {
        let ids: Vec<i64> = rows.flatten().map(|&t| t as i64).collect();
        Batch::new(ids, None, [batch, self.seq], vocab)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs() -> Vec<Vec<u32>> {
        (0..10)
            .map(|d| (0..7).map(|i| d * 10 + i).collect())
            .collect()
    }

    #[test]
    fn packing_joins_documents_with_eos_and_holds_out_eval() {
        let s = Sequences::pack(&docs(), 999, 8, 0.2, 1).unwrap();
        // 10 documents of 7 tokens + eos = 80 tokens = 10 sequences of 8.
        assert_eq!(s.train.len() + s.eval.len(), 10);
        assert_eq!(s.eval.len(), 2);
        let mut all: Vec<u32> = s.train.iter().chain(&s.eval).flatten().copied().collect();
        all.sort();
        assert_eq!(all.iter().filter(|&&t| t == 999).count(), 10);
        assert_eq!(all.len(), 80);
    }

    #[test]
    fn batches_depend_only_on_the_step_and_cover_each_epoch() {
        let s = Sequences::pack(&docs(), 999, 8, 0.0, 1).unwrap();
        assert_eq!(s.batches_per_epoch(3).unwrap(), 3);
        let first: Vec<i64> = (0..3)
            .flat_map(|i| s.train_batch(i, 3, 5, 1000).unwrap().input_ids)
            .collect();
        assert_eq!(first.len(), 72);
        let again = s.train_batch(1, 3, 5, 1000).unwrap();
        assert_eq!(again.input_ids, first[24..48].to_vec());
        let next_epoch = s.train_batch(3, 3, 5, 1000).unwrap();
        assert_ne!(next_epoch.input_ids, first[..24].to_vec());
        // Back to the first epoch after the second: the same batch again.
        let back = s.train_batch(1, 3, 5, 1000).unwrap();
        assert_eq!(back.input_ids, first[24..48].to_vec());
    }

    #[test]
    fn too_little_data_is_an_error() {
        let err = Sequences::pack(&[vec![1, 2]], 0, 8, 0.1, 0).unwrap_err();
        assert!(err.to_string().contains("use a shorter `seq`"), "{err}");
        let s = Sequences::pack(&docs(), 999, 8, 0.0, 1).unwrap();
        let err = s.batches_per_epoch(11).unwrap_err();
        assert!(
            err.to_string().contains("larger than the training data"),
            "{err}"
        );
    }
}
