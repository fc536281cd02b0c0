#!/usr/bin/env bash
# Runs every test on a fresh machine: fetches the FHIR R4 package the tests read (npm), installs Chromium and
# PostgreSQL (apt) and the SMART JavaScript client fhirclient (npm, into .cache/node) for the browser and external-client tests,
# restores and builds (NuGet), runs all test projects, and prints the totals as its last line:
# "N passed, N failed[, N skipped]". What cannot be installed makes the tests that need it report skipped.
set -uo pipefail
cd "$(dirname "$0")"

if ! tools/fetch-fhir-package.sh >/dev/null; then
  echo "could not fetch hl7.fhir.r4.examples@4.0.1 from npm" >&2
fi

# Debian's Chromium for Playwright (never `playwright install`: no browser download).
if ! command -v chromium >/dev/null; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null ||
    echo "could not install chromium with apt: the browser tests will be skipped" >&2
fi

# Debian's PostgreSQL for the outbox store tests, which start a private cluster of their own (initdb in a temporary
# folder, a free loopback port; as root it runs as the postgres user). SMARTREASONING_TEST_POSTGRES (a connection
# string) points them at an existing server instead.
if [ -z "${SMARTREASONING_TEST_POSTGRES:-}" ] && ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null && ! command -v initdb >/dev/null; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >/dev/null ||
    echo "could not install postgresql with apt: the PostgreSQL store tests will be skipped" >&2
fi

if ! tools/fetch-node-packages.sh >/dev/null; then
  echo "could not install fhirclient from npm: the external-client tests will be skipped" >&2
fi
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

results=.cache/test-results
rm -rf "$results"
dotnet test SmartReasoning.sln -c Release --nologo \
  --logger trx --results-directory "$results" \
  --blame-hang-timeout 10m
status=$?

passed=0; failed=0; skipped=0
shopt -s nullglob
for trx in "$results"/*.trx; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  count() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  passed=$((passed + $(count passed)))
  failed=$((failed + $(count failed) + $(count error) + $(count timeout) + $(count aborted)))
  # xunit's skipped tests are counted in total but not in executed.
  skipped=$((skipped + $(count total) - $(count executed)))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1 # the build or the test host failed before any test could report
fi

summary="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && summary="$summary, $skipped skipped"
echo "$summary"
exit "$status"
