#!/usr/bin/env bash
# The station for Windows, built and tested on this Linux machine (README, "Windows"): the
# core's unit tests and the CLI's Windows scenarios cross-built for x86_64-pc-windows-gnu and
# run under Wine, in a private Wine prefix with drive letters mapped to real file systems.
# Run by tests/run.sh; prints its own test counts. Everything it writes is under a temp dir
# (and target/).
set -euo pipefail
cd "$(dirname "$0")/.."
source tests/setup.sh
windows_toolchain
install_python_tools

work=$(mktemp -d /tmp/station-wine.XXXXXX)
cleanup() {
  wineserver -k 2>/dev/null || true
  # Closing its stdin stops the district's store.
  [ -n "${store_pid:-}" ] && { exec 7>&-; wait "$store_pid" 2>/dev/null || true; }
  for m in "$work"/drives/*; do mountpoint -q "$m" && umount "$m"; done
  [ -n "${card_dev:-}" ] && losetup -d "$card_dev" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# Build first (cargo runs the tests through Wine: CARGO_TARGET_…_RUNNER from setup.sh), with
# the app, as the installer's build then finds it built.
windows_debug_build
# The app's test program loads WebView2Loader.dll as the app does: beside it, in deps/.
cp "target/$WINDOWS_TARGET/debug/WebView2Loader.dll" "target/$WINDOWS_TARGET/debug/deps/"

make_wine_prefix "$work/prefix"
# Papers are set in the Chinese font every Windows has in C:\Windows\Fonts (Microsoft YaHei);
# Wine ships none, so Noto Sans CJK is installed there under its own name.
cp /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc /usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc \
  "$WINEPREFIX/drive_c/windows/Fonts/"

# Drive letters, each a removable drive to Windows (Wine takes the type from the registry and
# sees the letters present when it starts):
#   E: a recorder's card on real exFAT (loop device + exfat-fuse), F: a nearly full 24 MiB
#   card (tmpfs), G: a card left docked for `watch`, H: an empty drive for long-term copies.
mkdir -p "$work"/drives/{e,f,g,h}
truncate -s 64M "$work/card.img"
mkfs.exfat -L DSJ1001 "$work/card.img" >/dev/null
card_dev=$(losetup -f --show "$work/card.img")
mount.exfat-fuse "$card_dev" "$work/drives/e"
mount -t tmpfs -o size=24M tmpfs "$work/drives/f"
# Fill F: so only about 2 MiB stay free.
head -c $((21 * 1024 * 1024)) /dev/zero > "$work/drives/f/old-recordings.bin"
for d in e f g h; do
  ln -sfn "$work/drives/$d" "$WINEPREFIX/dosdevices/$d:"
  "$WINE" reg add 'HKLM\Software\Wine\Drives' /v "$d:" /d floppy /f >/dev/null 2>&1
done
wineserver -k 2>/dev/null || true

# The district's store: SeaweedFS (a Linux process; Wine reaches 127.0.0.1) with the evidence
# bucket, from the tests' own program, built by the Linux build before this script runs.
cargo build -q -p station-tests --bin district-store
mkfifo "$work/store-in"
target/debug/district-store "$work/weed" < "$work/store-in" > "$work/store" &
store_pid=$!
exec 7> "$work/store-in"
for _ in $(seq 1 120); do [ "$(wc -l < "$work/store")" -ge 3 ] && break; sleep 0.5; done
STATION_WINE_DISTRICT=$(sed -n 1p "$work/store")
STATION_WINE_DISTRICT_KEY=$(sed -n 2p "$work/store")
STATION_WINE_DISTRICT_SECRET=$(sed -n 3p "$work/store")
[ -n "$STATION_WINE_DISTRICT" ] || { echo "the district's store did not start" >&2; exit 1; }
export STATION_WINE_DISTRICT STATION_WINE_DISTRICT_KEY STATION_WINE_DISTRICT_SECRET

# The branch's zone, as the host gives it to Wine, which names it "China Standard Time".
export TZ=Asia/Shanghai STATION_WINE_TZ=Asia/Shanghai
export STATION_WINE_CARD=E: STATION_WINE_FULL=F: STATION_WINE_WATCHED=G: STATION_WINE_COPY=H:
STATION_WINE_FULL_TOTAL=$(( $(stat -f -c %b "$work/drives/f") * $(stat -f -c %S "$work/drives/f") ))
export STATION_WINE_FULL_TOTAL
log="$work/tests.log"
status=0
# The app's own test (its generated TypeScript is current) reads the source tree and runs on
# Linux; here the app is only in the package list so the build is the one above.
cargo test --target "$WINDOWS_TARGET" -p station-papers -p station-core -p station-cli \
  -p station-app --lib --tests --no-fail-fast -- --skip the_shells_types_are_current 2>&1 \
  | tee "$log" || status=$?
passed=$(grep -Eo '[0-9]+ passed' "$log" | awk '{s+=$1} END {print s+0}')
failed=$(grep -Eo '[0-9]+ failed' "$log" | awk '{s+=$1} END {print s+0}')
echo "windows test counts (under Wine): $passed passed, $failed failed"
exit "$status"
