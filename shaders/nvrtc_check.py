#!/usr/bin/env python3
"""Compile generated CUDA kernels with NVRTC and report ptxas resource usage.

No GPU or CUDA toolkit is needed: NVRTC (and ptxas, which NVRTC embeds) come
from PyPI wheels, loaded through ctypes.

    python3 -m venv /tmp/nvrtcvenv
    /tmp/nvrtcvenv/bin/pip install nvidia-cuda-nvrtc-cu12 nvidia-cuda-runtime-cu12
    # optional, only for kernels that need them:
    #   nvidia-cuda-cccl-cu12  (<cooperative_groups.h>, <cuda/barrier>, <nv/target>)
    #   nvidia-cuda-nvcc-cu12  (<mma.h>, which includes "crt/mma.h")
    /tmp/nvrtcvenv/bin/python shaders/nvrtc_check.py shaders/cuda/*.cu \
        --report shaders/cuda/REPORT.md

Every file is compiled for each architecture in ARCHS, down to a CUBIN (real
SASS, so ptxas runs and reports registers, spills, shared memory and stack per
kernel). The options mirror what cubecl-cuda passes to NVRTC at runtime.

Exit status: 0 on success, 1 if any file fails to compile (its log is printed,
naming file and arch; no report is written), 2 if NVRTC cannot be loaded.
Kernels that spill get a warning line, not an error.
"""

import argparse
import ctypes
import os
import re
import sys

ARCHS = ["sm_86", "sm_89"]

# Wheels under the `nvidia` namespace package whose include/ dir we add with -I
# when installed. NVRTC 12 has no builtin cuda_fp16.h / cuda_bf16.h etc.
HEADER_PACKAGES = ["cuda_runtime", "cuda_cccl", "cuda_nvcc"]


def nvidia_dirs(sub):
    """Existing `nvidia/<sub>` directories from the installed wheels."""
    try:
        import nvidia  # namespace package shared by all nvidia-* wheels
    except ImportError:
        return []
    dirs = [os.path.join(p, sub) for p in nvidia.__path__]
    return [d for d in dirs if os.path.isdir(d)]


def load_nvrtc():
    for d in nvidia_dirs("cuda_nvrtc/lib"):
        path = os.path.join(d, "libnvrtc.so.12")
        if os.path.exists(path):
            lib = ctypes.CDLL(path)
            lib.nvrtcGetErrorString.restype = ctypes.c_char_p
            return lib
    print("error: libnvrtc.so.12 not found; run with a Python that has "
          "`pip install nvidia-cuda-nvrtc-cu12`", file=sys.stderr)
    sys.exit(2)


def compile_one(lib, source, name, arch, includes):
    """Compile `source` for `arch`; return (ok, log)."""
    prog = ctypes.c_void_p()
    check(lib, lib.nvrtcCreateProgram(ctypes.byref(prog), source,
                                      name.encode(), 0, None, None))
    opts = [f"--gpu-architecture={arch}",  # real arch => CUBIN + ptxas
            "-lineinfo",                    # as cubecl-cuda does
            "--ptxas-options=-v"]           # per-kernel resource lines in log
    opts += [f"--include-path={d}" for d in includes]
    c_opts = (ctypes.c_char_p * len(opts))(*[o.encode() for o in opts])
    status = lib.nvrtcCompileProgram(prog, len(opts), c_opts)

    size = ctypes.c_size_t()
    check(lib, lib.nvrtcGetProgramLogSize(prog, ctypes.byref(size)))
    buf = ctypes.create_string_buffer(size.value)
    check(lib, lib.nvrtcGetProgramLog(prog, buf))
    log = buf.value.decode(errors="replace")

    ok = status == 0
    if ok:  # a real-arch compile must have produced SASS
        ok = lib.nvrtcGetCUBINSize(prog, ctypes.byref(size)) == 0 and size.value > 0
        if not ok:
            log += "\n(no CUBIN produced)"
    else:
        log += f"\n({lib.nvrtcGetErrorString(status).decode()})"
    lib.nvrtcDestroyProgram(ctypes.byref(prog))
    return ok, log


def check(lib, status):
    """Abort (exit 2) if an NVRTC call other than the compile itself fails."""
    if status != 0:
        print(f"error: NVRTC call failed: {lib.nvrtcGetErrorString(status).decode()}",
              file=sys.stderr)
        sys.exit(2)


# ptxas -v output, per entry function:
#   ptxas info    : Compiling entry function 'k' for 'sm_86'
#   ptxas info    : Function properties for k
#   ptxas         .     0 bytes stack frame, 0 bytes spill stores, 0 bytes spill loads
#   ptxas info    : Used 12 registers, used 1 barriers, 1024 bytes smem, 372 bytes cmem[0]
# Non-inlined device functions get their own "Function properties" block too;
# only entry functions (kernels) are reported.
RE_ENTRY = re.compile(r"Compiling entry function '([^']+)'")
RE_PROPS = re.compile(r"Function properties for (\S+)")
RE_FRAME = re.compile(r"(\d+) bytes stack frame, (\d+) bytes spill stores, (\d+) bytes spill loads")
RE_USED = re.compile(r"Used (\d+) registers")
RE_SMEM = re.compile(r"(\d+) bytes smem")


def parse_ptxas(log):
    """Return {kernel: {regs, stack, spill_st, spill_ld, smem}} from a log."""
    kernels, entry, props = {}, None, None
    for line in log.splitlines():
        if m := RE_ENTRY.search(line):
            entry = m.group(1)
            kernels[entry] = dict(regs=0, stack=0, spill_st=0, spill_ld=0, smem=0)
        elif m := RE_PROPS.search(line):
            props = m.group(1)
        elif (m := RE_FRAME.search(line)) and props in kernels:
            k = kernels[props]
            k["stack"], k["spill_st"], k["spill_ld"] = map(int, m.groups())
        elif (m := RE_USED.search(line)) and entry in kernels:
            kernels[entry]["regs"] = int(m.group(1))
            if s := RE_SMEM.search(line):
                kernels[entry]["smem"] = int(s.group(1))
    return kernels


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="+", help="CUDA C++ sources (.cu)")
    ap.add_argument("--report", help="Markdown report to write")
    args = ap.parse_args()

    lib = load_nvrtc()
    major, minor = ctypes.c_int(), ctypes.c_int()
    check(lib, lib.nvrtcVersion(ctypes.byref(major), ctypes.byref(minor)))
    includes = [d for p in HEADER_PACKAGES for d in nvidia_dirs(f"{p}/include")]
    if not includes:
        print("warning: no CUDA header wheel found (nvidia-cuda-runtime-cu12); "
              "#include <cuda_fp16.h> etc. will fail", file=sys.stderr)

    rows, failures = [], []
    for path in args.files:
        # Files by their base name, so the report does not depend on where it is written.
        name = os.path.basename(path)
        with open(path, "rb") as f:
            source = f.read()
        for arch in ARCHS:
            ok, log = compile_one(lib, source, name, arch, includes)
            if not ok:
                failures.append(f"{name} ({arch})")
                print(f"error: {name} failed to compile for {arch}:\n{log}", file=sys.stderr)
                continue
            # Surface compiler / ptxas warnings (anything but ptxas -v chatter).
            extra = [l for l in log.splitlines()
                     if l.strip() and not l.startswith(("ptxas info", "ptxas         ."))]
            if extra:
                print(f"note: {name} ({arch}) compiler output:\n" + "\n".join(extra), file=sys.stderr)
            kernels = parse_ptxas(log)
            if not kernels:
                print(f"warning: {name} ({arch}): no kernels found in ptxas output", file=sys.stderr)
            for kernel, k in kernels.items():
                rows.append((name, kernel, arch, k))
                if k["spill_st"] or k["spill_ld"]:
                    print(f"warning: {name}: kernel {kernel} ({arch}) spills "
                          f"{k['spill_st']} B stores / {k['spill_ld']} B loads", file=sys.stderr)

    if failures:
        print(f"error: {len(failures)} compilation(s) failed: {', '.join(failures)}",
              file=sys.stderr)
        return 1

    rows.sort(key=lambda r: r[:3])
    out = [f"# CUDA kernel resource usage (NVRTC {major.value}.{minor.value})", "",
           "Generated by `shaders/nvrtc_check.py` (ptxas `-v` through NVRTC). "
           "Sizes in bytes.", "",
           "| File | Kernel | Arch | Registers | Spill stores | Spill loads | Shared mem | Stack frame |",
           "|---|---|---|---:|---:|---:|---:|---:|"]
    for name, kernel, arch, k in rows:
        out.append(f"| {name} | `{kernel}` | {arch} | {k['regs']} | {k['spill_st']} "
                   f"| {k['spill_ld']} | {k['smem']} | {k['stack']} |")
    text = "\n".join(out) + "\n"
    if args.report:
        os.makedirs(os.path.dirname(os.path.abspath(args.report)), exist_ok=True)
        with open(args.report, "w") as f:
            f.write(text)
        print(f"{len(args.files)} file(s) x {len(ARCHS)} arch(s) ok, "
              f"{len(rows)} kernel row(s) -> {args.report}")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
