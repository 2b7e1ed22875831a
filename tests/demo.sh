#!/usr/bin/env bash
# The station's main job, headless (the desktop app replaces this demo): a generated recorder
# card is ingested into a fresh library, verified, and listed.
set -euo pipefail
cd "$(dirname "$0")/.."
source tests/setup.sh
build_ui
cargo build -q --release -p station-cli -p station-tests --bin evidence-station --bin make-recorder
work=$(mktemp -d -t evidence-station-demo.XXXX)
./target/release/make-recorder "$work/DSJ_A12345" >/dev/null
es() { ./target/release/evidence-station --library "$work/library" "$@"; }
es init --branch 演示分局
es settings set time_zone Asia/Shanghai
es ingest "$work/DSJ_A12345" --squad 一中队
es ingest "$work/DSJ_A12345" --squad 一中队   # docked again: nothing is copied twice
es verify
es clips list
echo "library: $work/library"
