//! Each fused CubeCL kernel against its plain-Burn reference on wgpu (lavapipe here), and the
//! CPU backend's fused operations (RMSNorm, RoPE, SwiGLU, the projections, attention, the
//! chunked cross-entropy: the same arithmetic on its threads) against the same references:
//! forward and backward, on shapes that include odd sizes, in float32 and in f16 (bf16 is not a
//! WGSL type: its kernels are compiled and checked in `tests/shaders.rs` and by NVRTC).

mod common;

use burn::prelude::*;
use burn::tensor::{DType, Distribution};
use common::{batch, check_plans, eight_layers, parity, rel_err, values};
use remat::kernels::{self, Kernels, attention, cross_entropy, matmul, rms_norm, rope, swiglu};

fn wgpu() -> Device {
    Device::wgpu(DeviceKind::DefaultDevice)
}

/// Normal draws from a generator of the test's own (SplitMix64, Box-Muller), made on the host.
/// The device's generator is one per process: tests running beside each other drew from it in
/// turns, so a case's numbers changed from run to run.
struct Draws(u64);

impl Draws {
    /// A uniform draw in (0, 1).
    fn uniform(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        ((z >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }

    /// A tensor of `shape` drawn from `distribution` (normal) -> float32 on `device`.
    fn tensor<const D: usize>(
        &mut self,
        shape: [usize; D],
        distribution: Distribution,
        device: &Device,
    ) -> Tensor<D> {
        let Distribution::Normal(mean, std) = distribution else {
            panic!("the tests draw normal values only")
        };
        let values: Vec<f32> = (0..shape.iter().product::<usize>())
            .map(|_| {
                let (u, v) = (self.uniform(), self.uniform());
                let z = (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos();
                (mean + std * z) as f32
            })
            .collect();
        Tensor::from_data(TensorData::new(values, shape), device)
    }
}

/// Asserts each of `fused`'s outputs within 1e-5 relative of `reference`'s; returns the worst.
fn assert_close(case: &str, names: &[&str], fused: &[Vec<f32>], reference: &[Vec<f32>]) -> f32 {
    let mut worst = 0.0f32;
    for ((name, f), r) in names.iter().zip(fused).zip(reference) {
        let err = rel_err(f, r);
        assert!(err <= 1e-5, "{case} {name}: relative error {err}");
        worst = worst.max(err);
    }
    worst
}

/// A leaf of the case: `x` rounded to `inputs`, computed in `compute`, tracked.
fn leaf<const D: usize>(x: &Tensor<D>, inputs: DType, compute: DType) -> Tensor<D> {
    x.clone().cast(inputs).cast(compute).detach().require_grad()
}

/// A constant of the case (an output gradient, tables), rounded and cast as [`leaf`] does.
fn constant<const D: usize>(x: &Tensor<D>, inputs: DType, compute: DType) -> Tensor<D> {
    x.clone().cast(inputs).cast(compute).detach()
}

/// The values of `x` as f32.
fn f32s<const D: usize>(x: Tensor<D>) -> Vec<f32> {
    values(&x.cast(DType::F32).into_data())
}

/// An error within which any f16 result may sit from float32: twice f16's rounding (2^-11
/// relative to the largest value).
const F16_FLOOR: f32 = 1.0 / 1024.0;

/// One case in float32 and in f16. `run(fused, inputs, compute)` gives the outputs (as f32) from
/// the case's inputs rounded to `inputs` and computed in `compute`. Float32: the fused kernels
/// within 1e-5 of the reference. F16, against float32 on the same rounded inputs: the fused
/// kernels (float32 inside, one rounding) no further than Burn's ops in f16 (x1.25), or than
/// [`F16_FLOOR`]. Returns the worst float32 error and the worst f16 one (fused, reference).
fn check(
    case: &str,
    names: &[&str],
    run: impl Fn(bool, DType, DType) -> Vec<Vec<f32>>,
) -> (f32, [f32; 2]) {
    let f32_worst = assert_close(
        case,
        names,
        &run(true, DType::F32, DType::F32),
        &run(false, DType::F32, DType::F32),
    );
    let truth = run(false, DType::F16, DType::F32);
    let fused = run(true, DType::F16, DType::F16);
    let reference = run(false, DType::F16, DType::F16);
    let mut half_worst = [0.0f32; 2];
    for (((name, t), f), r) in names.iter().zip(&truth).zip(&fused).zip(&reference) {
        let (fused_err, reference_err) = (rel_err(f, t), rel_err(r, t));
        assert!(
            fused_err <= (1.25 * reference_err).max(F16_FLOOR),
            "{case} {name} in f16: fused {fused_err:e} from float32, Burn's ops {reference_err:e}"
        );
        half_worst[0] = half_worst[0].max(fused_err);
        half_worst[1] = half_worst[1].max(reference_err);
    }
    (f32_worst, half_worst)
}

/// Folds a case's errors into the test's worst ones.
fn worse(worst: &mut (f32, [f32; 2]), case: (f32, [f32; 2])) {
    worst.0 = worst.0.max(case.0);
    worst.1[0] = worst.1[0].max(case.1[0]);
    worst.1[1] = worst.1[1].max(case.1[1]);
}

fn report(worst: (f32, [f32; 2])) {
    println!(
        "worst relative error: float32 {:e}; f16 from float32: fused {:e}, Burn's ops {:e}",
        worst.0, worst.1[0], worst.1[1]
    );
}

#[test]
fn the_fused_path_runs_on_wgpu_and_on_the_cpu_with_cubecl_kernels_on_wgpu_alone() {
    for device in [wgpu(), wgpu().autodiff()] {
        assert!(kernels::fused_supported(&device));
        assert!(kernels::cubecl_supported(&device));
        assert_eq!(Kernels::Fused.on(&device), Kernels::Fused);
    }
    for device in [Device::flex(), Device::flex().autodiff()] {
        assert!(kernels::fused_supported(&device));
        assert!(!kernels::cubecl_supported(&device));
        assert_eq!(Kernels::Fused.on(&device), Kernels::Fused);
        assert!(!Kernels::Fused.fuses_on_cubecl(&device, DType::F32));
    }
}

/// The CPU's vectorized exponential against float64's, over every range the fused operations
/// feed it (softmax rows below 0, sigmoid's `-x` both ways) and its edges.
#[test]
fn the_cpus_exp_is_within_two_ulp_of_float64s() {
    let mut worst = 0.0f64;
    for i in 0..=2_000_000 {
        let x = -87.3 + (88.7 + 87.3) * i as f32 / 2e6;
        let (got, want) = (kernels::cpu::exp(x) as f64, (x as f64).exp());
        let ulp = (want as f32).abs().max(f32::MIN_POSITIVE) as f64 * f32::EPSILON as f64;
        worst = worst.max((got - want).abs() / ulp);
    }
    println!("worst error: {worst:.2} ulp");
    assert!(worst <= 2.0, "{worst} ulp");
    assert_eq!(kernels::cpu::exp(0.0), 1.0);
    assert_eq!(kernels::cpu::exp(f32::NEG_INFINITY), 0.0);
    assert_eq!(kernels::cpu::exp(-100.0), 0.0);
    assert_eq!(kernels::cpu::exp(89.0), f32::INFINITY);
    assert_eq!(kernels::cpu::exp(f32::INFINITY), f32::INFINITY);
    assert!(kernels::cpu::exp(f32::NAN).is_nan());
    assert!(kernels::cpu::exp(88.72).is_finite());
}

#[test]
fn rms_norm_forward_and_backward_match_the_reference() {
    rms_norm_matches_the_reference(wgpu().autodiff());
}

/// The CPU backend's RMSNorm on its threads, as the CubeCL kernels are checked.
#[test]
fn rms_norm_forward_and_backward_match_the_reference_on_the_cpu() {
    rms_norm_matches_the_reference(Device::flex().autodiff());
}

fn rms_norm_matches_the_reference(device: Device) {
    let mut draws = Draws(7);
    // (rows as [batch, seq], width): widths below, at and above the cube's units, odd ones.
    // (Width 1 is left out: its input gradient is all cancellation, eps / |x|³.)
    let shapes = [
        ([1, 1], 5),
        ([2, 3], 7),
        ([3, 5], 128),
        ([1, 33], 257),
        ([2, 4], 1000),
    ];
    let mut worst = (0.0, [0.0; 2]);
    for ([b, t], d) in shapes {
        let input = draws.tensor::<3>([b, t, d], Distribution::Normal(0.5, 2.0), &device);
        let weight = draws.tensor::<1>([d], Distribution::Normal(1.0, 0.3), &device);
        let grad_out = draws.tensor::<3>([b, t, d], Distribution::Normal(0.0, 1.0), &device);
        let eps = 1e-5;
        let run = |fused: bool, inputs, compute| {
            let x = leaf(&input, inputs, compute);
            let w = leaf(&weight, inputs, compute);
            let y = if fused {
                rms_norm::fused(x.clone(), w.clone(), eps)
            } else {
                rms_norm::reference(x.clone(), w.clone(), eps)
            };
            let grads = (y.clone() * constant(&grad_out, inputs, compute))
                .sum()
                .backward();
            let gx = x.grad(&grads).expect("a gradient for x");
            let gw = w.grad(&grads).expect("a gradient for w");
            vec![f32s(y.inner()), f32s(gx), f32s(gw)]
        };
        let names = ["output", "grad input", "grad weight"];
        let case = format!("[{b}, {t}, {d}]");
        worse(&mut worst, check(&case, &names, run));
    }
    report(worst);
}

#[test]
fn swiglu_forward_and_backward_match_the_reference() {
    swiglu_matches_the_reference(wgpu().autodiff());
}

/// The CPU backend's SwiGLU on its threads, as the CubeCL kernels are checked.
#[test]
fn swiglu_forward_and_backward_match_the_reference_on_the_cpu() {
    swiglu_matches_the_reference(Device::flex().autodiff());
}

fn swiglu_matches_the_reference(device: Device) {
    let mut draws = Draws(11);
    let mut worst = (0.0, [0.0; 2]);
    for [b, t, width] in [[1, 1, 1], [2, 3, 7], [3, 5, 257], [1, 33, 1000]] {
        let normal = |std| Distribution::Normal(0.0, std);
        let gate = draws.tensor::<3>([b, t, width], normal(3.0), &device);
        let up = draws.tensor::<3>([b, t, width], normal(1.0), &device);
        let grad_out = draws.tensor::<3>([b, t, width], normal(1.0), &device);
        let run = |fused: bool, inputs, compute| {
            let g = leaf(&gate, inputs, compute);
            let u = leaf(&up, inputs, compute);
            let y = if fused {
                swiglu::fused(g.clone(), u.clone())
            } else {
                swiglu::reference(g.clone(), u.clone())
            };
            let grads = (y.clone() * constant(&grad_out, inputs, compute))
                .sum()
                .backward();
            vec![
                f32s(y.inner()),
                f32s(g.grad(&grads).expect("a gradient for gate")),
                f32s(u.grad(&grads).expect("a gradient for up")),
            ]
        };
        let names = ["output", "grad gate", "grad up"];
        let case = format!("[{b}, {t}, {width}]");
        worse(&mut worst, check(&case, &names, run));
    }
    report(worst);
}

#[test]
fn blocked_matmul_and_its_gradients_match_the_reference() {
    blocked_matmul_matches_the_reference(wgpu().autodiff());
}

/// The CPU backend's projection matmul, as the CubeCL one is checked.
#[test]
fn blocked_matmul_and_its_gradients_match_the_reference_on_the_cpu() {
    blocked_matmul_matches_the_reference(Device::flex().autodiff());
}

fn blocked_matmul_matches_the_reference(device: Device) {
    let mut draws = Draws(5);
    let mut worst = (0.0, [0.0; 2]);
    // Inner dimensions below, at and past a block, one with a short last block; odd rows and
    // columns.
    for [b, t, k, n] in [
        [1, 1, 1, 3],
        [2, 3, 255, 7],
        [1, 5, 256, 9],
        [2, 7, 257, 33],
        [1, 33, 1000, 65],
    ] {
        let normal = |std| Distribution::Normal(0.0, std);
        let x = draws.tensor::<3>([b, t, k], normal(1.0), &device);
        let w = draws.tensor::<2>([k, n], normal(0.1), &device);
        let grad_out = draws.tensor::<3>([b, t, n], normal(1.0), &device);
        let run = |fused: bool, inputs, compute| {
            let (x, w) = (leaf(&x, inputs, compute), leaf(&w, inputs, compute));
            let y = if fused {
                matmul::fused(x.clone(), None, w.clone())
            } else {
                matmul::reference(x.clone(), w.clone())
            };
            let grads = (y.clone() * constant(&grad_out, inputs, compute))
                .sum()
                .backward();
            vec![
                f32s(y.inner()),
                f32s(x.grad(&grads).expect("a gradient for x")),
                f32s(w.grad(&grads).expect("a gradient for w")),
            ]
        };
        let case = format!("[{b}, {t}, {k}] x [{k}, {n}]");
        let names = ["output", "grad x", "grad w"];
        worse(&mut worst, check(&case, &names, run));
    }
    report(worst);
}

/// The matmul whose backward rebuilds its input (from SwiGLU's gate and up, from the
/// attention heads, or from an RMSNorm's input and weight) gives the gradients of the one that keeps it, bit for bit, in float32 and
/// in f16, with the weight trained (full fine-tuning) and frozen (LoRA's base).
#[test]
fn a_rebuilt_projection_input_gives_the_kept_inputs_gradients() {
    rebuilt_input_gives_the_kept_inputs_gradients(wgpu().autodiff());
}

/// On the CPU backend too.
#[test]
fn a_rebuilt_projection_input_gives_the_kept_inputs_gradients_on_the_cpu() {
    rebuilt_input_gives_the_kept_inputs_gradients(Device::flex().autodiff());
}

fn rebuilt_input_gives_the_kept_inputs_gradients(device: Device) {
    let mut draws = Draws(17);
    let normal = |std| Distribution::Normal(0.0, std);
    let [b, t, h, dh, n] = [2, 5, 3, 7, 9];
    let f = h * dh;
    let gate = draws.tensor::<3>([b, t, f], normal(3.0), &device);
    let up = draws.tensor::<3>([b, t, f], normal(1.0), &device);
    let heads = draws.tensor::<4>([b, h, t, dh], normal(1.0), &device);
    let residual = draws.tensor::<3>([b, t, f], normal(2.0), &device);
    let gamma = draws.tensor::<1>([f], normal(1.0), &device);
    let w = draws.tensor::<2>([f, n], normal(0.1), &device);
    let grad_out = draws.tensor::<3>([b, t, n], normal(1.0), &device);
    for dtype in [DType::F32, DType::F16] {
        for trained in [true, false] {
            let run = |rebuild: bool| {
                let (g, u, x) = (
                    leaf(&gate, dtype, dtype),
                    leaf(&up, dtype, dtype),
                    leaf(&heads, dtype, dtype),
                );
                // The norm's weight stays float32, as a model's does.
                let (r, gamma) = (
                    leaf(&residual, dtype, dtype),
                    leaf(&gamma, DType::F32, DType::F32),
                );
                let w = match trained {
                    true => leaf(&w, dtype, dtype),
                    false => constant(&w, dtype, dtype),
                };
                let product = swiglu::fused(g.clone(), u.clone());
                let of = kernels::InputOf::Swiglu {
                    gate: g.clone(),
                    up: u.clone(),
                };
                let y = matmul::fused(product, rebuild.then_some(&of), w.clone());
                let context = x.clone().swap_dims(1, 2).reshape([b, t, f]);
                let of = kernels::InputOf::Heads(x.clone());
                let z = matmul::fused(context, rebuild.then_some(&of), w.clone());
                let normed = rms_norm::fused(r.clone(), gamma.clone(), 1e-5);
                let of = kernels::InputOf::RmsNorm {
                    input: r.clone(),
                    weight: gamma.clone(),
                    epsilon: 1e-5,
                };
                let v = matmul::fused(normed, rebuild.then_some(&of), w.clone());
                let sum = y.clone() + z.clone() + v.clone();
                let grads = (sum * constant(&grad_out, dtype, dtype)).sum().backward();
                let mut out = vec![
                    f32s(y.inner()),
                    f32s(z.inner()),
                    f32s(g.grad(&grads).expect("a gradient for gate")),
                    f32s(u.grad(&grads).expect("a gradient for up")),
                    f32s(x.grad(&grads).expect("a gradient for the heads")),
                    f32s(v.inner()),
                    f32s(r.grad(&grads).expect("a gradient for the residual")),
                    f32s(
                        gamma
                            .grad(&grads)
                            .expect("a gradient for the norm's weight"),
                    ),
                ];
                out.extend(trained.then(|| f32s(w.grad(&grads).expect("a gradient for w"))));
                out
            };
            assert_eq!(
                run(true),
                run(false),
                "{dtype:?}, weight trained: {trained}"
            );
        }
    }
}

#[test]
fn rope_forward_and_backward_match_the_reference() {
    rope_matches_the_reference(wgpu().autodiff());
}

/// The CPU backend's RoPE on its threads, as the CubeCL kernel is checked.
#[test]
fn rope_forward_and_backward_match_the_reference_on_the_cpu() {
    rope_matches_the_reference(Device::flex().autodiff());
}

fn rope_matches_the_reference(device: Device) {
    let mut draws = Draws(13);
    let mut worst = (0.0, [0.0; 2]);
    // [batch, heads, len, head_dim]: head sizes 2, 24, 64 and 128, odd lengths.
    for [b, h, t, dh] in [[1, 1, 1, 2], [2, 3, 7, 24], [1, 4, 33, 64], [2, 2, 5, 128]] {
        let normal = || Distribution::Normal(0.0, 1.0);
        let x = draws.tensor::<4>([b, h, t, dh], normal(), &device);
        let cos = draws.tensor::<4>([1, 1, t, dh], normal(), &device);
        let sin = draws.tensor::<4>([1, 1, t, dh], normal(), &device);
        let grad_out = draws.tensor::<4>([b, h, t, dh], normal(), &device);
        let run = |fused: bool, inputs, compute| {
            let x = leaf(&x, inputs, compute);
            let (c, s) = (
                constant(&cos, inputs, compute),
                constant(&sin, inputs, compute),
            );
            let y = if fused {
                rope::fused(x.clone(), c, s)
            } else {
                rope::reference(x.clone(), c, s)
            };
            let grads = (y.clone() * constant(&grad_out, inputs, compute))
                .sum()
                .backward();
            vec![
                f32s(y.inner()),
                f32s(x.grad(&grads).expect("a gradient for x")),
            ]
        };
        let case = format!("[{b}, {h}, {t}, {dh}]");
        worse(&mut worst, check(&case, &["output", "grad x"], run));
    }
    report(worst);
}

#[test]
fn chunked_cross_entropy_and_its_gradients_match_the_reference() {
    cross_entropy_matches_the_reference(wgpu().autodiff());
}

/// The CPU backend's chunks on its threads, as the CubeCL kernels are checked.
#[test]
fn chunked_cross_entropy_and_its_gradients_match_the_reference_on_the_cpu() {
    cross_entropy_matches_the_reference(Device::flex().autodiff());
}

fn cross_entropy_matches_the_reference(device: Device) {
    let mut draws = Draws(17);
    let mut worst = (0.0, [0.0; 2]);
    // (rows, hidden, vocab): one chunk, many chunks with a short last one, one row, vocab below
    // and above the cube's units, odd sizes; every third target ignored.
    for (n, d, vocab) in [
        (1, 8, 5),
        (7, 3, 11),
        (37, 16, 1000),
        (130, 24, 4097),
        (64, 64, 33),
    ] {
        let hidden = draws.tensor::<2>([n, d], Distribution::Normal(0.0, 1.0), &device);
        let weight = draws.tensor::<2>([d, vocab], Distribution::Normal(0.0, 0.5), &device);
        let targets: Vec<i64> = (0..n)
            .map(|i| {
                if i % 3 == 2 {
                    -100
                } else {
                    ((i * 7919) % vocab) as i64
                }
            })
            .collect();
        let counted = targets.iter().filter(|&&t| t >= 0).count();
        let targets = Tensor::<1, Int>::from_data(TensorData::new(targets, [n]), &device);
        let case = format!("n {n}, d {d}, vocab {vocab}");
        // Loss and gradients, the head's with `head` (else the head is frozen, as under LoRA,
        // and must get none).
        let run = |fused: bool, head: bool, inputs, compute| {
            let h = leaf(&hidden, inputs, compute);
            let w = constant(&weight, inputs, compute);
            let w = if head { w.require_grad() } else { w };
            let f = if fused {
                cross_entropy::fused
            } else {
                cross_entropy::reference
            };
            // A loss gradient other than 1 checks that backward scales by it.
            let loss = f(h.clone(), w.clone(), targets.clone(), counted);
            let grads = loss.clone().mul_scalar(3.0).backward();
            let mut out = vec![
                f32s(loss.inner()),
                f32s(h.grad(&grads).expect("a gradient for hidden")),
            ];
            match w.grad(&grads) {
                Some(g) if head => out.push(f32s(g)),
                None if !head => {}
                _ => panic!("{case}: the head's gradient, asked for: {head}"),
            }
            out
        };
        let names = ["loss", "grad hidden", "grad weight"];
        for head in [true, false] {
            let run = |fused, inputs, compute| run(fused, head, inputs, compute);
            worse(&mut worst, check(&case, &names, run));
        }
        // A frozen head: the hidden states' gradient alone, bit for bit the one made with the
        // head's.
        for dtype in [DType::F32, DType::F16] {
            let frozen = run(true, false, dtype, dtype);
            let trained = run(true, true, dtype, dtype);
            assert!(frozen[..] == trained[..2], "{case}: frozen head, {dtype:?}");
        }
    }
    report(worst);
}

#[test]
fn memory_efficient_attention_and_its_gradients_match_the_reference() {
    attention_matches_the_reference(wgpu().autodiff());
}

/// The CPU backend's blocks of queries on its threads, as the CubeCL kernels are checked.
#[test]
fn the_cpus_memory_efficient_attention_and_its_gradients_match_the_reference() {
    attention_matches_the_reference(Device::flex().autodiff());
}

fn attention_matches_the_reference(device: Device) {
    let mut draws = Draws(23);
    // [batch, heads, kv heads, len, head_dim]: GQA ratios 1, 2 and 4, head sizes 24, 64 and 128,
    // odd lengths, lengths across several cubes (64 rows) and key tiles, batch > 1.
    let shapes = [
        [1, 1, 1, 600, 64],
        [1, 1, 1, 400, 128],
        [1, 8, 1, 60, 64],
        [1, 8, 2, 130, 64],
        [2, 2, 1, 67, 128],
        [1, 4, 1, 200, 24],
    ];
    let mut worst = (0.0, [0.0; 2]);
    for [b, h, kv, t, dh] in shapes {
        let normal = || Distribution::Normal(0.0, 1.0);
        let q = draws.tensor::<4>([b, h, t, dh], normal(), &device);
        let k = draws.tensor::<4>([b, kv, t, dh], normal(), &device);
        let v = draws.tensor::<4>([b, kv, t, dh], normal(), &device);
        let grad_out = draws.tensor::<4>([b, h, t, dh], normal(), &device);
        let run = |fused: bool, inputs, compute| {
            let (q, k, v) = (
                leaf(&q, inputs, compute),
                leaf(&k, inputs, compute),
                leaf(&v, inputs, compute),
            );
            let y = if fused {
                attention::fused(q.clone(), k.clone(), v.clone())
            } else {
                attention::reference(q.clone(), k.clone(), v.clone())
            };
            let grads = (y.clone() * constant(&grad_out, inputs, compute))
                .sum()
                .backward();
            vec![
                f32s(y.inner()),
                f32s(q.grad(&grads).expect("a gradient for q")),
                f32s(k.grad(&grads).expect("a gradient for k")),
                f32s(v.grad(&grads).expect("a gradient for v")),
            ]
        };
        let case = format!("[{b}, {h}/{kv}, {t}, {dh}]");
        let names = ["output", "grad q", "grad k", "grad v"];
        worse(&mut worst, check(&case, &names, run));
    }
    report(worst);
}

#[test]
fn cross_entropy_chunks_keep_the_logits_near_the_hidden_states_size() {
    // 8 chunks, unless a chunk's logits would pass 256 MiB; never smaller than Liger's rule (a
    // chunk's logits about as large as the hidden states).
    assert_eq!(cross_entropy::chunk_rows(2048, 256, 32000), 256);
    assert_eq!(cross_entropy::chunk_rows(65536, 2048, 128256), 2048);
    assert_eq!(cross_entropy::chunk_rows(16384, 512, 128256), 523);
    assert_eq!(cross_entropy::chunk_rows(4096, 2048, 128256), 512);
    assert_eq!(cross_entropy::chunk_rows(4096, 512, 4096), 512);
    assert_eq!(cross_entropy::chunk_rows(2048, 2048, 2048), 2048);
    assert_eq!(cross_entropy::chunk_rows(7, 3, 11), 2);
    assert_eq!(cross_entropy::chunk_rows(1, 8, 5), 1);
}

#[test]
fn fused_adamw_steps_match_burns_adamw() {
    use burn::optim::{AdamWConfig, Optimizer};
    let device = wgpu();
    let mut draws = Draws(19);
    let (beta1, beta2, eps, wd) = (0.9, 0.95, 1e-8, 0.1);
    let settings = remat::train::optim::AdamW {
        beta1,
        beta2,
        eps,
        weight_decay: wd,
    };
    let fused = remat::train::optim::FusedAdamW::new(settings, Kernels::Fused);
    let reference = AdamWConfig::new()
        .with_beta_1(beta1)
        .with_beta_2(beta2)
        .with_epsilon(eps)
        .with_weight_decay(wd)
        .build();
    let mut worst = 0.0f32;
    for shape in [[1, 1], [3, 7], [129, 257]] {
        let start = draws.tensor::<2>(shape, Distribution::Normal(0.0, 1.0), &device);
        let (mut p_fused, mut p_ref) = (start.clone(), start);
        let (mut s_fused, mut s_ref) = (None, None);
        for (step, lr) in [1e-2, 3e-3, 1e-3, 0.0].into_iter().enumerate() {
            let grad = draws.tensor::<2>(shape, Distribution::Normal(0.0, 0.1), &device);
            (p_fused, s_fused) = fused.step(lr, p_fused, grad.clone(), s_fused);
            (p_ref, s_ref) = reference.step(lr, p_ref, grad, s_ref);
            let (f, r) = (s_fused.as_ref().unwrap(), s_ref.as_ref().unwrap());
            assert_eq!(f.momentum.time, r.momentum.time);
            let case = format!("{shape:?} step {step}");
            worst = worst.max(assert_close(
                &case,
                &["param", "moment 1", "moment 2"],
                &[
                    values(&p_fused.to_data()),
                    values(&f.momentum.moment_1.to_data()),
                    values(&f.momentum.moment_2.to_data()),
                ],
                &[
                    values(&p_ref.to_data()),
                    values(&r.momentum.moment_1.to_data()),
                    values(&r.momentum.moment_2.to_data()),
                ],
            ));
        }
    }
    println!("worst relative error {worst:e}");
}

/// The whole training step with the fused kernels (the models' default) still meets the HF
/// parity bounds.
#[test]
fn a_training_step_with_fused_kernels_matches_pytorch() {
    for name in ["gqa", "tied"] {
        parity::check(name, vec![("wgpu, fused kernels", wgpu())]);
    }
}

/// With the fused kernels, every checkpoint plan still gives the plain backward's gradients
/// bit for bit: recomputation runs the same deterministic kernels.
#[test]
fn every_plan_gives_the_plain_gradients_with_fused_kernels() {
    let model = eight_layers(&wgpu().autodiff()).with_kernels(Kernels::Fused);
    let plans = ["none", "recompute", "offload", "KRKOKKRO"];
    check_plans("8 layers/wgpu fused", &model, &batch(2, 16, 64), &plans);
}
