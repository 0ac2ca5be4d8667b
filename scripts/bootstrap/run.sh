#!/usr/bin/env bash
# What `npm start` and `npm test` run (package.json points both here), so that the README's two commands work on a
# fresh clone where node_modules does not exist yet, under whichever Node happens to run npm:
#
#   1. system packages: installs the Debian/Ubuntu packages that are missing (sudo only when not root) and says why;
#   2. Node.js: the machine's Node if it is >= 24, otherwise the version in .nvmrc from the npm registry
#      (node-linux-<arch>) unpacked into .tessera-node/, first on PATH for everything below;
#   3. dependencies: `npm ci` under that Node (native modules built for it), skipped when a stamp in node_modules
#      says the lockfile and the Node are unchanged; only the native modules are rebuilt when just Node changed;
#   4. Electron's binary: one download attempt per lockfile/Node; where it cannot be downloaded the rest still runs;
#   5. one summary of what runs where, then the real command (`npm run start:app` or `npm run test:all`).
#
#   bash scripts/bootstrap/run.sh start [-- args for scripts/start.ts]
#   bash scripts/bootstrap/run.sh test
#   bash scripts/bootstrap/run.sh setup      steps 1-5 without running anything (used by the clean-clone test)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"

COMMAND=${1:-}
[ $# -gt 0 ] && shift
case "$COMMAND" in
  start | test | setup) ;;
  *)
    echo "usage: bash scripts/bootstrap/run.sh start|test|setup" >&2
    exit 2
    ;;
esac
# npm passes `npm start -- --server-only` through as `-- --server-only` on some versions; drop a leading `--`.
[ "${1:-}" = "--" ] && shift

NODE_MIN_MAJOR=24
NODE_PIN=$(tr -d ' \r\n' <.nvmrc)
# Used only where the machine has no npm at all (a bare Debian image); otherwise the machine's npm runs under Node 24.
NPM_PIN=11.21.3
TOOLS_DIR="$ROOT/.tessera-node"
STAMP="$ROOT/node_modules/.tessera-bootstrap"
BEGAN=$SECONDS

# An outer `npm start` exports facts about the Node that runs it (often an older one); the npm commands below must
# run under the Node chosen here, so forget them.
unset NODE npm_node_execpath npm_execpath npm_config_node_gyp npm_config_user_agent npm_config_npm_version

# Bold/red/green only on a terminal, so logs and the clean-clone test read plain lines.
if [ -t 1 ]; then BOLD=$'\033[1m' RED=$'\033[1;31m' GREEN=$'\033[1;32m' PLAIN=$'\033[0m'; else BOLD='' RED='' GREEN='' PLAIN=''; fi
SUMMARY=()
summary() { SUMMARY+=("$(printf '  %-13s %s' "$1" "$2")"); }
step() { printf '\n%s==> %s%s\n' "$BOLD" "$*" "$PLAIN"; }
say() { printf '    %s\n' "$*"; }
die() {
  printf '\n%sbootstrap failed:%s %s\n' "$RED" "$PLAIN" "$*" >&2
  exit 1
}

# Runs a command while printing a line every 15 s, so a long step (npm ci, a native build, a download) never looks
# hung. The command's own output still goes to the terminal.
with_heartbeat() {
  local label=$1
  shift
  local began=$SECONDS
  (
    while sleep 15; do printf '    ... %s: still running (%ss)\n' "$label" "$((SECONDS - began))"; done
  ) &
  local beat=$!
  local status=0
  "$@" || status=$?
  kill "$beat" 2>/dev/null || true
  wait "$beat" 2>/dev/null || true
  return "$status"
}

# ---------------------------------------------------------------------------------------------------------------
step "System packages"
declare -a WANT=() WHY=()
want() { WANT+=("$1"); WHY+=("$2"); }
want g++ "with make and python3, node-gyp compiles keytar (the OS keychain module) where no prebuilt binary downloads"
want make "(see g++)"
want python3 "(see g++; node-gyp is driven by Python)"
want pkg-config "keytar's build finds libsecret with it"
want libsecret-1-dev "keytar links against libsecret, the Secret Service client the desktop app keeps device keys in"
if ! command -v npm >/dev/null 2>&1; then
  want ca-certificates "to fetch Node.js and npm from the npm registry over HTTPS (this machine has no npm)"
fi
if [ "$COMMAND" = test ]; then
  want postgresql "every storage test also runs on PostgreSQL; the test run starts a throwaway cluster itself"
  want gnome-keyring "keychain tests use a real Secret Service, on a private D-Bus session the test run starts"
  want dbus "(see gnome-keyring)"
  want xvfb "a throwaway X server: the preview's clipboard is tested through the real xclip on it"
  want xclip "(see xvfb)"
  if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then
    CHROMIUM_PKG=chromium
    if grep -qi '^ID=ubuntu' /etc/os-release 2>/dev/null; then CHROMIUM_PKG=chromium-browser; fi
    want "$CHROMIUM_PKG" "the end-to-end tests drive the system's Chromium (Playwright never downloads a browser)"
  fi
fi

MISSING=()
if command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  for i in "${!WANT[@]}"; do
    if ! dpkg-query -W -f='${db:Status-Abbrev}' "${WANT[$i]}" 2>/dev/null | grep -q '^ii'; then
      MISSING+=("$i")
    fi
  done
  if [ ${#MISSING[@]} -eq 0 ]; then
    say "All present: ${WANT[*]}."
    summary "System" "all needed packages present (${WANT[*]})"
  else
    NAMES=()
    for i in "${MISSING[@]}"; do
      NAMES+=("${WANT[$i]}")
      say "missing: ${WANT[$i]} - ${WHY[$i]}"
    done
    SUDO=()
    if [ "$(id -u)" -ne 0 ]; then
      command -v sudo >/dev/null 2>&1 ||
        die "these packages are missing and this user is not root and has no sudo. As root run:
  apt-get update && apt-get install -y --no-install-recommends ${NAMES[*]}
then run this command again."
      SUDO=(sudo)
      say "Not root: using sudo for apt-get (it may ask for your password)."
    fi
    export DEBIAN_FRONTEND=noninteractive
    say "apt-get update && apt-get install -y --no-install-recommends ${NAMES[*]}"
    with_heartbeat "apt-get" "${SUDO[@]}" apt-get update -qq ||
      die "apt-get update failed (see above)."
    with_heartbeat "apt-get install" "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${NAMES[@]}" ||
      die "apt-get install failed (see above)."
    summary "System" "installed with apt-get: ${NAMES[*]}; the rest was present"
  fi
else
  say "Not a Debian/Ubuntu system (no apt-get): not installing anything. This needs the equivalents of:"
  for i in "${!WANT[@]}"; do say "  ${WANT[$i]} - ${WHY[$i]}"; done
  summary "System" "not Debian/Ubuntu: packages not checked (needs the equivalents of ${WANT[*]})"
fi

# ---------------------------------------------------------------------------------------------------------------
step "Node.js"
node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

# Downloads <package>@<version> from the npm registry into <file>, checking the registry's sha512 integrity. Only
# used when the machine has no npm (otherwise `npm pack` does this, reusing npm's cache).
registry_fetch() {
  python3 - "$@" <<'PY'
import base64, hashlib, json, os, sys, urllib.request
name, version, out = sys.argv[1:4]
registry = (os.environ.get('npm_config_registry') or 'https://registry.npmjs.org/').rstrip('/')
meta = json.load(urllib.request.urlopen(f'{registry}/{name}/{version}', timeout=60))
algo, expected = meta['dist']['integrity'].split('-', 1)
digest = hashlib.new(algo)
with urllib.request.urlopen(meta['dist']['tarball'], timeout=60) as response, open(out, 'wb') as file:
    while chunk := response.read(1 << 20):
        digest.update(chunk)
        file.write(chunk)
if base64.b64encode(digest.digest()).decode() != expected:
    sys.exit(f'{name}@{version}: the download does not match the registry integrity {algo}')
PY
}

# Puts Node $NODE_PIN (and npm, if the machine has none) under .tessera-node/ and prints its bin directory.
local_node() {
  local arch
  case "$(uname -s)/$(uname -m)" in
    Linux/x86_64) arch=x64 ;;
    Linux/aarch64) arch=arm64 ;;
    *) die "Node.js >= $NODE_MIN_MAJOR is needed and this script can fetch it only for Linux x64/arm64. Install Node.js $NODE_MIN_MAJOR (nodejs.org) and run again." ;;
  esac
  local dir="$TOOLS_DIR/node-v$NODE_PIN-linux-$arch"
  if [ "$("$dir/bin/node" -v 2>/dev/null)" != "v$NODE_PIN" ]; then
    local tmp
    tmp=$(mktemp -d)
    say "Fetching node-linux-$arch@$NODE_PIN (Node's official build, about 52 MB) from the npm registry into ${dir#"$ROOT"/}/ ..." >&2
    if command -v npm >/dev/null 2>&1; then
      (cd "$tmp" && with_heartbeat "npm pack node-linux-$arch@$NODE_PIN" npm pack --silent "node-linux-$arch@$NODE_PIN") >&2 ||
        die "could not fetch node-linux-$arch@$NODE_PIN from the npm registry."
    else
      with_heartbeat "download" registry_fetch "node-linux-$arch" "$NODE_PIN" "$tmp/node.tgz" >&2 ||
        die "could not fetch node-linux-$arch@$NODE_PIN from the npm registry."
    fi
    rm -rf "$dir" && mkdir -p "$dir"
    tar xzf "$tmp"/*.tgz -C "$dir" --strip-components=1
    rm -rf "$tmp"
    [ "$("$dir/bin/node" -v 2>/dev/null)" = "v$NODE_PIN" ] || die "the Node.js in ${dir#"$ROOT"/} does not run here."
  fi
  if ! command -v npm >/dev/null 2>&1 && [ ! -x "$dir/bin/npm" ]; then
    local tmp
    tmp=$(mktemp -d)
    say "This machine has no npm: fetching npm@$NPM_PIN from the npm registry next to that Node ..." >&2
    registry_fetch npm "$NPM_PIN" "$tmp/npm.tgz" >&2 || die "could not fetch npm@$NPM_PIN from the npm registry."
    mkdir -p "$dir/lib/node_modules/npm"
    tar xzf "$tmp/npm.tgz" -C "$dir/lib/node_modules/npm" --strip-components=1
    ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$dir/bin/npm"
    ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$dir/bin/npx"
    rm -rf "$tmp"
  fi
  printf '%s\n' "$dir/bin"
}

MACHINE_NODE=$(command -v node 2>/dev/null || true)
if [ -n "$MACHINE_NODE" ] && [ "$(node_major "$MACHINE_NODE")" -ge "$NODE_MIN_MAJOR" ]; then
  case "$MACHINE_NODE" in
    "$TOOLS_DIR"/*) NODE_WHERE="from ${MACHINE_NODE%/bin/node} (already first on PATH)" ;;
    *) NODE_WHERE="the machine's own ($MACHINE_NODE)" ;;
  esac
else
  OLD=${MACHINE_NODE:+$("$MACHINE_NODE" -v 2>/dev/null), older than $NODE_MIN_MAJOR}
  NODE_BIN_DIR=$(local_node)
  export PATH="$NODE_BIN_DIR:$PATH"
  NODE_WHERE="from ${NODE_BIN_DIR%/bin} (node-linux-* from the npm registry, project-local; the machine has ${OLD:-no Node})"
  NODE_WHERE=${NODE_WHERE//"$ROOT"\//}
fi
NODE_VERSION=$(node -v)
NODE_ABI=$(node -p process.versions.modules)
say "Using Node $NODE_VERSION $NODE_WHERE, npm $(npm -v)."
summary "Node.js" "$NODE_VERSION $NODE_WHERE; npm $(npm -v)"

# Native modules compile against the headers of the Node that runs them. A machine-wide `nodedir` (an ~/.npmrc
# pointing at an older Node's headers) would build them for the wrong Node, so point it at this Node's own headers,
# or clear it so node-gyp fetches the right ones.
NODE_PREFIX=$(cd "$(dirname "$(command -v node)")/.." && pwd)
if [ -f "$NODE_PREFIX/include/node/node_version.h" ]; then
  export npm_config_nodedir="$NODE_PREFIX"
else
  export npm_config_nodedir=""
fi

# ---------------------------------------------------------------------------------------------------------------
step "npm dependencies"
LOCK_KEY=$(cat package.json package-lock.json | sha256sum | cut -c1-16)
stamp_get() { if [ -f "$STAMP" ]; then sed -n "s/^$1=//p" "$STAMP" | head -1; fi; }
NATIVE=()
native_modules() {
  NATIVE=()
  local gyp
  for gyp in node_modules/*/binding.gyp node_modules/@*/*/binding.gyp; do
    [ -f "$gyp" ] && NATIVE+=("$(basename "$(dirname "$gyp")")")
  done
  return 0
}
# Loads every native module the app uses under this Node; prints what fails.
check_native() {
  node -e '
    let failed = false;
    for (const name of process.argv.slice(1)) {
      try {
        const mod = require(name);
        if (name === "better-sqlite3") new mod(":memory:").close();
      } catch (error) {
        failed = true;
        console.log(`    ${name}: ${String(error.message).split("\n")[0]}`);
      }
    }
    process.exit(failed ? 1 : 0);
  ' better-sqlite3 keytar
}

if [ -f node_modules/.package-lock.json ] && [ "$(stamp_get lock)" = "$LOCK_KEY" ] && [ "$(stamp_get node)" = "$NODE_VERSION" ]; then
  say "node_modules/ is up to date (package.json, package-lock.json and Node unchanged since the last install)."
  DEPS_NOTE="node_modules/ up to date (skipped npm ci)"
elif [ -f node_modules/.package-lock.json ] && [ "$(stamp_get lock)" = "$LOCK_KEY" ]; then
  native_modules
  say "Same lockfile, different Node ($(stamp_get node) before): rebuilding the native modules only (${NATIVE[*]})."
  t=$SECONDS
  with_heartbeat "npm rebuild" npm rebuild --foreground-scripts --loglevel=warn "${NATIVE[@]}" || die "npm rebuild failed (see above)."
  DEPS_NOTE="native modules rebuilt for $NODE_VERSION in $((SECONDS - t)) s (lockfile unchanged)"
else
  say "npm ci: installing exactly what package-lock.json lists, install scripts in the foreground."
  t=$SECONDS
  rm -f "$STAMP"
  with_heartbeat "npm ci" npm ci --no-audit --no-fund --foreground-scripts --loglevel=warn ||
    die "npm ci failed (see above). A native build error usually means a missing system package."
  DEPS_NOTE="installed by npm ci in $((SECONDS - t)) s"
fi

if ! check_native; then
  native_modules
  say "A native module does not load under $NODE_VERSION: rebuilding ${NATIVE[*]} for it."
  with_heartbeat "npm rebuild" npm rebuild --foreground-scripts "${NATIVE[@]}" || die "npm rebuild failed (see above)."
  check_native || die "better-sqlite3 or keytar still does not load under Node $NODE_VERSION (see above)."
fi
say "better-sqlite3 and keytar load under Node $NODE_VERSION (both are Node-API modules, so the same files load in Electron)."
summary "Dependencies" "$DEPS_NOTE; better-sqlite3 and keytar load under Node $NODE_VERSION (Node-API)"

# ---------------------------------------------------------------------------------------------------------------
step "Electron"
ELECTRON_VERSION=$(node -p 'require("./node_modules/electron/package.json").version')
ELECTRON_DIST="$ROOT/node_modules/electron/dist"
electron_installed() { [ -f node_modules/electron/path.txt ] && [ -x "$ELECTRON_DIST/$(cat node_modules/electron/path.txt)" ]; }
ELECTRON_LOG="$TOOLS_DIR/electron-download.log"
if electron_installed; then
  say "Electron $ELECTRON_VERSION's binary is installed."
  ELECTRON_OK=1
elif [ "$(stamp_get electron)" = "failed-$ELECTRON_VERSION" ]; then
  ELECTRON_OK=0
  ELECTRON_REASON=$(stamp_get electron_reason)
  say "Electron $ELECTRON_VERSION's binary is not installed; its download failed after the last install ($ELECTRON_REASON)."
  say "Not trying again until the lockfile or Node changes; \`node node_modules/electron/install.js\` retries by hand."
else
  # Electron's package installs without its binary (it has no install script); the binary comes from GitHub.
  say "Downloading Electron $ELECTRON_VERSION's binary (about 110 MB, from GitHub) ..."
  mkdir -p "$TOOLS_DIR"
  if with_heartbeat "Electron download" timeout 600 node node_modules/electron/install.js >"$ELECTRON_LOG" 2>&1 && electron_installed; then
    say "Installed."
    ELECTRON_OK=1
  else
    ELECTRON_OK=0
    ELECTRON_REASON=$({ grep -m1 -E 'Error|error|ENOTFOUND|ETIMEDOUT|ECONNREFUSED' "$ELECTRON_LOG" || true; } | sed 's/^[[:space:]]*//' | cut -c1-140)
    ELECTRON_REASON=${ELECTRON_REASON:-see ${ELECTRON_LOG#"$ROOT"/}}
    say "It could not be downloaded: $ELECTRON_REASON"
    say "Continuing without it (full output in ${ELECTRON_LOG#"$ROOT"/})."
  fi
fi
if [ "$ELECTRON_OK" = 1 ]; then
  summary "Electron" "$ELECTRON_VERSION, binary installed: the desktop app runs"
else
  # Without this, every require('electron') (the start script, the Electron e2e project) would try the download
  # again; with it, they get the path where the binary would be, see it is missing, and say so.
  export ELECTRON_OVERRIDE_DIST_PATH="$ELECTRON_DIST"
  summary "Electron" "$ELECTRON_VERSION installed without its binary (download from GitHub failed: $ELECTRON_REASON)."
  summary "" "So the desktop shell cannot open here: npm start opens the same window in your browser, and"
  summary "" "npm test skips the Electron e2e project. Types, main-process code and the UI are still tested"
  summary "" "(under Node and in Chromium). \`node node_modules/electron/install.js\` retries the download."
fi

{
  echo "lock=$LOCK_KEY"
  echo "node=$NODE_VERSION"
  echo "abi=$NODE_ABI"
  if [ "$ELECTRON_OK" = 1 ]; then echo "electron=ok-$ELECTRON_VERSION"; else
    echo "electron=failed-$ELECTRON_VERSION"
    echo "electron_reason=$ELECTRON_REASON"
  fi
} >"$STAMP"

# ---------------------------------------------------------------------------------------------------------------
RUN=()
case "$COMMAND" in
  start)
    RUN=(npm run start:app -- "$@")
    summary "Running" "npm run start:app: build, then the server on http://127.0.0.1:${TESSERA_DEV_PORT:-8080} (SQLite in"
    summary "" "${TESSERA_DEV_DIR:-.tessera-dev}/server, demo organisation on the first run), then the desktop app if Electron runs"
    ;;
  test)
    CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
    [ -n "$CHROMIUM" ] && export TESSERA_CHROMIUM="$CHROMIUM"
    RUN=(npm run test:all)
    if [ "$ELECTRON_OK" = 1 ] && [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && command -v xvfb-run >/dev/null 2>&1; then
      RUN=(xvfb-run -a "${RUN[@]}")
    fi
    summary "Running" "npm run test:all: lint, type-check, vitest (it starts its own PostgreSQL cluster and a private"
    summary "" "D-Bus with gnome-keyring unless TESSERA_TEST_PG_URL / DBUS_SESSION_BUS_ADDRESS are set), build,"
    summary "" "Playwright in ${CHROMIUM:-(no Chromium found)}"
    ;;
  setup) summary "Running" "nothing (setup only)" ;;
esac

printf '\n%s==> Tessera bootstrap summary%s (%ss)\n' "$BOLD" "$PLAIN" "$((SECONDS - BEGAN))"
printf '%s\n' "${SUMMARY[@]}"
echo

[ ${#RUN[@]} -eq 0 ] && exit 0
if [ "$COMMAND" = start ]; then exec "${RUN[@]}"; fi
status=0
"${RUN[@]}" || status=$?
if [ "$status" -eq 0 ]; then
  printf '\n%snpm test passed%s (%s min in all, under Node %s)\n' "$GREEN" "$PLAIN" "$(((SECONDS - BEGAN + 30) / 60))" "$NODE_VERSION"
else
  printf '\n%snpm test failed%s (exit code %s; see above)\n' "$RED" "$PLAIN" "$status"
fi
exit "$status"
