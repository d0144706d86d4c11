//! The LM head and cross-entropy in one operation, chunked over rows so that the full
//! `[n, vocab]` logits and their gradient are never all alive: each chunk's logits are made by
//! a matmul, turned in place into their gradient by one kernel (in
//! [`super::cross_entropy_cube`]), and folded into the gradients of the hidden states and the
//! head's weight before the next chunk (the way Liger's fused linear cross-entropy works). The
//! loss being the last operation, its gradients are computed with it and kept for backward.
//!
//! On the CPU backend the same chunks: gemm's matmuls, and each row's loss and gradient on the
//! CPU's threads ([`super::cpu`]). The reference is the head's matmul and
//! [`super::loss::cross_entropy`].

use burn::backend::autodiff::Autodiff;
use burn::backend::autodiff::checkpoint::base::Checkpointer;
use burn::backend::autodiff::checkpoint::strategy::CheckpointStrategy;
use burn::backend::autodiff::grads::Gradients;
use burn::backend::autodiff::ops::{Backward, Ops, OpsKind};
use burn::backend::ops::{FloatTensorOps, IntTensorOps};
use burn::backend::tensor::{FloatTensor, IntTensor};
use burn::backend::{
    AutodiffBackend, Backend, Cube, Dispatch, Flex, TensorMetadata, backend_extension,
};
use burn::prelude::*;
use burn::tensor::{DType, FloatDType, IntDType, Slice};
use burn_cubecl::kernel::into_contiguous;
use burn_cubecl::kernel::matmul::{MatmulStrategy, matmul};
use burn_cubecl::tensor::CubeTensor;

use super::cpu::{self, Values};
use super::cross_entropy_cube::launch_rows;
use super::launch::empty_f32;
use super::matmul::blocked;

/// The fused head and loss as a backend operation: CubeCL runtimes (wgpu, CUDA), the CPU
/// backend, and their autodiff.
#[backend_extension(Cube, Flex, Autodiff)]
pub trait CrossEntropyOps: Backend {
    /// `Σ_rows (logsumexp(h W) - (h W)[target]) * scale` of `hidden` `[n, d]`, `weight`
    /// `[d, vocab]` and `targets` `[n]` (negative: ignored) -> `[1]`.
    fn linear_cross_entropy(
        hidden: FloatTensor<Self>,
        weight: FloatTensor<Self>,
        targets: IntTensor<Self>,
        scale: f32,
    ) -> FloatTensor<Self>;

    /// The loss and its gradient with respect to `hidden` alone (a frozen head: LoRA).
    fn linear_cross_entropy_with_hidden_grad(
        hidden: FloatTensor<Self>,
        weight: FloatTensor<Self>,
        targets: IntTensor<Self>,
        scale: f32,
    ) -> (FloatTensor<Self>, FloatTensor<Self>);

    /// The loss and its gradients with respect to `hidden` and `weight`.
    fn linear_cross_entropy_with_grads(
        hidden: FloatTensor<Self>,
        weight: FloatTensor<Self>,
        targets: IntTensor<Self>,
        scale: f32,
    ) -> (FloatTensor<Self>, FloatTensor<Self>, FloatTensor<Self>);
}

impl CrossEntropyOps for Cube {
    fn linear_cross_entropy(
        hidden: FloatTensor<Self>,
        weight: FloatTensor<Self>,
        targets: IntTensor<Self>,
        scale: f32,
    ) -> FloatTensor<Self> {
        chunked(hidden, weight, targets, scale, Grads::None).0
    }

    fn linear_cross_entropy_with_hidden_grad(
        hidden: FloatTensor<Self>,
        weight: FloatTensor<Self>,
        targets: IntTensor<Self>,
        scale: f32,
    ) -> (FloatTensor<Self>, FloatTensor<Self>) {
        let (loss, grad_hidden, _) = chunked(hidden, weight, targets, scale, Grads::Hidden);
        (loss, grad_hidden.expect("asked for"))
    }

    fn linear_cross_entropy_with_grads(
        hidden: FloatTensor<Self>,
        weight: FloatTensor<Self>,
        targets: IntTensor<Self>,
        scale: f32,
    ) -> (FloatTensor<Self>, FloatTensor<Self>, FloatTensor<Self>) {
        let (loss, grad_hidden, grad_weight) =
            chunked(hidden, weight, targets, scale, Grads::HiddenAndWeight);
        (
            loss,
            grad_hidden.expect("asked for"),
            grad_weight.expect("asked for"),
        )
    }
}

/// The same chunks on the CPU's threads.
impl CrossEntropyOps for Flex {
    fn linear_cross_entropy(
        hidden: FloatTensor<Self>,
        weight: FloatTensor<Self>,
        targets: IntTensor<Self>,
        scale: f32,
    ) -> FloatTensor<Self> {
        chunked_on_cpu(hidden, weight, targets, scale, Grads::None).0
    }

    fn linear_cross_entropy_with_hidden_grad(
        hidden: FloatTensor<Self>,
        weight: FloatTensor<Self>,
        targets: IntTensor<Self>,
        scale: f32,
    ) -> (FloatTensor<Self>, FloatTensor<Self>) {
        let (loss, grad_hidden, _) = chunked_on_cpu(hidden, weight, targets, scale, Grads::Hidden);
        (loss, grad_hidden.expect("asked for"))
    }

    fn linear_cross_entropy_with_grads(
        hidden: FloatTensor<Self>,
        weight: FloatTensor<Self>,
        targets: IntTensor<Self>,
        scale: f32,
    ) -> (FloatTensor<Self>, FloatTensor<Self>, FloatTensor<Self>) {
        let (loss, grad_hidden, grad_weight) =
            chunked_on_cpu(hidden, weight, targets, scale, Grads::HiddenAndWeight);
        (
            loss,
            grad_hidden.expect("asked for"),
            grad_weight.expect("asked for"),
        )
    }
}

/// [`chunked`] on the CPU backend: each chunk's logits by gemm (in the hidden states' type),
/// then on the CPU's threads each row's log-sum-exp in float32, with the vocabulary summed in
/// blocks of [`LOSS_BLOCK`] as [`super::loss::blocked_row_sum`] sums it, and its gradient
/// `(softmax - one_hot(target)) * scale` (zero on rows whose target is negative: ignored),
/// folded into the gradients before the next chunk.
fn chunked_on_cpu(
    hidden: FloatTensor<Flex>,
    weight: FloatTensor<Flex>,
    targets: IntTensor<Flex>,
    scale: f32,
    grads: Grads,
) -> (
    FloatTensor<Flex>,
    Option<FloatTensor<Flex>>,
    Option<FloatTensor<Flex>>,
) {
    let (dtype, weight_dtype) = (hidden.dtype(), weight.dtype());
    let [n, d] = hidden.shape().dims();
    let vocab = weight.shape()[1];
    let targets = Flex::int_cast(targets, IntDType::I64).to_contiguous();
    let targets: &[i64] = targets.as_slice().expect("made contiguous i64");
    let rows = chunk_rows(n, d, vocab);
    let weight_t = Flex::float_transpose(weight.clone()); // [v, d]
    let mut loss = 0.0f32;
    let mut grad_hidden = Vec::with_capacity(n.div_ceil(rows));
    let mut grad_weight: Option<FloatTensor<Flex>> = None;
    for start in (0..n).step_by(rows) {
        let len = rows.min(n - start);
        let h = Flex::float_slice(
            hidden.clone(),
            &[Slice::from(start..start + len), Slice::from(..)],
        );
        let logits = Values::new(Flex::float_matmul(h.clone(), weight.clone())); // [len, v]
        let logits = logits.get();
        let targets = &targets[start..start + len];
        let mut grad = vec![0.0; len * vocab];
        let losses = cpu::for_rows(
            &mut grad,
            vocab,
            #[inline(always)]
            |first, grad| {
                let rows = grad
                    .chunks_exact_mut(vocab)
                    .zip(logits[first * vocab..].chunks_exact(vocab));
                (rows.zip(&targets[first..]))
                    .map(|((grad, logits), &target)| match usize::try_from(target) {
                        Ok(target) => softmax_row(logits, target, scale, grad),
                        Err(_) => 0.0,
                    })
                    .collect::<Vec<f32>>()
            },
        );
        loss += cpu::sum(&losses.concat()) * scale;
        if grads == Grads::None {
            continue;
        }
        let grad = cpu::tensor(grad, [len, vocab].into(), dtype);
        grad_hidden.push(Flex::float_matmul(grad.clone(), weight_t.clone()));
        if grads == Grads::HiddenAndWeight {
            // Summed over the chunks in float32 and rounded to the weight's type once.
            let g = Flex::float_matmul(Flex::float_transpose(h), grad);
            let g = Flex::float_cast(g, FloatDType::F32);
            grad_weight = Some(match grad_weight {
                Some(sum) => Flex::float_add(sum, g),
                None => g,
            });
        }
    }
    let grad_hidden = (grads != Grads::None).then(|| Flex::float_cat(grad_hidden, 0));
    let grad_weight = grad_weight.map(|g| Flex::float_cast(g, weight_dtype.into()));
    (
        cpu::tensor(vec![loss], [1].into(), DType::F32),
        grad_hidden,
        grad_weight,
    )
}

/// Columns of a row summed together before the blocks' sums are added: the reference's block
/// where the vocabulary is a multiple of 256.
const LOSS_BLOCK: usize = 256;

/// One row's cross-entropy against `target`, its gradient written to `grad`
/// (`(softmax(logits) - one_hot(target)) * scale`).
#[inline(always)]
fn softmax_row(logits: &[f32], target: usize, scale: f32, grad: &mut [f32]) -> f32 {
    let max = cpu::max(logits);
    for (g, x) in grad.iter_mut().zip(logits) {
        *g = cpu::exp(x - max);
    }
    let sum: f32 = grad.chunks(LOSS_BLOCK).map(cpu::sum).sum();
    let nll = sum.ln() - (logits[target] - max);
    grad.iter_mut().for_each(|g| *g = *g / sum * scale);
    grad[target] -= scale;
    nll
}

/// At most this many chunks while a chunk's logits stay under [`CHUNK_CAP_BYTES`]: every chunk
/// multiplies by the whole head weight three times, and a matmul has a fixed cost on top of its
/// work (about a second for a 32000-wide head on lavapipe).
pub const MAX_CHUNKS: usize = 8;

/// The most a chunk's logits take when more than [`MAX_CHUNKS`] chunks are needed to stay under it.
pub const CHUNK_CAP_BYTES: usize = 256 << 20;

/// Rows per chunk: `n / MAX_CHUNKS`, or fewer where that would put more than `CHUNK_CAP_BYTES` in
/// a chunk's logits, but never fewer than Liger's rule gives (`n / ceil(vocab / d)` rounded up
/// to a power of two: a chunk's logits about as large as the hidden states).
pub fn chunk_rows(n: usize, d: usize, vocab: usize) -> usize {
    let liger = n
        .div_ceil(vocab.div_ceil(d.max(1)).max(1))
        .next_power_of_two();
    let cap = (CHUNK_CAP_BYTES / (vocab.max(1) * 4)).max(1);
    n.div_ceil(MAX_CHUNKS).min(cap).max(liger).min(n.max(1))
}

/// Which gradients [`chunked`] computes with the loss.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Grads {
    None,
    /// The hidden states' only: the head is frozen, and its `[d, vocab]` gradient is never
    /// made.
    Hidden,
    HiddenAndWeight,
}

/// The loss `[1]` and the gradients `grads` asks for: of `hidden` `[n, d]` and `weight`
/// `[d, v]`.
fn chunked(
    hidden: CubeTensor,
    weight: CubeTensor,
    targets: CubeTensor,
    scale: f32,
    grads: Grads,
) -> (CubeTensor, Option<CubeTensor>, Option<CubeTensor>) {
    let targets = into_contiguous(targets);
    let (n, d) = (hidden.meta.shape()[0], hidden.meta.shape()[1]);
    let vocab = weight.meta.shape()[1];
    let losses = empty_f32(&hidden, Shape::new([n]));
    let weight_t = Cube::float_transpose(weight.clone()); // [v, d]
    let rows = chunk_rows(n, d, vocab);
    let mut grad_hidden = Vec::with_capacity(n.div_ceil(rows));
    let mut grad_weight: Option<CubeTensor> = None;
    for start in (0..n).step_by(rows) {
        let end = (start + rows).min(n);
        let h = Cube::float_slice(hidden.clone(), &[Slice::from(start..end), Slice::from(..)]);
        let logits = into_contiguous(blocked(h.clone(), weight.clone())); // [rows, v]
        launch_rows(
            &logits,
            &targets,
            &losses,
            start,
            scale,
            grads != Grads::None,
        );
        if grads != Grads::None {
            // `logits` now holds their gradient.
            // Over the vocabulary, in blocks: one accumulator over a 49152-wide vocabulary
            // rounds away its long tail of tiny probabilities (1.3e-4 from float64 on
            // SmolLM2's last hidden state, PyTorch's blocked CPU matmul 1.9e-6, blocks 6.4e-7).
            grad_hidden.push(blocked(logits.clone(), weight_t.clone()));
            if grads == Grads::HiddenAndWeight {
                // Summed over the chunks in float32 and rounded to the weight's type once.
                let g = matmul(
                    Cube::float_transpose(h),
                    logits,
                    None,
                    MatmulStrategy::default(),
                    DType::F32,
                )
                .expect("the head's gradient: a matmul of two float tensors");
                grad_weight = Some(match grad_weight {
                    Some(sum) => Cube::float_add(sum, g),
                    None => g,
                });
            }
        }
    }
    let loss = Cube::float_sum(losses);
    let grad_hidden = (grads != Grads::None).then(|| Cube::float_cat(grad_hidden, 0));
    let grad_weight = grad_weight.map(|g| Cube::float_cast(g, weight.dtype.into()));
    (loss, grad_hidden, grad_weight)
}

impl<B: CrossEntropyOps, C: CheckpointStrategy> CrossEntropyOps for Autodiff<B, C> {
    fn linear_cross_entropy(
        hidden: FloatTensor<Self>,
        weight: FloatTensor<Self>,
        targets: IntTensor<Self>,
        scale: f32,
    ) -> FloatTensor<Self> {
        /// Holds the gradients the forward computed, for a loss gradient of 1.
        #[derive(Debug)]
        struct LinearCrossEntropyBackward;

        impl<B: CrossEntropyOps> Backward<B, 2> for LinearCrossEntropyBackward {
            type State = (FloatTensor<B>, Option<FloatTensor<B>>);

            fn backward(
                self,
                ops: Ops<Self::State, 2>,
                grads: &mut Gradients,
                _checkpointer: &mut Checkpointer,
            ) {
                let [node_hidden, node_weight] = ops.parents;
                let grad = grads.consume::<B>(&ops.node); // [1], float32
                let (grad_hidden, grad_weight) = ops.state;
                // The gradients come in the inputs' type, the loss in float32.
                let grad = B::float_cast(grad, grad_hidden.dtype().into());
                let grad = B::float_reshape(grad, Shape::new([1, 1]));
                if let Some(node) = node_hidden {
                    grads.register::<B>(node.id, B::float_mul(grad_hidden, grad.clone()));
                }
                if let (Some(node), Some(grad_weight)) = (node_weight, grad_weight) {
                    grads.register::<B>(node.id, B::float_mul(grad_weight, grad));
                }
            }
        }

        let head_frozen = !weight.is_tracked();
        match LinearCrossEntropyBackward
            .prepare::<C>([hidden.node(), weight.node()])
            .compute_bound()
            .stateful()
        {
            // A frozen head (LoRA) gets no gradient: its `[d, vocab]` one is never made.
            OpsKind::Tracked(prep) if head_frozen => {
                let (loss, grad_hidden) = B::linear_cross_entropy_with_hidden_grad(
                    hidden.primitive().clone(),
                    weight.primitive().clone(),
                    targets,
                    scale,
                );
                prep.finish((grad_hidden, None), loss)
            }
            OpsKind::Tracked(prep) => {
                let (loss, grad_hidden, grad_weight) = B::linear_cross_entropy_with_grads(
                    hidden.primitive().clone(),
                    weight.primitive().clone(),
                    targets,
                    scale,
                );
                prep.finish((grad_hidden, Some(grad_weight)), loss)
            }
            OpsKind::UnTracked(prep) => prep.finish(B::linear_cross_entropy(
                hidden.into_primitive(),
                weight.into_primitive(),
                targets,
                scale,
            )),
        }
    }

    /// Not differentiable itself: the outputs come out untracked.
    fn linear_cross_entropy_with_hidden_grad(
        hidden: FloatTensor<Self>,
        weight: FloatTensor<Self>,
        targets: IntTensor<Self>,
        scale: f32,
    ) -> (FloatTensor<Self>, FloatTensor<Self>) {
        let (loss, grad_hidden) = B::linear_cross_entropy_with_hidden_grad(
            hidden.into_primitive(),
            weight.into_primitive(),
            targets,
            scale,
        );
        (Self::from_inner(loss), Self::from_inner(grad_hidden))
    }

    /// Not differentiable itself: the outputs come out untracked.
    fn linear_cross_entropy_with_grads(
        hidden: FloatTensor<Self>,
        weight: FloatTensor<Self>,
        targets: IntTensor<Self>,
        scale: f32,
    ) -> (FloatTensor<Self>, FloatTensor<Self>, FloatTensor<Self>) {
        let (loss, grad_hidden, grad_weight) = B::linear_cross_entropy_with_grads(
            hidden.into_primitive(),
            weight.into_primitive(),
            targets,
            scale,
        );
        (
            Self::from_inner(loss),
            Self::from_inner(grad_hidden),
            Self::from_inner(grad_weight),
        )
    }
}

/// `hidden` `[n, d]` through the head `weight` `[d, vocab]`, cross-entropy against `targets`
/// `[n]` (negative: ignored), summed and divided by `num_targets` -> `[1]`, by the fused
/// kernels, in the tensors' float type on a CubeCL device or the CPU backend (the loss in
/// float32): see [`super::Kernels::fuses`].
pub fn fused(
    hidden: Tensor<2>,
    weight: Tensor<2>,
    targets: Tensor<1, Int>,
    num_targets: usize,
) -> Tensor<1> {
    Tensor::from_dispatch(<Dispatch as CrossEntropyOps>::linear_cross_entropy(
        hidden.into_dispatch(),
        weight.into_dispatch(),
        targets.into_dispatch(),
        1.0 / num_targets.max(1) as f32,
    ))
}

/// The reference: the whole `[n, vocab]` logits, then [`super::loss::cross_entropy`].
pub fn reference(
    hidden: Tensor<2>,
    weight: Tensor<2>,
    targets: Tensor<1, Int>,
    num_targets: usize,
) -> Tensor<1> {
    super::loss::cross_entropy(hidden.matmul(weight), targets, num_targets)
}
