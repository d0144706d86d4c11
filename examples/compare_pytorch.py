#!/usr/bin/env python3
"""remat against HF transformers + PyTorch, side by side on the CPU: the same Llama shape, batch,
sequence and plan, in alternating rounds of one run, with the same thread count.

    python3 examples/compare_pytorch.py                 # configs 1, 2 and tiny; none and recompute
    python3 examples/compare_pytorch.py --configs 1 --policies none --rounds 2 --steps 2

It makes its own Python environment (torch, transformers from the package registry) in
~/.cache/remat-bench-venv (or $REMAT_BENCH_VENV) the first time, and builds `remat` with
`cargo build --release` unless --remat names a binary. Plans: `none` is a plain step on both
sides; `recompute` is remat's `--policy recompute` against HF's `gradient_checkpointing_enable()`.
Each round runs `remat bench --device cpu` (a warm-up step and a memory-sampling step outside
its timing) and then the same number of timed HF steps (forward, backward, AdamW step), so the
two sides see the same machine state; the figures are the medians over rounds.

Memory on both sides is the process heap above the step's start: `saved` what the step holds
after the forward, `activation peak` the most it holds, less the gradients held then. remat
reads its counting allocator at the executor's samples (every layer boundary of forward and
backward, after each recomputed layer); PyTorch's glibc bytes in use are polled every 0.5 ms
through the step, which also sees what lives inside one op (so PyTorch's peak is if anything
the higher reading). Writes every figure to --out (JSON) and prints a Markdown table.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

VENV = os.environ.get("REMAT_BENCH_VENV", os.path.expanduser("~/.cache/remat-bench-venv"))
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# name: (hidden, intermediate, layers, heads, kv heads, vocab, batch, seq)
CONFIGS = {
    "1": (256, 688, 4, 4, 2, 2048, 8, 512),
    "2": (512, 1376, 8, 8, 4, 2048, 4, 512),
    # The demo's preset at `remat train`'s default batch and sequence.
    "tiny": (128, 344, 4, 4, 2, 512, 16, 64),
}
MIB = 1024 * 1024


def ensure_environment():
    """Re-runs this script inside the venv that has torch and transformers, made if missing."""
    try:
        import torch  # noqa: F401
        import transformers  # noqa: F401

        return
    except ImportError:
        pass
    python = os.path.join(VENV, "bin", "python")
    if os.path.realpath(sys.prefix) == os.path.realpath(VENV):
        sys.exit(f"torch or transformers is missing from {VENV}: remove it and run again")
    if not os.path.exists(python):
        print(f"making {VENV} (torch, transformers)", flush=True)
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
    subprocess.run(
        [python, "-m", "pip", "install", "-q", "torch", "transformers", "safetensors"],
        check=True,
    )
    os.execv(python, [python, *sys.argv])


def remat_binary(path):
    if path:
        return path
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    return os.path.join(target, "release", "remat")


def run_remat(binary, config, policy, steps, threads):
    hidden, inter, layers, heads, kv, vocab, batch, seq = config
    command = [
        binary, "bench", "--device", "cpu", "--json", "--steps", str(steps),
        "--hidden", str(hidden), "--intermediate", str(inter), "--layers", str(layers),
        "--heads", str(heads), "--kv-heads", str(kv), "--vocab", str(vocab),
        "--batch", str(batch), "--seq", str(seq), "--policy", policy, "--calibrate",
    ]
    env = dict(os.environ, RAYON_NUM_THREADS=str(threads))
    out = subprocess.run(command, check=True, capture_output=True, text=True, env=env).stdout
    figures = json.loads(out.strip().splitlines()[-1])
    return {
        "step_seconds": figures["step_seconds"],
        "saved_bytes": figures["saved_activation_bytes"],
        "activation_peak_bytes": figures["activation_peak_bytes"],
        "loss": figures["loss"],
        "predicted_slowdown": figures["predicted_slowdown"],
    }


class Heap:
    """glibc's bytes in use (small blocks and mmapped ones), the process heap PyTorch's CPU
    allocator draws from."""

    def __init__(self):
        import ctypes

        class Mallinfo2(ctypes.Structure):
            _fields_ = [(name, ctypes.c_size_t) for name in (
                "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks",
                "uordblks", "fordblks", "keepcost")]

        libc = ctypes.CDLL("libc.so.6")
        libc.mallinfo2.restype = Mallinfo2
        self.mallinfo2 = libc.mallinfo2

    def in_use(self):
        info = self.mallinfo2()
        return info.uordblks + info.hblkhd


class HfRun:
    """HF's Llama of one config, trained by AdamW as `remat bench` trains (lr 1e-4). A measured
    step polls the heap from a second thread (torch's ops run without the GIL), less the
    gradients accumulated so far: HF's checkpointing recomputes a layer inside backward where
    no module hook fires, so hooks would miss that peak."""

    def __init__(self, config, policy, threads):
        import torch
        from transformers import LlamaConfig, LlamaForCausalLM

        torch.set_num_threads(threads)
        torch.manual_seed(0)
        hidden, inter, layers, heads, kv, vocab, batch, seq = config
        hf_config = LlamaConfig(
            vocab_size=vocab, hidden_size=hidden, intermediate_size=inter,
            num_hidden_layers=layers, num_attention_heads=heads, num_key_value_heads=kv,
            max_position_embeddings=max(2048, seq), tie_word_embeddings=False, use_cache=False,
        )
        self.model = LlamaForCausalLM(hf_config)
        self.model.train()
        if policy == "recompute":
            # transformers 5 renames gradient_checkpointing_enable() (deprecated, same thing).
            enable = getattr(self.model, "activation_checkpointing_enable", None)
            (enable or self.model.gradient_checkpointing_enable)()
        self.optimizer = torch.optim.AdamW(self.model.parameters(), lr=1e-4)
        ids = [(i * 2_654_435_761) % vocab for i in range(batch * seq)]
        self.ids = torch.tensor(ids, dtype=torch.long).reshape(batch, seq)
        self.heap = Heap()
        self.grad_bytes = 0
        for p in self.model.parameters():
            p.register_post_accumulate_grad_hook(self.count_grad)

    def count_grad(self, p):
        self.grad_bytes += p.grad.nbytes

    def step(self, measure=False):
        import threading

        self.optimizer.zero_grad(set_to_none=True)
        self.grad_bytes = 0
        start = self.heap.in_use()
        peak, done = [0], threading.Event()

        def poll():
            while not done.is_set():
                peak[0] = max(peak[0], self.heap.in_use() - self.grad_bytes - start)
                time.sleep(0.0005)

        poller = threading.Thread(target=poll)
        if measure:
            poller.start()
        loss = self.model(input_ids=self.ids, labels=self.ids).loss
        saved = self.heap.in_use() - start
        loss.backward()
        if measure:
            done.set()
            poller.join()
        self.optimizer.step()
        return loss.item(), saved, peak[0]

    def timed(self, steps):
        started = time.perf_counter()
        for _ in range(steps):
            self.step()
        return (time.perf_counter() - started) / steps


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--configs", default="1,2,tiny", help="comma-separated: 1, 2, tiny")
    parser.add_argument("--policies", default="none,recompute", help="none, recompute")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds per pair")
    parser.add_argument("--steps", type=int, default=3, help="timed steps per side per round")
    parser.add_argument("--threads", type=int, default=os.cpu_count(),
                        help="CPU threads for both sides (default: every core)")
    parser.add_argument("--remat", help="the remat binary (default: cargo build --release)")
    parser.add_argument("--out", default="compare_pytorch.json", help="JSON of every figure")
    args = parser.parse_args()
    ensure_environment()
    import torch
    import transformers

    binary = remat_binary(args.remat)
    rows = []
    for name in args.configs.split(","):
        config = CONFIGS[name]
        for policy in args.policies.split(","):
            hf = HfRun(config, policy, args.threads)
            hf.step()  # warm-up
            _, hf_saved, hf_peak = hf.step(measure=True)
            remat_rounds, hf_rounds = [], []
            for round_ in range(args.rounds):
                remat_rounds.append(run_remat(binary, config, policy, args.steps, args.threads))
                hf_rounds.append(hf.timed(args.steps))
                print(f"config {name} {policy} round {round_ + 1}: remat "
                      f"{remat_rounds[-1]['step_seconds']:.2f} s/step, PyTorch "
                      f"{hf_rounds[-1]:.2f} s/step", flush=True)
            batch, seq = config[6], config[7]
            remat_s = statistics.median(r["step_seconds"] for r in remat_rounds)
            hf_s = statistics.median(hf_rounds)
            rows.append({
                "config": name, "policy": policy, "batch": batch, "seq": seq,
                "threads": args.threads, "rounds": args.rounds, "steps": args.steps,
                "remat_step_seconds": remat_s, "pytorch_step_seconds": hf_s,
                "remat_tokens_per_second": batch * seq / remat_s,
                "pytorch_tokens_per_second": batch * seq / hf_s,
                "speed_ratio": hf_s / remat_s,
                "remat_saved_bytes": remat_rounds[-1]["saved_bytes"],
                "pytorch_saved_bytes": hf_saved,
                "remat_activation_peak_bytes": remat_rounds[-1]["activation_peak_bytes"],
                "pytorch_activation_peak_bytes": hf_peak,
                "remat_predicted_slowdown": statistics.median(
                    r["predicted_slowdown"] for r in remat_rounds),
            })
            del hf
    versions = {"torch": torch.__version__, "transformers": transformers.__version__}
    with open(args.out, "w") as f:
        json.dump({"versions": versions, "rows": rows}, f, indent=1)
    print(f"\nPyTorch {versions['torch']}, transformers {versions['transformers']}, "
          f"{args.threads} threads, medians of {args.rounds} rounds x {args.steps} steps; "
          f"ratio = PyTorch's step time / remat's (above 1: remat faster)\n")
    print("| config | plan | remat s/step | PyTorch s/step | ratio | remat tokens/s | "
          "PyTorch tokens/s | remat saved / peak | PyTorch saved / peak |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['config']} ({r['batch']} x {r['seq']}) | {r['policy']} | "
              f"{r['remat_step_seconds']:.2f} | {r['pytorch_step_seconds']:.2f} | "
              f"{r['speed_ratio']:.2f}x | {r['remat_tokens_per_second']:.0f} | "
              f"{r['pytorch_tokens_per_second']:.0f} | "
              f"{r['remat_saved_bytes'] / MIB:.1f} / {r['remat_activation_peak_bytes'] / MIB:.1f} MiB | "
              f"{r['pytorch_saved_bytes'] / MIB:.1f} / {r['pytorch_activation_peak_bytes'] / MIB:.1f} MiB |")
    by_plan = {(r["config"], r["policy"]): r for r in rows}
    slowdowns = [(name, by_plan[(name, "none")], r) for (name, policy), r in by_plan.items()
                 if policy != "none" and (name, "none") in by_plan]
    if slowdowns:
        print("\nTime against `none`: measured on both sides, and remat's planner's prediction "
              "(`--calibrate`: this CPU's layer forward and backward, timed)\n")
        print("| config | plan | remat measured | remat predicted | PyTorch measured |")
        print("|---|---|---:|---:|---:|")
        for name, none, r in slowdowns:
            remat = r["remat_step_seconds"] / none["remat_step_seconds"] - 1
            torch_ = r["pytorch_step_seconds"] / none["pytorch_step_seconds"] - 1
            print(f"| {name} | {r['policy']} | {100 * remat:+.0f}% | "
                  f"{100 * r['remat_predicted_slowdown']:+.0f}% | {100 * torch_:+.0f}% |")


if __name__ == "__main__":
    main()
