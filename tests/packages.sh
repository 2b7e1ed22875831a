#!/usr/bin/env bash
# The installers, built and installed as a branch would (README, "Installers"):
# - Windows: EvidenceStation-<version>-setup.exe installed silently (/S) under Wine in a
#   private prefix; the files, Start-menu entries and uninstall entry land; the installed CLI
#   runs and makes a library; the uninstaller removes every installed file and keeps the library.
# - Linux: the .deb installed with dpkg (its dependencies by apt), the installed CLI run, the
#   installed window started under Xvfb, then removed.
# Run by tests/run.sh after packaging/build.sh --debug; prints its own counts.
set -euo pipefail
cd "$(dirname "$0")/.."
source tests/setup.sh
windows_toolchain

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
setup_exe="$PWD/target/packages/EvidenceStation-$version-setup.exe"
deb="$PWD/target/packages/evidence-station_${version}_amd64.deb"
work=$(mktemp -d /tmp/station-packages.XXXXXX)
cleanup() {
  [ -n "${WINEPREFIX:-}" ] && wineserver -k 2>/dev/null || true
  [ -n "${app_pid:-}" ] && kill "$app_pid" 2>/dev/null || true
  [ -n "${xvfb_pid:-}" ] && kill "$xvfb_pid" 2>/dev/null || true
  # Never leave the test's package installed on the machine.
  dpkg -s evidence-station >/dev/null 2>&1 && dpkg -r evidence-station >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

passed=0 failed=0
check() { # check "what" command…
  local what=$1
  shift
  if "$@" >"$work/out" 2>&1; then
    passed=$((passed + 1)); echo "ok    $what"
  else
    failed=$((failed + 1)); echo "FAIL  $what"; sed 's/^/      /' "$work/out" | tail -20
  fi
}

# ---- Windows, under Wine --------------------------------------------------------------
make_wine_prefix "$work/prefix"
c="$WINEPREFIX/drive_c"
dir="$c/Program Files/EvidenceStation"
menu="$c/ProgramData/Microsoft/Windows/Start Menu/Programs/执法记录证据工作站"
win() { "$WINE" "$@"; wineserver -w; }
password="correct horse 9"

check "the installer runs silently" win "$setup_exe" /S
check "the window, the CLI and WebView2Loader.dll are installed" \
  test -f "$dir/station-app.exe" -a -f "$dir/evidence-station.exe" -a -f "$dir/WebView2Loader.dll" \
  -a -f "$dir/uninstall.exe"
check "the installed binaries are stripped" \
  sh -c "! x86_64-w64-mingw32-objdump -h '$dir/evidence-station.exe' | grep -q debug_info"
check "Start-menu entries in Chinese" \
  test -f "$menu/执法记录证据工作站.lnk" -a -f "$menu/卸载执法记录证据工作站.lnk"
check "an uninstall entry for Windows' Apps list" \
  sh -c "'$WINE' reg query 'HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\EvidenceStation' /v DisplayVersion | grep -q '$version'"
check "the installed CLI makes a library under %ProgramData%" sh -c \
  "printf '%s\n%s\n' '$password' '$password' | '$WINE' '$dir/evidence-station.exe' init --admin admin --password-stdin \
   && test -f '$c/ProgramData/EvidenceStation/catalog.sqlite'"
check "the uninstaller runs silently" win "$dir/uninstall.exe" /S
check "every installed file and entry is gone" \
  test ! -e "$dir" -a ! -e "$menu"
check "the evidence library is kept" test -f "$c/ProgramData/EvidenceStation/catalog.sqlite"
wineserver -k 2>/dev/null || true

# ---- Linux, the .deb ---------------------------------------------------------------------
check "the .deb installs with its dependencies" \
  env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$deb"
check "the installed CLI runs" sh -c "/usr/bin/evidence-station --version | grep -q '$version'"
check "the installed CLI makes a library" sh -c \
  "printf '%s\n%s\n' '$password' '$password' | /usr/bin/evidence-station --library '$work/lib' init --admin admin --password-stdin"
check "the menu entry names the station in Chinese" \
  grep -q '^Name=执法记录证据工作站' "/usr/share/applications/Evidence Station.desktop"
# The installed window, on a virtual display of its own, over the library just made.
display=:$((90 + RANDOM % 9))
Xvfb "$display" -screen 0 1366x768x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
sleep 1
DISPLAY=$display HOME="$work/home" EVIDENCE_STATION_LIBRARY="$work/lib" \
  /usr/bin/station-app >"$work/app.log" 2>&1 &
app_pid=$!
window_up() {
  for _ in $(seq 1 60); do
    DISPLAY=$display xwininfo -root -tree 2>/dev/null | grep -q '执法记录证据工作站' && return 0
    sleep 1
  done
  cat "$work/app.log"
  return 1
}
check "the installed window opens under Xvfb" window_up
kill "$app_pid" "$xvfb_pid" 2>/dev/null || true
wait "$app_pid" "$xvfb_pid" 2>/dev/null || true
app_pid= xvfb_pid=
check "the .deb removes cleanly" sh -c "dpkg -r evidence-station >/dev/null && test ! -e /usr/bin/station-app"

echo "package test counts: $passed passed, $failed failed"
[ "$failed" = 0 ]
