#!/usr/bin/env bash
# The whole test suite, from a fresh machine: installs what is missing, builds, runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
source tests/setup.sh
build_ui
install_tauri_driver
install_python_tools
# The end-to-end tests drive the real app binary.
cargo build -p station-app
if command -v cargo-nextest >/dev/null || cargo nextest --version >/dev/null 2>&1; then
  # A test that cannot run fails under CI=true (tests/src/lib.rs `skip`): the counts below
  # are of tests that really ran; "skipped" are only tests marked #[ignore].
  log=$(mktemp)
  status=0
  cargo nextest run --workspace --no-fail-fast 2>&1 | tee "$log" || status=$?
  echo "test counts: $(grep -E '^ *Summary' "$log" | tail -1 | sed 's/.*\] *//')"
  rm -f "$log"
  exit "$status"
else
  cargo test --workspace --no-fail-fast
fi
