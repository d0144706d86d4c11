//! Rotary position embeddings, split-half as HF Llama applies them.

use burn::prelude::*;

use crate::config::Rope;
use crate::kernels::Kernels;

/// Inverse frequencies `[head_dim / 2]`, computed in f32 the way HF does.
pub fn inv_freq(rope: Rope, head_dim: usize) -> Vec<f32> {
    let base = |theta: f64| -> Vec<f32> {
        (0..head_dim / 2)
            .map(|i| 1.0 / (theta as f32).powf((2 * i) as f32 / head_dim as f32))
            .collect()
    };
    match rope {
        Rope::Default { theta } => base(theta),
        Rope::Llama3 {
            theta,
            factor,
            low_freq_factor,
            high_freq_factor,
            original_max_position_embeddings,
        } => {
            let (factor, low, high) = (
                factor as f32,
                low_freq_factor as f32,
                high_freq_factor as f32,
            );
            let old_len = original_max_position_embeddings as f32;
            let (low_wavelen, high_wavelen) = (old_len / low, old_len / high);
            base(theta)
                .into_iter()
                .map(|f| {
                    let wavelen = 2.0 * std::f32::consts::PI / f;
                    if wavelen < high_wavelen {
                        f
                    } else if wavelen > low_wavelen {
                        f / factor
                    } else {
                        let smooth = (old_len / wavelen - low) / (high - low);
                        (1.0 - smooth) * f / factor + smooth * f
                    }
                })
                .collect()
        }
    }
}

/// Cos and sin tables for positions `start..start + len`, each `[1, 1, len, head_dim]` so they
/// broadcast over batch and heads.
#[derive(Clone, Debug)]
pub struct RopeTables {
    pub cos: Tensor<4>,
    pub sin: Tensor<4>,
}

impl RopeTables {
    pub fn new(rope: Rope, head_dim: usize, start: usize, len: usize, device: &Device) -> Self {
        let inv = inv_freq(rope, head_dim);
        let half = head_dim / 2;
        let mut cos = Vec::with_capacity(len * head_dim);
        let mut sin = Vec::with_capacity(len * head_dim);
        for pos in start..start + len {
            // cat(freqs, freqs): columns j and j + d/2 share a frequency.
            for j in 0..head_dim {
                let angle = pos as f32 * inv[j % half];
                cos.push(angle.cos());
                sin.push(angle.sin());
            }
        }
        let table =
            |v: Vec<f32>| Tensor::from_data(TensorData::new(v, [1, 1, len, head_dim]), device);
        Self {
            cos: table(cos),
            sin: table(sin),
        }
    }

    /// Rotates `x` `[batch, heads, len, head_dim]`: `x * cos + rotate_half(x) * sin`, the
    /// tables (made in float32) in `x`'s type, as HF casts them.
    pub fn apply(&self, x: Tensor<4>, kernels: Kernels) -> Tensor<4> {
        let dtype = x.dtype();
        let (cos, sin) = (self.cos.clone().cast(dtype), self.sin.clone().cast(dtype));
        kernels.rope(x, cos, sin)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn llama3_scaling_keeps_high_and_divides_low_frequencies() {
        let rope = Rope::Llama3 {
            theta: 500_000.0,
            factor: 32.0,
            low_freq_factor: 1.0,
            high_freq_factor: 4.0,
            original_max_position_embeddings: 8192,
        };
        let plain = inv_freq(Rope::Default { theta: 500_000.0 }, 64);
        let scaled = inv_freq(rope, 64);
        assert_eq!(scaled[0], plain[0]);
        assert_eq!(scaled[31], plain[31] / 32.0);
        assert!(scaled[16] < plain[16] && scaled[16] > plain[16] / 32.0);
    }
}
