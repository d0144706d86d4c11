//! A plan compiled to what one training step does, in order: the one list the executor
//! interprets and the memory model folds over, so that a prediction and a measurement name the
//! same points.
//!
//! ```text
//! embed
//! per segment:  open, forward each layer, close, [offload], [settle the previous offload], sample
//! loss, sample, loss backward, sample
//! per segment, last first:  [prefetch], [recompute, sample], backward, sample
//! embedding backward, sample
//! ```

use std::fmt;
use std::ops::Range;

use super::policy::{Plan, Policy};

/// When the schedule waits for host copies, and when it brings them back: both overlap
/// transfers with compute by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct ScheduleOptions {
    /// An offloaded input's copy to the host is waited for at the end of the next segment's
    /// forward (the copy runs while that segment computes), rather than at once.
    pub overlap_offload: bool,
    /// An offloaded input is uploaded back one segment ahead of its backward (the upload runs
    /// while the segment after it computes its backward), rather than just before its own.
    pub prefetch: bool,
}

impl Default for ScheduleOptions {
    fn default() -> Self {
        Self {
            overlap_offload: true,
            prefetch: true,
        }
    }
}

/// A place in the step where device memory is sampled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Point {
    /// After layer `i`'s forward, inside a segment of several layers.
    Layer(usize),
    /// After segment `s`'s forward, once the previous offload has settled.
    Segment(usize),
    /// After the decoder layers' forward, before the loss: what the plan saved.
    EndOfForward,
    /// The loss built, before its backward.
    Loss,
    /// After the loss's backward: `dh_L` and the head's gradients.
    LossBackward,
    /// Segment `s` recomputed with its graph, before its backward.
    Recomputed(usize),
    /// After segment `s`'s backward.
    Backward(usize),
    /// After the embedding's backward: the end of the step.
    Embedding,
}

impl fmt::Display for Point {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Layer(i) => write!(f, "forward of layer {i}"),
            Self::Segment(s) => write!(f, "forward of segment {s}"),
            Self::EndOfForward => f.write_str("end of forward"),
            Self::Loss => f.write_str("loss"),
            Self::LossBackward => f.write_str("loss backward"),
            Self::Recomputed(s) => write!(f, "recompute of segment {s}"),
            Self::Backward(s) => write!(f, "backward of segment {s}"),
            Self::Embedding => f.write_str("embedding backward"),
        }
    }
}

/// One thing a step does. Segments are numbered as [`Plan::segments`] gives them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Op {
    /// Look up `h_0` from the token ids, without a graph.
    Embed,
    /// Start segment `s` from the current hidden state: a leaf with autodiff for a Keep
    /// segment, an input held without a graph for the others.
    Open(usize),
    /// Layer `i`'s forward, with autodiff in a Keep segment and without it elsewhere.
    Forward(usize),
    /// End segment `s`: keep its graph (Keep) or its input (the others); its output is the
    /// next hidden state.
    Close(usize),
    /// Start copying segment `s`'s input to host memory; the device buffer is held until the
    /// copy settles.
    Offload(usize),
    /// Wait for segment `s`'s copy to land on the host, freeing its device buffer.
    Settle(usize),
    /// The final norm, LM head and loss on a leaf `h_L`.
    Loss,
    /// The loss's backward: `dh_L` and the head's gradients.
    LossBackward,
    /// Upload segment `s`'s offloaded input back to the device.
    Prefetch(usize),
    /// Re-run segment `s` with autodiff from a leaf of its saved input.
    Recompute(usize),
    /// Backpropagate `dh` through segment `s`'s graph, adding its parameters' gradients.
    Backward(usize),
    /// The embedding's gradient from `dh_0`.
    EmbeddingBackward,
    /// Read device memory in use.
    Sample(Point),
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Embed => f.write_str("embed"),
            Self::Open(s) => write!(f, "open segment {s}"),
            Self::Forward(i) => write!(f, "forward layer {i}"),
            Self::Close(s) => write!(f, "close segment {s}"),
            Self::Offload(s) => write!(f, "offload the input of segment {s}"),
            Self::Settle(s) => write!(f, "settle the offload of segment {s}"),
            Self::Loss => f.write_str("loss"),
            Self::LossBackward => f.write_str("loss backward"),
            Self::Prefetch(s) => write!(f, "prefetch the input of segment {s}"),
            Self::Recompute(s) => write!(f, "recompute segment {s}"),
            Self::Backward(s) => write!(f, "backward segment {s}"),
            Self::EmbeddingBackward => f.write_str("embedding backward"),
            Self::Sample(point) => write!(f, "sample memory: {point}"),
        }
    }
}

/// A plan's step as an ordered list of [`Op`]s.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    plan: Plan,
    options: ScheduleOptions,
    segments: Vec<(Range<usize>, Policy)>,
    ops: Vec<Op>,
}

impl Schedule {
    /// The step of `plan` with `options`.
    pub fn compile(plan: &Plan, options: ScheduleOptions) -> Self {
        let segments = plan.segments();
        let mut ops = vec![Op::Embed];

        // Forward. An offload's copy is in flight until the next segment has run.
        let mut in_flight = None;
        for (s, (range, policy)) in segments.iter().enumerate() {
            ops.push(Op::Open(s));
            for i in range.clone() {
                ops.push(Op::Forward(i));
                if range.len() > 1 {
                    ops.push(Op::Sample(Point::Layer(i)));
                }
            }
            ops.push(Op::Close(s));
            if *policy == Policy::Offload {
                ops.push(Op::Offload(s));
            }
            if let Some(previous) = in_flight.take() {
                ops.push(Op::Settle(previous));
            }
            if *policy == Policy::Offload {
                if options.overlap_offload {
                    in_flight = Some(s);
                } else {
                    ops.push(Op::Settle(s));
                }
            }
            ops.push(Op::Sample(Point::Segment(s)));
        }
        if let Some(previous) = in_flight {
            ops.push(Op::Settle(previous));
        }
        ops.push(Op::Sample(Point::EndOfForward));

        ops.extend([
            Op::Loss,
            Op::Sample(Point::Loss),
            Op::LossBackward,
            Op::Sample(Point::LossBackward),
        ]);

        // Backward, last segment first.
        let offloaded = |s: usize| segments[s].1 == Policy::Offload;
        for (s, (_, policy)) in segments.iter().enumerate().rev() {
            let prefetched = options.prefetch && s + 1 < segments.len();
            if *policy == Policy::Offload && !prefetched {
                ops.push(Op::Prefetch(s));
            }
            if options.prefetch && s > 0 && offloaded(s - 1) {
                ops.push(Op::Prefetch(s - 1));
            }
            if *policy != Policy::Keep {
                ops.push(Op::Recompute(s));
                ops.push(Op::Sample(Point::Recomputed(s)));
            }
            ops.push(Op::Backward(s));
            ops.push(Op::Sample(Point::Backward(s)));
        }
        ops.extend([Op::EmbeddingBackward, Op::Sample(Point::Embedding)]);
        Self {
            plan: plan.clone(),
            options,
            segments,
            ops,
        }
    }

    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    pub fn options(&self) -> ScheduleOptions {
        self.options
    }

    /// Segment `s`'s layers and policy.
    pub fn segment(&self, s: usize) -> (Range<usize>, Policy) {
        self.segments[s].clone()
    }

    pub fn segments(&self) -> &[(Range<usize>, Policy)] {
        &self.segments
    }

    pub fn ops(&self) -> &[Op] {
        &self.ops
    }

    /// The points where the step samples memory, in order.
    pub fn points(&self) -> Vec<Point> {
        self.ops
            .iter()
            .filter_map(|op| match op {
                Op::Sample(point) => Some(*point),
                _ => None,
            })
            .collect()
    }

    /// The same schedule with every op for which `keep` is false left out: for tests and
    /// experiments that change a schedule by hand. Leaving out an op the rest depends on (a
    /// segment's forward, say) makes a schedule the executor refuses.
    pub fn retain(mut self, keep: impl FnMut(&Op) -> bool) -> Self {
        self.ops.retain(keep);
        self
    }
}

impl fmt::Display for Schedule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "plan {}: {} segments", self.plan, self.segments.len())?;
        for (s, (range, policy)) in self.segments.iter().enumerate() {
            writeln!(f, "  segment {s}: layers {range:?}, {policy:?}")?;
        }
        for (n, op) in self.ops.iter().enumerate() {
            writeln!(f, "{n:>4}  {op}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ops(plan: &str, options: ScheduleOptions) -> Vec<String> {
        let plan = Plan::parse(plan, plan.len()).unwrap();
        Schedule::compile(&plan, options)
            .ops()
            .iter()
            .map(Op::to_string)
            .collect()
    }

    #[test]
    fn an_offload_settles_after_the_next_segment_and_comes_back_one_ahead() {
        let ops = ops("OR", ScheduleOptions::default());
        let at = |s: &str| ops.iter().position(|o| o == s).unwrap();
        assert!(at("forward layer 1") < at("settle the offload of segment 0"));
        assert!(at("settle the offload of segment 0") < at("sample memory: forward of segment 1"));
        assert!(at("prefetch the input of segment 0") < at("recompute segment 1"));
        assert_eq!(ops.iter().filter(|o| o.starts_with("prefetch")).count(), 1);
    }

    #[test]
    fn without_overlap_each_transfer_waits_for_itself() {
        let options = ScheduleOptions {
            overlap_offload: false,
            prefetch: false,
        };
        let ops = ops("OO", options);
        let at = |s: &str| ops.iter().position(|o| o == s).unwrap();
        assert_eq!(
            at("settle the offload of segment 0"),
            at("offload the input of segment 0") + 1
        );
        assert_eq!(
            at("recompute segment 0"),
            at("prefetch the input of segment 0") + 1
        );
        assert_eq!(
            at("recompute segment 1"),
            at("prefetch the input of segment 1") + 1
        );
    }

    #[test]
    fn a_keep_run_is_one_segment_sampled_after_each_layer() {
        let plan = Plan::parse("KKR", 3).unwrap();
        let schedule = Schedule::compile(&plan, ScheduleOptions::default());
        assert_eq!(schedule.segments().len(), 2);
        let points = schedule.points();
        assert_eq!(
            &points[..4],
            &[
                Point::Layer(0),
                Point::Layer(1),
                Point::Segment(0),
                Point::Segment(1)
            ]
        );
        assert!(!schedule.ops().contains(&Op::Recompute(0)));
        assert!(schedule.ops().contains(&Op::Recompute(1)));
    }
}
