#!/usr/bin/env bash
# The README's setup on a clean clone: clones this repository's committed HEAD into a temporary folder and runs the
# bootstrap there the way `npm start` and `npm test` begin (`setup`: everything but starting or testing), under the
# machine's own Node, not this checkout's. Checks the summary it prints, then runs it again and checks that the
# second run skips what is done. Node's tarball comes from npm's cache when an earlier run fetched it, and npm ci
# installs from the same cache, so this costs about a minute, most of it unpacking node_modules.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/tessera-clean-clone.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

fail() {
  printf '\nclean-clone bootstrap test FAILED: %s\n' "$*" >&2
  exit 1
}
expect() {
  local log=$1 pattern=$2 what=$3
  grep -Eq -- "$pattern" "$log" || fail "$what (no line matching /$pattern/ in the summary)"
}

if [ -n "$(git -C "$ROOT" status --porcelain --untracked-files=no)" ]; then
  echo "note: testing the committed HEAD; uncommitted changes in this checkout are not part of the clone."
fi
git clone --quiet "$ROOT" "$WORK/tessera"

# What this checkout's own bootstrap put in the environment must not leak into the clone: its Node on PATH, and the
# settings it derived from it. The clone has to find everything by itself, as on a fresh machine.
PATH=$(printf '%s' "$PATH" | tr ':' '\n' | grep -v '/\.tessera-node/' | paste -sd: -)
unset ELECTRON_OVERRIDE_DIST_PATH npm_config_nodedir TESSERA_CHROMIUM
MACHINE_MAJOR=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)

cd "$WORK/tessera"
echo "== first run in a clean clone ($WORK/tessera), machine Node major: $MACHINE_MAJOR"
began=$SECONDS
bash scripts/bootstrap/run.sh setup 2>&1 | tee "$WORK/first.log" || fail "the first run exited with an error"
first=$((SECONDS - began))

log="$WORK/first.log"
expect "$log" '^==> Tessera bootstrap summary' "no summary was printed"
expect "$log" '^  System +(all needed packages present|installed with apt-get|not Debian)' "the system packages line"
expect "$log" '^  Node\.js +v2[4-9]\.' "Node >= 24 is used"
if [ "$MACHINE_MAJOR" -lt 24 ]; then
  expect "$log" "^  Node\.js +v$(cat .nvmrc) from \.tessera-node/node-v$(cat .nvmrc)-linux-" "Node comes from .tessera-node/ when the machine's is older"
  [ -x .tessera-node/node-v"$(cat .nvmrc)"-linux-*/bin/node ] || fail ".tessera-node/ holds no node binary"
else
  expect "$log" "^  Node\.js +v[0-9.]+ the machine's own" "the machine's Node >= 24 is used as it is"
fi
expect "$log" '^  Dependencies +installed by npm ci in [0-9]+ s; better-sqlite3 and keytar load under Node v2[4-9]' "npm ci ran and the native modules load"
expect "$log" '^  Electron +45\.[0-9.]+(, binary installed| installed without its binary \(download from GitHub failed)' "Electron's state"
expect "$log" '^  Running +nothing \(setup only\)' "setup runs nothing"
[ -f node_modules/.tessera-bootstrap ] || fail "no stamp in node_modules/"
git status --porcelain | grep -q . && fail "the bootstrap left files git does not ignore: $(git status --porcelain | head -5 | tr '\n' ' ')"

echo "== second run (everything done already)"
began=$SECONDS
bash scripts/bootstrap/run.sh setup >"$WORK/second.log" 2>&1 || { cat "$WORK/second.log"; fail "the second run exited with an error"; }
second=$((SECONDS - began))
log="$WORK/second.log"
expect "$log" '^  Dependencies +node_modules/ up to date \(skipped npm ci\)' "the second run skips npm ci"
grep -q 'Fetching node-linux' "$log" && fail "the second run fetched Node again"
grep -q 'Downloading Electron' "$log" && fail "the second run tried Electron's download again"
[ "$second" -le 30 ] || fail "the second run took ${second} s (more than 30 s)"

echo "clean-clone bootstrap test passed: first run ${first} s, second run ${second} s"
