#!/usr/bin/env bash
# Installs what editors/test.sh needs, on a bare Debian (bookworm, amd64) machine:
#   - the VS Code extension's npm dependencies (editors/vscode/node_modules, from package-lock.json);
#   - Neovim 0.10 (Debian trixie) and 0.12 (Debian forky), unpacked into private prefixes
#     without touching the system's packages;
#   - code-server 4.100.3 (real VS Code in a browser) from npm, and Debian's chromium,
#     driven by playwright-core (an npm dependency of the extension's tests).
#
# Usage: editors/install.sh [neovim] [vscode]      (no argument: both)
# Idempotent: what is already in place is checked and kept. Downloads and prefixes live under
# $SECINT_EDITORS_CACHE (default: editors/.cache, gitignored).
set -Eeuo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CACHE=${SECINT_EDITORS_CACHE:-$HERE/.cache}
mkdir -p "$CACHE"
CACHE=$(cd "$CACHE" && pwd)

CODE_SERVER_VERSION=4.100.3
# code-server's @vscode/ripgrep wants this archive; we build it from Debian's rg.
RIPGREP_CACHE_DIR=vscode-ripgrep-cache-1.15.11
RIPGREP_ARCHIVE=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz
# minor version → Debian suite that carries it, and the exact upstream version we expect
NEOVIMS=("0.10 trixie 0.10.4" "0.12 forky 0.12.4")
# The Debian mirror this machine's apt already uses (its first `debian` URI), unless overridden.
system_debian_mirror() {
  { cat /etc/apt/sources.list.d/*.sources 2>/dev/null | sed -n 's/^URIs:[[:space:]]*//p'
    cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | awk '$1 == "deb" { print $2 }'
  } | tr ' ' '\n' | grep -E '/debian/?$' | head -n 1 || true
}
DEBIAN_MIRROR=${SECINT_DEBIAN_MIRROR:-$(system_debian_mirror)}

step() { printf '\n==> %s\n' "$*"; }
say() { printf '    %s\n' "$*"; }
die() { printf '\ninstall.sh: error: %s\n' "$*" >&2; exit 1; }
trap 'die "command failed (exit $?) at line $LINENO: $BASH_COMMAND"' ERR
[ -n "$DEBIAN_MIRROR" ] || die "no Debian mirror in this machine's apt sources; set SECINT_DEBIAN_MIRROR"

SUDO=
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || die "not root and no sudo: apt-get install needs one of them"
  SUDO=sudo
fi

want_neovim=0 want_vscode=0
[ $# -eq 0 ] && want_neovim=1 want_vscode=1
for arg in "$@"; do
  case $arg in
    neovim) want_neovim=1 ;;
    vscode) want_vscode=1 ;;
    *) die "unknown argument '$arg' (expected: neovim, vscode)" ;;
  esac
done

[ "$(dpkg --print-architecture)" = amd64 ] || die "only amd64 is supported (the Neovim prefixes use x86_64 libraries)"

# ---------------------------------------------------------------- system packages
apt_updated=0
apt_install() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    say "apt packages already installed: $*"
    return
  fi
  if [ $apt_updated -eq 0 ]; then
    say "apt-get update"
    $SUDO apt-get update -qq
    apt_updated=1
  fi
  say "apt-get install ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

step "system packages"
pkgs=()
pkgs+=(ca-certificates)
# libkrb5-dev: code-server's native 'kerberos' module; ripgrep: the rg we hand to @vscode/ripgrep;
# chromium: the browser playwright-core drives; python3/g++/make: node-gyp builds.
[ $want_vscode -eq 1 ] && pkgs+=(libkrb5-dev ripgrep chromium python3 g++ make)
apt_install "${pkgs[@]}"

# ---------------------------------------------------------------- Neovim prefixes
# A private apt configuration per suite: its own sources list, lists and cache dirs, and an empty
# dpkg status file, so that `apt-get download` resolves against that suite only and nothing on the
# system changes.
# The options that point apt at one suite's private state, in $apt_options.
private_apt_options() {
  local dir=$CACHE/apt/$1
  apt_options=(
    -o Dir::Etc::SourceList="$dir/sources.list"
    -o Dir::Etc::SourceParts="$dir/sources.list.d"
    -o Dir::Etc::Preferences="$dir/preferences"
    -o Dir::Etc::PreferencesParts="$dir/preferences.d"
    -o Dir::State="$dir/state"
    -o Dir::State::Lists="$dir/lists"
    -o Dir::State::Status="$dir/status"
    -o Dir::Cache="$dir/cache"
    -o APT::Architecture=amd64
    -o APT::Architectures::=amd64
  )
}
private_apt() {
  local suite=$1; shift
  private_apt_options "$suite"
  apt-get -q "${apt_options[@]}" -o APT::Get::List-Cleanup=0 -o Acquire::Languages=none "$@"
}
private_apt_cache() {
  local suite=$1; shift
  private_apt_options "$suite"
  apt-cache "${apt_options[@]}" "$@"
}

install_neovim() {
  local minor=$1 suite=$2 expected=$3
  local prefix=$CACHE/neovim-$minor
  local wrapper=$prefix/bin/nvim
  step "Neovim $minor (Debian $suite) into $prefix"
  if [ -x "$wrapper" ] && "$wrapper" --version 2>/dev/null | sed -n 1p | grep -q "^NVIM v$minor\."; then
    say "already installed: $("$wrapper" --version | sed -n 1p)"
    return
  fi

  local dir=$CACHE/apt/$suite
  mkdir -p "$dir/sources.list.d" "$dir/preferences.d" "$dir/state" "$dir/lists/partial" \
           "$dir/cache/archives/partial" "$dir/debs"
  : > "$dir/status"
  : > "$dir/preferences"
  printf 'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] %s %s main\n' \
    "$DEBIAN_MIRROR" "$suite" > "$dir/sources.list"
  say "apt-get update (private, suite $suite)"
  private_apt "$suite" update >"$dir/update.log" 2>&1 || { cat "$dir/update.log" >&2; die "apt-get update for $suite failed"; }

  local debver
  debver=$(private_apt_cache "$suite" show neovim 2>/dev/null | awk '/^Version:/ {print $2; exit}')
  [ -n "$debver" ] || die "Debian $suite has no neovim package"
  say "Debian $suite carries neovim $debver"
  case $debver in
    "$minor".*) ;;
    *) die "Debian $suite now carries neovim $debver, not $minor.x: update NEOVIMS in $0" ;;
  esac
  case $debver in
    "$expected"-*) ;;
    *) say "note: expected $expected, using $debver" ;;
  esac

  # neovim, neovim-runtime and everything they depend on (libc included: the prefix brings its own
  # loader, so the binary never mixes its libraries with the system's).
  local pkgs
  pkgs=$(private_apt_cache "$suite" depends --recurse --no-recommends --no-suggests --no-conflicts \
           --no-breaks --no-replaces --no-enhances neovim neovim-runtime \
         | grep -E '^[a-z0-9]' | sort -u)
  # Packages with maintainer scripts only, no files the binary needs.
  pkgs=$(printf '%s\n' $pkgs | grep -vxE 'debconf|dpkg|perl-base|tar|coreutils|install-info|base-files|debianutils|usrmerge|sensible-utils' || true)
  say "downloading $(printf '%s\n' $pkgs | wc -l) packages: $(echo $pkgs)"
  (
    cd "$dir/debs"
    rm -f ./*.deb
    private_apt "$suite" download $pkgs >"$dir/download.log" 2>&1
  ) || { cat "$dir/download.log" >&2; die "apt-get download from $suite failed"; }

  rm -rf "$prefix.tmp"
  mkdir -p "$prefix.tmp/bin"
  local deb
  for deb in "$dir"/debs/*.deb; do
    dpkg -x "$deb" "$prefix.tmp"
  done
  local lib=usr/lib/x86_64-linux-gnu
  [ -x "$prefix.tmp/$lib/ld-linux-x86-64.so.2" ] || die "no loader in $prefix.tmp/$lib"
  [ -x "$prefix.tmp/usr/bin/nvim" ] || die "no nvim binary in $prefix.tmp/usr/bin"
  # The wrapper runs nvim through the prefix's own loader with --library-path (not
  # LD_LIBRARY_PATH), so processes nvim starts, the language server among them, keep the system's libc.
  cat > "$prefix.tmp/bin/nvim" <<EOF
#!/bin/sh
# Neovim $debver from Debian $suite, unpacked by editors/install.sh
P='$prefix'
export VIMRUNTIME="\$P/usr/share/nvim/runtime"
exec "\$P/$lib/ld-linux-x86-64.so.2" --library-path "\$P/$lib:\$P/$lib/lua/5.1:\$P/lib/x86_64-linux-gnu" "\$P/usr/bin/nvim" "\$@"
EOF
  chmod +x "$prefix.tmp/bin/nvim"
  rm -rf "$prefix"
  mv "$prefix.tmp" "$prefix"
  local got
  got=$("$wrapper" --version 2>&1 | sed -n 1p) || die "the unpacked Neovim does not start: $got"
  case $got in
    "NVIM v$minor."*) say "installed: $got" ;;
    *) die "the unpacked Neovim says '$got', expected NVIM v$minor.x" ;;
  esac
  # A real headless start, with Lua and the LSP module loaded.
  "$wrapper" --headless --clean -c 'lua vim.lsp.get_clients = vim.lsp.get_clients or vim.lsp.get_active_clients; assert(vim.lsp.start)' -c 'qall!' \
    || die "the unpacked Neovim $minor fails a headless start"
  rm -rf "$dir/debs" "$dir/lists"
}

if [ $want_neovim -eq 1 ]; then
  for entry in "${NEOVIMS[@]}"; do
    # shellcheck disable=SC2086
    install_neovim $entry
  done
fi

# ---------------------------------------------------------------- VS Code side
if [ $want_vscode -eq 1 ]; then
  command -v node >/dev/null || die "node is not installed (Node 20 is expected)"
  node_major=$(node -p 'process.versions.node.split(".")[0]')
  [ "$node_major" = 20 ] || die "Node $(node --version) found; code-server $CODE_SERVER_VERSION and vsce need Node 20"

  step "extension dependencies (editors/vscode, npm ci)"
  lock_hash=$(sha256sum "$HERE/vscode/package-lock.json" | cut -d' ' -f1)
  stamp=$HERE/vscode/node_modules/.secint-lock-sha256
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$lock_hash" ]; then
    say "node_modules matches package-lock.json"
  else
    (cd "$HERE/vscode" && nice npm ci --no-audit --no-fund)
    echo "$lock_hash" > "$stamp"
  fi

  step "code-server $CODE_SERVER_VERSION into $CACHE/code-server"
  cs=$CACHE/code-server/node_modules/.bin/code-server
  if [ -x "$cs" ] && [ "$("$cs" --version 2>/dev/null | sed -n 1p | cut -d' ' -f1)" = "$CODE_SERVER_VERSION" ]; then
    say "already installed: $("$cs" --version | sed -n 1p)"
  else
    # @vscode/ripgrep's postinstall downloads rg from GitHub, which this machine cannot reach;
    # it first looks in $TMPDIR/<cache dir>/<archive>, so we put an archive of Debian's rg there.
    tmp=$CACHE/tmp
    mkdir -p "$tmp/$RIPGREP_CACHE_DIR" "$tmp/rg-stage"
    rg_bin=$(dpkg -L ripgrep | grep -E '/bin/rg$' | sed -n 1p)
    [ -x "$rg_bin" ] || die "Debian's ripgrep package has no rg binary"
    cp "$rg_bin" "$tmp/rg-stage/rg"
    tar -C "$tmp/rg-stage" -czf "$tmp/$RIPGREP_CACHE_DIR/$RIPGREP_ARCHIVE" rg
    say "placed $tmp/$RIPGREP_CACHE_DIR/$RIPGREP_ARCHIVE (Debian's $("$rg_bin" --version | sed -n 1p))"
    mkdir -p "$CACHE/code-server"
    [ -f "$CACHE/code-server/package.json" ] || echo '{"name":"secint-editor-tests-code-server","private":true}' > "$CACHE/code-server/package.json"
    say "npm install code-server@$CODE_SERVER_VERSION (builds native modules: a few minutes)"
    (
      cd "$CACHE/code-server"
      # code-server's postinstall runs further npm installs (lib/vscode) whose native modules must
      # build, so install scripts are allowed for this one pinned package tree (npm 11 blocks them).
      TMPDIR=$tmp npm_config_yes=true npm_config_unsafe_perm=true npm_config_dangerously_allow_all_scripts=true \
        nice npm install --no-audit --no-fund "code-server@$CODE_SERVER_VERSION" > "$CACHE/code-server/install.log" 2>&1
    ) || { tail -50 "$CACHE/code-server/install.log" >&2; die "npm install code-server failed (log: $CACHE/code-server/install.log)"; }
    [ -x "$cs" ] || die "code-server was installed but $cs is missing"
    got=$("$cs" --version 2>&1 | sed -n 1p)
    say "installed: $got"
  fi

  step "browser"
  command -v chromium >/dev/null || die "chromium is not on PATH after apt-get install chromium"
  say "$(chromium --version 2>/dev/null)"
  [ -f "$HERE/vscode/node_modules/playwright-core/package.json" ] || die "playwright-core is missing from editors/vscode/node_modules"
  say "playwright-core $(node -p "require('$HERE/vscode/node_modules/playwright-core/package.json').version")"
fi

step "done"
[ $want_neovim -eq 1 ] && for entry in "${NEOVIMS[@]}"; do
  set -- $entry
  say "neovim $1: $CACHE/neovim-$1/bin/nvim ($("$CACHE/neovim-$1/bin/nvim" --version | sed -n 1p))"
done
[ $want_vscode -eq 1 ] && say "code-server: $CACHE/code-server/node_modules/.bin/code-server"
say "run the suites with: editors/test.sh path/to/secint"
