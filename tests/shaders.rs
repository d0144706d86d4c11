//! The WGSL and CUDA C++ that each CubeCL kernel compiles to, kept in `shaders/` and checked
//! current here: a kernel changed without regenerating them fails this test.
//!
//! Regenerate with `REMAT_WRITE_SHADERS=1 cargo test --release --test shaders` (no GPU or CUDA
//! toolkit needed: WGSL from cubecl-wgpu's compiler, CUDA from cubecl-cpp's, both offline),
//! then `python3 shaders/nvrtc_check.py shaders/cuda/*.cu --report shaders/cuda/REPORT.md`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use burn::tensor::{bf16, f16};
use burn_cubecl::cubecl;
use cubecl::Compiler;
use cubecl::WgpuCompilationOptions;
use cubecl::ir::features::Features;
use cubecl::ir::{DeviceIdentity, HardwareProperties, MemoryDeviceProperties};
use cubecl::prelude::*;
use cubecl::profile::TimingMethod;
use cubecl::wgpu::WgslCompiler;
use cubecl_cpp::shared::{CompilationOptions, CppCompiler, CppSupportedFeatures};
use cubecl_cpp::target::Cuda;
use remat::kernels::{
    adamw_cube, attention_cube, cross_entropy_cube, rms_norm_cube, rope_cube, swiglu_cube,
};

/// The device the kernels are compiled for: no comptime query of ours reads it, so plain
/// values do; the CUDA one has the types CubeCL's CUDA runtime registers.
fn properties(cuda: bool) -> Arc<DeviceProperties> {
    let mut properties = DeviceProperties::new(
        Features::default(),
        MemoryDeviceProperties::new(u64::MAX, 256),
        HardwareProperties {
            load_width: 128,
            vector_register_count: None,
            plane_size_min: 32,
            plane_size_max: 32,
            max_bindings: 32,
            max_shared_memory_size: 49152,
            max_cube_count: (u32::MAX, u16::MAX as u32, u16::MAX as u32),
            max_units_per_cube: 1024,
            max_cube_dim: (1024, 1024, 1024),
            num_streaming_multiprocessors: None,
            num_tensor_cores: None,
            min_tensor_cores_dim: None,
            num_cpu_cores: None,
            last_level_cache_size: None,
            max_vector_size: VectorSize::MAX,
            cube_mma_reserved_shared_memory: 0,
        },
        TimingMethod::Device,
        DeviceIdentity {
            name: "offline".into(),
            fingerprint: "offline".into(),
            physical: None,
        },
    );
    if cuda {
        cubecl_cpp::register_supported_types(&mut properties);
    } else {
        properties.register_address_type(AddressType::U32);
    }
    Arc::new(properties)
}

/// A tensor argument as a launch registers one that aliases no other.
fn tensor() -> TensorCompilationArg {
    TensorCompilationArg {
        meta: TensorMetaCompilationArg { len: (), rank: () },
        buffer: BufferCompilationArg { inplace: None },
    }
}

/// What a launch with `units` per cube compiles: checked bounds, 32-bit addresses.
struct Target {
    settings: KernelSettings,
    device: Arc<DeviceProperties>,
    target: Arc<TargetProperties>,
}

fn target(cuda: bool, units: usize) -> Target {
    Target {
        settings: KernelSettings::new(
            CubeDim::new_1d(units as u32).into(),
            ExecutionMode::Checked,
            AddressType::U32,
        ),
        device: properties(cuda),
        target: Arc::new(TargetProperties::default()),
    }
}

fn wgsl(kernel: &impl CubeKernel) -> String {
    let definition = kernel.define();
    let name = definition.settings.kernel_name.clone();
    let source = WgslCompiler
        .compile(definition, &WgpuCompilationOptions::default())
        .expect("WGSL compilation")
        .to_string();
    without_build_hash(source, &name)
}

/// The source with its entry point named without CubeCL's `_xxxxxxxx` suffix: that hash covers
/// the `TypeId` of the kernel's comptime values, which changes with the crate's build metadata
/// (its features and those of its dependencies, the compiler), not with the code; the committed
/// files (and the NVRTC report) would go stale on every dependency or feature change.
fn without_build_hash(source: String, name: &str) -> String {
    let stem = name
        .rsplit_once('_')
        .filter(|(_, hash)| hash.len() == 8 && hash.bytes().all(|b| b.is_ascii_hexdigit()));
    let (stem, _) = stem.unwrap_or_else(|| panic!("entry point {name} has no build hash"));
    assert!(
        source.contains(name),
        "entry point {name} is not in the source"
    );
    source.replace(name, stem)
}

/// With the options CubeCL's CUDA runtime uses on sm_86 and sm_89.
fn cuda(kernel: &impl CubeKernel) -> String {
    let options = CompilationOptions {
        warp_size: 32,
        supports_features: CppSupportedFeatures {
            grid_constants: true,
            fast_math: true,
            dp4a: true,
            ..Default::default()
        },
        ..Default::default()
    };
    let definition = kernel.define();
    let name = definition.settings.kernel_name.clone();
    let source = CppCompiler::<Cuda>::default()
        .compile(definition, &options)
        .expect("CUDA compilation")
        .source;
    without_build_hash(source, &name)
}

/// Every kernel by file name, with its WGSL source (where WGSL has the type) and its CUDA
/// source: the float32 kernels under their own names, the half-precision ones with `_f16` and
/// `_bf16` after it (bf16 in CUDA only: WGSL has no bfloat16). The AdamW step is float32
/// only: it updates the float32 masters in every precision.
fn sources() -> Vec<(String, Option<String>, String)> {
    let mut out = kernels_of::<f32>("", true);
    out.extend(kernels_of::<f16>("_f16", true));
    out.extend(kernels_of::<bf16>("_bf16", false));
    out.extend(adamw());
    out
}

/// The kernels generic over the float type, compiled for `F`, named with `suffix`.
fn kernels_of<F: Float>(suffix: &str, has_wgsl: bool) -> Vec<(String, Option<String>, String)> {
    let t = target;
    let mut out = Vec::new();
    let mut add = |name: String, wgsl_source: Option<String>, cuda_source: String| {
        out.push((format!("{name}{suffix}"), wgsl_source, cuda_source));
    };
    macro_rules! kernel {
        ($name:expr, $units:expr, |$t:ident| $make:expr) => {{
            let make = |cuda_target: bool| {
                let $t = t(cuda_target, $units);
                $make
            };
            let wgsl_source = has_wgsl.then(|| wgsl(&make(false)));
            add(String::from($name), wgsl_source, cuda(&make(true)));
        }};
    }
    use rms_norm_cube::{
        UNITS as NORM_UNITS, rms_norm_backward_input as bwd_input,
        rms_norm_backward_weight as bwd_weight, rms_norm_forward as fwd,
    };
    kernel!("rms_norm_forward", NORM_UNITS, |t| {
        fwd::RmsNormForward::<F>::new(
            t.settings,
            t.device,
            t.target,
            tensor(),
            tensor(),
            tensor(),
            (),
            NORM_UNITS,
        )
    });
    kernel!("rms_norm_backward_input", NORM_UNITS, |t| {
        bwd_input::RmsNormBackwardInput::<F>::new(
            t.settings,
            t.device,
            t.target,
            tensor(),
            tensor(),
            tensor(),
            tensor(),
            tensor(),
            (),
            NORM_UNITS,
        )
    });
    kernel!("rms_norm_backward_weight", 64, |t| {
        bwd_weight::RmsNormBackwardWeight::<F>::new(
            t.settings,
            t.device,
            t.target,
            tensor(),
            tensor(),
            tensor(),
            tensor(),
        )
    });
    use swiglu_cube::{swiglu_backward, swiglu_forward};
    kernel!("swiglu_forward", 256, |t| {
        swiglu_forward::SwigluForward::<F>::new(
            t.settings,
            t.device,
            t.target,
            tensor(),
            tensor(),
            tensor(),
        )
    });
    kernel!(
        "swiglu_backward",
        256,
        |t| swiglu_backward::SwigluBackward::<F>::new(
            t.settings,
            t.device,
            t.target,
            tensor(),
            tensor(),
            tensor(),
            tensor(),
            tensor()
        )
    );
    kernel!("rope_forward", 256, |t| rope_cube::rope::Rope::<F>::new(
        t.settings,
        t.device,
        t.target,
        tensor(),
        tensor(),
        tensor(),
        tensor(),
        false
    ));
    kernel!("rope_backward", 256, |t| rope_cube::rope::Rope::<F>::new(
        t.settings,
        t.device,
        t.target,
        tensor(),
        tensor(),
        tensor(),
        tensor(),
        true
    ));
    use cross_entropy_cube::{UNITS as CE_UNITS, cross_entropy_rows as ce};
    kernel!("cross_entropy_rows_loss", CE_UNITS, |t| {
        ce::CrossEntropyRows::<F, i32>::new(
            t.settings,
            t.device,
            t.target,
            tensor(),
            tensor(),
            tensor(),
            (),
            (),
            CE_UNITS,
            false,
        )
    });
    kernel!("cross_entropy_rows_grad", CE_UNITS, |t| {
        ce::CrossEntropyRows::<F, i32>::new(
            t.settings,
            t.device,
            t.target,
            tensor(),
            tensor(),
            tensor(),
            (),
            (),
            CE_UNITS,
            true,
        )
    });
    use attention_cube::{
        UNITS as ATTENTION_UNITS, attention_backward_key_value as bwd_kv,
        attention_backward_query as bwd_q, attention_forward as attn, tile_rows,
    };
    // Head sizes of Llama 3.2 1B/3B (64) and of 8B and up (128).
    for dh in [64, 128] {
        let names = [
            format!("attention_forward_dh{dh}"),
            format!("attention_backward_query_dh{dh}"),
            format!("attention_backward_key_value_dh{dh}"),
        ];
        let rows = tile_rows(dh);
        kernel!(&names[0], ATTENTION_UNITS, |t| {
            attn::AttentionForward::<F>::new(
                t.settings,
                t.device,
                t.target,
                tensor(),
                tensor(),
                tensor(),
                tensor(),
                tensor(),
                (),
                dh,
                rows,
            )
        });
        kernel!(&names[1], ATTENTION_UNITS, |t| {
            bwd_q::AttentionBackwardQuery::<F>::new(
                t.settings,
                t.device,
                t.target,
                tensor(),
                tensor(),
                tensor(),
                tensor(),
                tensor(),
                tensor(),
                tensor(),
                tensor(),
                (),
                dh,
                rows,
            )
        });
        kernel!(&names[2], ATTENTION_UNITS, |t| {
            bwd_kv::AttentionBackwardKeyValue::<F>::new(
                t.settings,
                t.device,
                t.target,
                tensor(),
                tensor(),
                tensor(),
                tensor(),
                tensor(),
                tensor(),
                tensor(),
                tensor(),
                (),
                dh,
                rows,
            )
        });
    }
    out
}

/// The AdamW step, float32 only.
fn adamw() -> Vec<(String, Option<String>, String)> {
    let t = target;
    let make = |cuda_target: bool| {
        let t = t(cuda_target, 256);
        adamw_cube::adamw_step::AdamwStep::<f32>::new(
            t.settings,
            t.device,
            t.target,
            tensor(),
            tensor(),
            tensor(),
            tensor(),
            (),
            (),
            (),
            (),
            (),
            (),
            (),
        )
    };
    vec![(
        String::from("adamw_step"),
        Some(wgsl(&make(false))),
        cuda(&make(true)),
    )]
}

fn shaders() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("shaders")
}

#[test]
fn the_committed_shaders_are_what_the_kernels_compile_to() {
    let write = std::env::var_os("REMAT_WRITE_SHADERS").is_some();
    let mut stale = Vec::new();
    for (name, wgsl_source, cuda_source) in sources() {
        let files = [
            ("wgsl", "wgsl", wgsl_source),
            ("cuda", "cu", Some(cuda_source)),
        ];
        for (dir, ext, source) in files.into_iter().filter_map(|(d, e, s)| Some((d, e, s?))) {
            let path = shaders().join(dir).join(format!("{name}.{ext}"));
            if write {
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, &source).unwrap();
            } else if std::fs::read_to_string(&path).ok().as_deref() != Some(source.as_str()) {
                stale.push(path.display().to_string());
            }
        }
    }
    assert!(
        stale.is_empty(),
        "stale or missing generated shaders (regenerate with REMAT_WRITE_SHADERS=1 cargo test \
         --release --test shaders): {stale:?}"
    );
}

#[test]
fn no_generated_shader_is_left_from_a_kernel_that_is_gone() {
    let sources = sources();
    for (dir, ext) in [("wgsl", "wgsl"), ("cuda", "cu")] {
        for entry in std::fs::read_dir(shaders().join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == ext) {
                let stem = path.file_stem().unwrap().to_str().unwrap();
                assert!(
                    sources
                        .iter()
                        .any(|(name, wgsl, _)| name == stem && (dir == "cuda" || wgsl.is_some())),
                    "{} has no kernel",
                    path.display()
                );
            }
        }
    }
}
