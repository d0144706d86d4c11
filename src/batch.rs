//! A batch of token ids and labels, checked on the host before it reaches a device.

use burn::prelude::*;

use crate::error::{Error, Result};
use crate::kernels::loss::IGNORE_INDEX;

/// Token ids and labels, `[batch, seq]`, row-major.
#[derive(Debug, Clone, PartialEq)]
pub struct Batch {
    pub input_ids: Vec<i64>,
    pub labels: Vec<i64>,
    pub batch: usize,
    pub seq: usize,
}

impl Batch {
    /// Checks ids against the vocabulary; `labels` defaults to the ids (HF's causal LM
    /// convention: the loss shifts them by one). Labels may be [`IGNORE_INDEX`].
    pub fn new(
        input_ids: Vec<i64>,
        labels: Option<Vec<i64>>,
        shape: [usize; 2],
        vocab: usize,
    ) -> Result<Self> {
        let [batch, seq] = shape;
        if batch == 0 || seq < 2 {
            return Err(Error::input(
                "input_ids",
                format!("shape [{batch}, {seq}]: need at least one sequence of two tokens"),
            ));
        }
        if input_ids.len() != batch * seq {
            return Err(Error::input(
                "input_ids",
                format!("{} values for shape [{batch}, {seq}]", input_ids.len()),
            ));
        }
        if let Some(bad) = input_ids.iter().find(|&&id| id < 0 || id as usize >= vocab) {
            return Err(Error::input(
                "input_ids",
                format!("token id {bad} is outside the vocabulary (0..{vocab})"),
            ));
        }
        let labels = labels.unwrap_or_else(|| input_ids.clone());
        if labels.len() != input_ids.len() {
            return Err(Error::input(
                "labels",
                format!(
                    "{} values, but input_ids has {}",
                    labels.len(),
                    input_ids.len()
                ),
            ));
        }
        if let Some(bad) = labels
            .iter()
            .find(|&&l| l != IGNORE_INDEX && (l < 0 || l as usize >= vocab))
        {
            return Err(Error::input(
                "labels",
                format!(
                    "label {bad} is neither {IGNORE_INDEX} nor inside the vocabulary (0..{vocab})"
                ),
            ));
        }
        let result = Self {
            input_ids,
            labels,
            batch,
            seq,
        };
        if result.num_targets() == 0 {
            return Err(Error::input(
                "labels",
                format!("every label after the first position is {IGNORE_INDEX}: nothing to learn"),
            ));
        }
        Ok(result)
    }

    /// Positions that count in the loss: labels after the first of each row, not ignored.
    pub fn num_targets(&self) -> usize {
        self.labels
            .chunks(self.seq)
            .flat_map(|row| &row[1..])
            .filter(|&&l| l != IGNORE_INDEX)
            .count()
    }

    pub fn input_ids(&self, device: &Device) -> Tensor<2, Int> {
        Tensor::from_data(
            TensorData::new(self.input_ids.clone(), [self.batch, self.seq]),
            device,
        )
    }

    pub fn labels(&self, device: &Device) -> Tensor<2, Int> {
        Tensor::from_data(
            TensorData::new(self.labels.clone(), [self.batch, self.seq]),
            device,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_what_the_loss_cannot_use() {
        let err = |ids: Vec<i64>, labels: Option<Vec<i64>>, shape| {
            Batch::new(ids, labels, shape, 10).unwrap_err().to_string()
        };
        assert!(err(vec![1, 2, 3], None, [1, 4]).contains("3 values for shape [1, 4]"));
        assert!(err(vec![1, 10], None, [1, 2]).contains("token id 10 is outside"));
        assert!(err(vec![1, 2], Some(vec![1, -5]), [1, 2]).contains("label -5"));
        assert!(err(vec![1, 2], Some(vec![1, -100]), [1, 2]).contains("nothing to learn"));
        assert!(err(vec![1], None, [1, 1]).contains("two tokens"));
    }

    #[test]
    fn counts_shifted_targets() {
        let batch = Batch::new(
            vec![1, 2, 3, 4, 5, 6],
            Some(vec![-100, 2, -100, 4, -100, 6]),
            [2, 3],
            10,
        )
        .unwrap();
        assert_eq!(batch.num_targets(), 2);
    }
}
