#!/usr/bin/env bash
# Load test of the sandbox FHIR server, and what SMART access-token enforcement costs it: loopback only, bounded in time.
# Two sandboxes hold the same data (../shared/data/patients when present, plus N generated patients, default 500):
# one started --open, one enforcing tokens. wrk (a second process) runs each scenario against both, back to back:
#   1. read by id:              GET /fhir/Observation/{id}
#   2. a patient's recent labs: GET /fhir/Observation?patient=X&category=laboratory&_sort=-date&_count=50
# the enforcing one with `Authorization: Bearer <token>`, a system/*.rs token from `smartreasoning sandbox token`.
# Each run is preceded by a short warm-up; the summary gives requests/s, p50, p99 and the ratio with-token/open.
# Usage: bench/sandbox-load.sh [generated-patients] [seconds-per-run]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
patients=${1:-500}
seconds=${2:-15}
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk" >&2; exit 2; }
command -v curl >/dev/null || { echo "curl is needed: apt-get install -y curl" >&2; exit 2; }
command -v jq >/dev/null || { echo "jq is needed: apt-get install -y jq" >&2; exit 2; }
# A backend-services token lives 5 minutes; a fresh one is taken before each run, so warm-up and run must fit in it.
[[ "$seconds" =~ ^[0-9]+$ ]] && [ "$seconds" -ge 1 ] && [ "$seconds" -le 240 ] || { echo "seconds-per-run must be 1..240" >&2; exit 2; }
warmup=$(( seconds < 3 ? seconds : 3 ))
data=()
[ -d "$root/../shared/data/patients" ] && data=(--data "$root/../shared/data/patients")

work=$(mktemp -d)
servers=()
stop() {
  for pid in "${servers[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${servers[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap stop EXIT
trap 'exit 130' INT TERM

"$root/smartreasoning" --help >/dev/null # builds once, before two sandboxes start at the same moment

# Port 0: each sandbox takes a free loopback port and prints its FHIR base.
start() {
  local name=$1; shift
  "$root/smartreasoning" sandbox --port 0 --synthetic "$patients" "${data[@]}" "$@" >"$work/$name.log" 2>&1 &
  servers+=($!)
}
fhir_base() { sed -n 's/^Sandbox FHIR base: \(http[^ ]*\).*/\1/p' "$work/$1.log"; }
started=$(date +%s)
start open --open
start enforcing
for name in open enforcing; do
  until [ -n "$(fhir_base $name)" ]; do
    for pid in "${servers[@]}"; do kill -0 "$pid" 2>/dev/null || { echo "a sandbox stopped:" >&2; cat "$work"/*.log >&2; exit 1; }; done
    [ $(( $(date +%s) - started )) -lt 1200 ] || { echo "the sandboxes did not start in 20 minutes" >&2; exit 1; }
    sleep 1
  done
done
open=$(fhir_base open)
enforcing=$(fhir_base enforcing)
grep loaded "$work/open.log"
echo "load time (both sandboxes, in parallel): $(( $(date +%s) - started )) s"
echo "open: $open   enforcing: $enforcing"

token() { "$root/smartreasoning" sandbox token --root "${enforcing%/fhir}"; }
first_id() { curl -sf "$open/$1" | jq -r '.entry[0].resource.id // empty'; }
patient=$(first_id "Patient?_count=1")
observation=$(first_id "Observation?patient=$patient&category=laboratory&_count=1")
[ -n "$patient" ] && [ -n "$observation" ] || { echo "no patient with a laboratory Observation in the open sandbox" >&2; exit 1; }
echo "patient $patient, observation $observation"

read_path="Observation/$observation"
labs_path="Observation?patient=$patient&category=laboratory&_sort=-date&_count=50"

# Both servers must answer the same thing, and the enforcing one must really enforce, or the comparison means nothing.
bearer=$(token)
status=$(curl -s -o /dev/null -w '%{http_code}' "$enforcing/$read_path")
[ "$status" = 401 ] || { echo "the enforcing sandbox answered $status without a token, not 401" >&2; exit 1; }
for path in "$read_path" "$labs_path"; do
  a=$(curl -sf "$open/$path" | jq -c 'if .resourceType == "Bundle" then [.entry[].resource.id] else .id end')
  b=$(curl -sf -H "Authorization: Bearer $bearer" "$enforcing/$path" | jq -c 'if .resourceType == "Bundle" then [.entry[].resource.id] else .id end') ||
    { echo "the enforcing sandbox refused the token on $path" >&2; exit 1; }
  [ "$a" = "$b" ] || { echo "the two sandboxes answer $path differently: $a vs $b" >&2; exit 1; }
done

# wrk's latency to microseconds (it prints us, ms, s or m).
micros() { awk -v v="$1" 'BEGIN { n = v + 0; u = v; sub(/^[0-9.]+/, "", u); f = u == "us" ? 1 : u == "ms" ? 1e3 : u == "s" ? 1e6 : u == "m" ? 6e7 : 1; printf "%.0f", n * f }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b > 0 ? a / b : 0) }'; }

# measure <label> <url> [token]: a warm-up, then the measured run; every answer must be 2xx and no socket may fail.
measure() {
  local args=(-t1 -c16 --latency)
  [ -n "${3:-}" ] && args+=(-H "Authorization: Bearer $3")
  local out="$work/wrk.out"
  for duration in "$warmup" "$seconds"; do
    wrk "${args[@]}" -d"${duration}s" "$2" >"$out"
    if grep -qE 'Non-2xx|Socket errors' "$out"; then
      echo "FAILED: $1 had non-2xx answers or socket errors (a refused token shows as Non-2xx):" >&2
      cat "$out" >&2
      exit 1
    fi
  done
  echo "== $1"
  grep -E 'requests in|Requests/sec|  50%|  99%' "$out"
  rps=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
  p50=$(micros "$(awk '$1 == "50%" { print $2 }' "$out")")
  p99=$(micros "$(awk '$1 == "99%" { print $2 }' "$out")")
}

rows=()
scenario() {
  local label=$1 path=$2
  measure "$label, open" "$open/$path"
  local open_rps=$rps open_p50=$p50 open_p99=$p99
  measure "$label, with token" "$enforcing/$path" "$(token)"
  rows+=("$(printf '%-22s %-12s %10s %10s %10s' "$label" open "$open_rps" "$open_p50" "$open_p99")")
  rows+=("$(printf '%-22s %-12s %10s %10s %10s' "" "with token" "$rps" "$p50" "$p99")")
  rows+=("$(printf '%-22s %-12s %10s %10s %10s' "" "token/open" "$(ratio "$rps" "$open_rps")" "$(ratio "$p50" "$open_p50")" "$(ratio "$p99" "$open_p99")")")
}
scenario "read by id" "$read_path"
scenario "patient labs (50/page)" "$labs_path"

echo
echo "Summary: $patients generated patients$([ ${#data[@]} -gt 0 ] && echo " + shared patients"), ${seconds}s per run, wrk -t1 -c16, loopback"
printf '%-22s %-12s %10s %10s %10s\n' scenario server "req/s" "p50 (us)" "p99 (us)"
printf '%s\n' "${rows[@]}"
