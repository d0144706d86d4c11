//! Learning rate over steps: linear warmup, then cosine decay (HF's
//! `get_cosine_schedule_with_warmup`, with an optional floor).

#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LrSchedule {
    pub peak: f64,
    pub warmup_steps: usize,
    pub total_steps: usize,
    /// The rate at the end, as a fraction of `peak`.
    pub final_fraction: f64,
}

impl LrSchedule {
    /// The rate for optimizer step `step` (1-based).
    pub fn lr(&self, step: usize) -> f64 {
        let step = step.max(1);
        if step <= self.warmup_steps {
            return self.peak * step as f64 / self.warmup_steps as f64;
        }
        let decay = (self.total_steps.saturating_sub(self.warmup_steps)).max(1) as f64;
        let progress = ((step - self.warmup_steps) as f64 / decay).min(1.0);
        let cosine = 0.5 * (1.0 + (std::f64::consts::PI * progress).cos());
        self.peak * (self.final_fraction + (1.0 - self.final_fraction) * cosine)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warmup_then_cosine_to_the_floor() {
        let s = LrSchedule {
            peak: 1.0,
            warmup_steps: 10,
            total_steps: 110,
            final_fraction: 0.1,
        };
        assert_eq!(s.lr(1), 0.1);
        assert_eq!(s.lr(10), 1.0);
        assert!((s.lr(60) - 0.55).abs() < 1e-12);
        assert!((s.lr(110) - 0.1).abs() < 1e-12);
        assert!((s.lr(500) - 0.1).abs() < 1e-12);
    }
}
