#!/usr/bin/env bash
# Fetches the FHIR R4 definitions and examples (npm hl7.fhir.r4.examples@4.0.1) into the ignored cache
# .cache/fhir/ and prints the package folder. Does nothing when already there.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
name=hl7.fhir.r4.examples
version=4.0.1
dest="$root/.cache/fhir/$name-$version"
if [ ! -f "$dest/package.json" ]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent "$name@$version" >/dev/null)
  mkdir -p "$tmp/x"
  tar -xzf "$tmp/$name-$version.tgz" -C "$tmp/x"
  rm -rf "$dest"
  mkdir -p "$(dirname "$dest")"
  mv "$tmp/x/package" "$dest"
fi
echo "$dest"
