#!/usr/bin/env bash
# Builds the station's installers on a Linux machine, into target/packages/:
#   EvidenceStation-<version>-setup.exe   Windows 10 1809+/11 (x64), NSIS, with the window
#                                         (station-app.exe), the CLI and WebView2Loader.dll
#   evidence-station_<version>_amd64.deb  Debian/Ubuntu, Tauri's own deb bundler
#
#   packaging/build.sh            release builds (what is handed to the branches)
#   packaging/build.sh --debug    debug builds, as the test command installs them
#   packaging/build.sh --debug windows|deb   one of the two
set -euo pipefail
cd "$(dirname "$0")/.."
source tests/setup.sh

profile=release
if [ "${1:-}" = --debug ]; then
  profile=debug
  shift
fi
what=${1:-all}
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
out=target/packages
mkdir -p "$out"
build_ui

windows_installer() {
  windows_toolchain
  if [ "$profile" = debug ]; then
    windows_debug_build # what the Windows tests built: nothing is built twice
  else
    cargo build --release --target "$WINDOWS_TARGET" -p station-cli -p station-app
  fi
  local built="target/$WINDOWS_TARGET/$profile" stage
  stage=$(mktemp -d)
  # Stripped: the debug information stays in target/ for crash reports, not on the PCs.
  for exe in station-app.exe evidence-station.exe; do
    x86_64-w64-mingw32-strip -o "$stage/$exe" "$built/$exe"
  done
  cp "$built/WebView2Loader.dll" icons/icon.ico "$stage/"
  makensis -V2 -INPUTCHARSET UTF8 -DVERSION="$version" -DSTAGE="$stage" \
    -DOUTFILE="$PWD/$out/EvidenceStation-$version-setup.exe" packaging/windows/evidence-station.nsi
  rm -rf "$stage"
  echo "built $out/EvidenceStation-$version-setup.exe"
}

linux_deb() {
  if [ "$profile" = debug ]; then
    linux_debug_build # what the test command built: nothing is built twice
  else
    cargo build --release -p station-app -p station-cli
  fi
  local built="$PWD/target/$profile" flag=()
  [ "$profile" = debug ] && flag=(--debug)
  # The CLI goes in beside the window; --no-binary-patching leaves target/ as cargo built it.
  ui/node_modules/.bin/tauri bundle "${flag[@]}" --bundles deb --no-binary-patching --ci \
    --config "{\"bundle\":{\"linux\":{\"deb\":{\"files\":{\"/usr/bin/evidence-station\":\"$built/evidence-station\"}}}}}"
  cp "target/$profile/bundle/deb/Evidence Station_${version}_amd64.deb" \
    "$out/evidence-station_${version}_amd64.deb"
  echo "built $out/evidence-station_${version}_amd64.deb"
}

case "$what" in
  windows) windows_installer ;;
  deb) linux_deb ;;
  all) windows_installer; linux_deb ;;
  *) echo "usage: packaging/build.sh [--debug] [windows|deb|all]" >&2; exit 2 ;;
esac
