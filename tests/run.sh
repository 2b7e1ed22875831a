#!/usr/bin/env bash
# The whole test suite, from a fresh machine: installs what is missing, builds, runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
source tests/setup.sh
build_ui
install_tauri_driver
install_python_tools
# The end-to-end tests drive the real app binary; it is built with everything else at once.
linux_debug_build
# Then Windows: the core's and the CLI's tests cross-built and run under Wine; then both
# installers built (debug binaries, stripped for Windows) and installed as a branch would.
logs=$(mktemp -d)
windows_status=0
./tests/windows.sh 2>&1 | tee "$logs/windows" || windows_status=$?
packages_status=0
{ packaging/build.sh --debug && ./tests/packages.sh; } 2>&1 | tee "$logs/packages" \
  || packages_status=$?
if command -v cargo-nextest >/dev/null || cargo nextest --version >/dev/null 2>&1; then
  # A test that cannot run fails under CI=true (tests/src/lib.rs `skip`): the counts below
  # are of tests that really ran; "skipped" are only tests marked #[ignore].
  log=$(mktemp)
  status=0
  cargo nextest run --workspace --no-fail-fast 2>&1 | tee "$log" || status=$?
  echo "test counts: $(grep -E '^ *Summary' "$log" | tail -1 | sed 's/.*\] *//')" | tee "$logs/linux"
  rm -f "$log"
else
  status=0
  cargo test --workspace --no-fail-fast || status=$?
fi
# All three counts together at the end, where a reader of the CI log looks.
grep -h "test counts" "$logs/linux" "$logs/windows" "$logs/packages" 2>/dev/null || true
rm -rf "$logs"
[ "$windows_status" = 0 ] || echo "the Windows tests under Wine failed (exit $windows_status)" >&2
[ "$packages_status" = 0 ] || echo "the installers failed to build or install (exit $packages_status)" >&2
[ "$status" = 0 ] && [ "$windows_status" = 0 ] && [ "$packages_status" = 0 ]
