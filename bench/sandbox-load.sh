#!/usr/bin/env bash
# Load test of the sandbox FHIR server, on loopback only, bounded in time: wrk (a second process) against
#   1. read by id:                  GET /fhir/Observation/{id}
#   2. a patient's recent labs:     GET /fhir/Observation?patient=X&category=laboratory&_sort=-date&_count=50
# over a store holding ../shared/data/patients (when present) plus N generated patients (default 1000).
# Usage: bench/sandbox-load.sh [generated-patients] [seconds-per-run]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
patients=${1:-1000}
seconds=${2:-15}
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk" >&2; exit 2; }
port=5591
log=$(mktemp)
data=()
[ -d "$root/../shared/data/patients" ] && data=(--data "$root/../shared/data/patients")

"$root/smartreasoning" sandbox --open --port "$port" --synthetic "$patients" "${data[@]}" >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -f "$log"' EXIT
started=$(date +%s)
until grep -q "Sandbox FHIR base" "$log"; do
  kill -0 $server 2>/dev/null || { cat "$log"; exit 1; }
  [ $(( $(date +%s) - started )) -lt 1200 ] || { echo "the sandbox did not start in 20 minutes" >&2; exit 1; }
  sleep 1
done
grep loaded "$log"
echo "load time: $(( $(date +%s) - started )) s (build included on the first run)"

base="http://127.0.0.1:$port/fhir"
first_id() { curl -s "$base/$1" | grep -o '"resource":{"resourceType":"[A-Za-z]*","id":"[^"]*"' | head -n 1 | sed 's/.*"id":"\([^"]*\)"/\1/'; }
patient=$(first_id "Patient?_count=1")
observation=$(first_id "Observation?patient=$patient&category=laboratory&_count=1")
echo "patient $patient, observation $observation"

run() {
  echo "== $1"
  wrk -t1 -c16 -d"${seconds}s" --latency "$2" | grep -E 'Requests/sec|Non-2xx|  50%|  99%|requests in'
}
run "read by id" "$base/Observation/$observation"
run "patient labs, newest first, 50 a page" "$base/Observation?patient=$patient&category=laboratory&_sort=-date&_count=50"
