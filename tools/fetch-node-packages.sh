#!/usr/bin/env bash
# Installs the npm packages of the browser and external-client tests (tests/SmartReasoning.Browser.Tests/node/
# package.json: the SMART JavaScript client, fhirclient) into the ignored cache .cache/node and prints the folder.
# Does nothing when the pinned versions are already there. Optional dependencies are left out: fhirclient's
# isomorphic-webcrypto would otherwise pull in React Native (hundreds of packages) that Node never loads.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
manifest="$root/tests/SmartReasoning.Browser.Tests/node/package.json"
dest="$root/.cache/node"
# installed.json is written only after a complete install, so an interrupted one is redone.
if ! cmp -s "$manifest" "$dest/installed.json"; then
  mkdir -p "$dest"
  rm -f "$dest/installed.json"
  cp "$manifest" "$dest/package.json"
  (cd "$dest" && npm install --no-package-lock --no-audit --no-fund --omit=dev --omit=optional --loglevel=error >&2)
  cp "$manifest" "$dest/installed.json"
fi
echo "$dest"
