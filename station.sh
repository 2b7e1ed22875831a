#!/usr/bin/env bash
# Runs the station: installs what is missing on a fresh Debian/Ubuntu machine, builds the UI
# and the desktop app, and starts it on the default library (first run: the setup page).
# Extra arguments go to the app, e.g. ./station.sh --library /data/evidence
set -euo pipefail
cd "$(dirname "$0")"
source tests/setup.sh
build_ui
cargo build --release -p station-app
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  echo "No display: run this on the station's desktop (or: xvfb-run -a ./target/release/station-app)." >&2
  exit 1
fi
exec ./target/release/station-app "$@"
