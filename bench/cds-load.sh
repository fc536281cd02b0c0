#!/usr/bin/env bash
# Load test of the CDS Hooks order-sign service: loopback only, bounded in time.
# SmartReasoning runs as `smartreasoning serve --sandbox false` with the embedded guideline reasoner and one trusted
# CDS client whose ES384 key is made for the run. Each request is the order-sign call an EHR makes when an order is
# signed, with the full prefetch (no fetch back to an EHR), and carries its own signed JWT (a fresh jti; all signed
# beforehand). wrk (a second process) plays N clients (connections), each sending its next request when the last is
# answered, after a think time when one is given: a clinician signs an order every few seconds at most, and clients
# that think a random while do not arrive in lockstep.
#
# Usage: bench/cds-load.sh [connections=200] [seconds=15] [think-ms=0|min-max] [patients=one|varied] [context-cache=on|off]
#        bench/cds-load.sh suite [seconds=15]
#   patients one:    the synthetic kidney-disease patient (411 resources, a 450 KB prefetch) signing metformin, every call;
#   patients varied: 48 distinct generated patients (12 archetypes, prefetches of 6-460 KB) each signing an order that
#                    fits it (metformin, ibuprofen, amoxicillin, lisinopril, ...), taken at random per call.
#   context-cache:   the service's cache of compiled contexts by prefetch content (`serve --cds-context-cache`); with
#                    it on, a prefetch sent again is not parsed and compiled again, so "one" measures mostly the cache.
#   suite:           one service with the cache on, one with it off; on each: one and varied patients, with no think
#                    time (saturation) and with 1-2 s (a clinician's pace).
# Each run ends with one summary line (requests/s, p50, p99, errors = non-2xx answers + socket errors and timeouts over
# 10 s, and the service's CPU time per request), ready for bench/README.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk" >&2; exit 2; }
command -v curl >/dev/null || { echo "curl is needed: apt-get install -y curl" >&2; exit 2; }

suite=false
if [ "${1:-}" = suite ]; then
  suite=true
  seconds=${2:-15}
  connections=200
else
  connections=${1:-200}
  seconds=${2:-15}
  think=${3:-0}
  patients=${4:-one}
  cache=${5:-on}
fi
[[ "$connections" =~ ^[0-9]+$ ]] && [ "$connections" -ge 1 ] && [ "$connections" -le 1000 ] || { echo "connections must be 1..1000" >&2; exit 2; }
[[ "$seconds" =~ ^[0-9]+$ ]] && [ "$seconds" -ge 1 ] && [ "$seconds" -le 300 ] || { echo "seconds must be 1..300" >&2; exit 2; }
if ! $suite; then
  [[ "$think" =~ ^[0-9]+(-[0-9]+)?$ ]] || { echo "think-ms must be a number of ms or a range min-max" >&2; exit 2; }
  [[ "$patients" =~ ^(one|varied)$ ]] || { echo "patients must be one or varied" >&2; exit 2; }
  [[ "$cache" =~ ^(on|off)$ ]] || { echo "context-cache must be on or off" >&2; exit 2; }
fi
warmup=3
threads=2
# Tokens per run (warm-up included): enough for 2,500 requests a second, more than this service answers on the 2-core
# machine; a run that uses them all stops early and says so.
per_run=$(( (seconds + warmup) * 2500 ))
runs=$($suite && echo 8 || echo 1)

work=$(mktemp -d)
server=""
stop_server() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; server=""; fi
}
trap 'stop_server; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

# A loopback port nothing listens on (the tokens name the URL, so it is chosen before the service starts).
port=$(( 20000 + RANDOM % 20000 ))
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$(( port + 1 )); done
url="http://127.0.0.1:$port/cds-services/smartreasoning-order-sign"
echo "signing $(( per_run * runs )) tokens..." >&2
dotnet run -c Release --project "$root/bench/SmartReasoning.Benchmarks" -- cds-load-setup "$work" "$url" "$(( per_run * runs ))" 48 >/dev/null

start_server() { # $1: on|off (on: the service's default)
  local cache_option=(); [ "$1" = off ] && cache_option=(--cds-context-cache 0)
  "$root/smartreasoning" serve --port "$port" --sandbox false --cds-clients "$work/clients.json" --feedback-db "$work/feedback-$1.db" \
    "${cache_option[@]}" >"$work/serve.log" 2>&1 &
  server=$!
  for _ in $(seq 1 600); do
    curl -sf "http://127.0.0.1:$port/cds-services" >/dev/null && return 0
    kill -0 "$server" 2>/dev/null || { echo "the service stopped:" >&2; cat "$work/serve.log" >&2; exit 1; }
    sleep 0.5
  done
  echo "the service did not start" >&2; exit 1
}

# wrk's script: each thread sends the tokens of its run's slice (start index and count as arguments), interleaved with
# the other thread's, so no jti is ever sent twice; the body is the one patient's, or a random varied patient's; the
# think time (when any) a random number of ms in its range, before the first request too.
write_script() { # $1: one|varied, $2: think
  local min=${2%-*} max=${2#*-}
  {
    echo "local tokens = {}"
    echo "for line in io.lines(\"$work/tokens.txt\") do tokens[#tokens + 1] = line end"
    if [ "$1" = one ]; then
      echo "local bodies = {}; local file = io.open(\"$work/body.json\", \"rb\"); bodies[1] = file:read(\"*a\"); file:close()"
    else
      echo "local bodies = {}; for line in io.lines(\"$work/varied.jsonl\") do bodies[#bodies + 1] = line end"
    fi
    cat <<LUA
local threads, created = $threads, 0
function setup(thread) thread:set("index", created); created = created + 1 end
function init(args)
  next_token = tonumber(args[1]) + index; last_token = tonumber(args[1]) + tonumber(args[2]) - 1
  math.randomseed(os.time() * 7 + index)
end
function request()
  local token = tokens[next_token]
  if next_token > last_token or token == nil then wrk.thread:stop(); token = "exhausted" end
  next_token = next_token + threads
  return wrk.format("POST", nil, { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }, bodies[math.random(#bodies)])
end
LUA
    if [ "$max" != 0 ]; then echo "function delay() return math.random($min, $max) end"; fi
  } >"$work/order-sign.lua"
}

# The service must answer with the expected card, or the numbers mean nothing.
check_answer() {
  local token; token=$(sed -n "$1p" "$work/tokens.txt")
  local answer
  answer=$(curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' --data-binary @"$work/body.json" "$url") ||
    { echo "the service refused the first request:" >&2; cat "$work/serve.log" >&2; exit 1; }
  echo "$answer" | grep -q '"indicator":"critical"' || { echo "no critical card in the answer: $answer" >&2; exit 1; }
}

# The CPU time (user + system, ms) the service has used so far: per request, a measure other processes barely move.
service_cpu_ms() { awk -v tick="$(getconf CLK_TCK)" '{ print int(($14 + $15) * 1000 / tick) }' "/proc/$server/stat"; }

slice=0
measure() { # $1: one|varied, $2: think, $3: cache on|off
  local first=$(( slice * per_run + 1 ))
  slice=$(( slice + 1 ))
  write_script "$1" "$2"
  check_answer "$first"
  local warm_tokens=$(( warmup * 2500 ))
  wrk -t"$threads" -c"$connections" -d"${warmup}s" --timeout 10s -s "$work/order-sign.lua" "$url" -- "$(( first + 1 ))" "$warm_tokens" >/dev/null
  local out cpu_before cpu_after
  cpu_before=$(service_cpu_ms)
  out=$(wrk -t"$threads" -c"$connections" -d"${seconds}s" --timeout 10s --latency -s "$work/order-sign.lua" "$url" -- "$(( first + 1 + warm_tokens ))" "$(( per_run - warm_tokens - 1 ))")
  cpu_after=$(service_cpu_ms)
  echo "$out" >&2
  local requests rps p50 p99 non2xx socket
  requests=$(echo "$out" | awk '/requests in/ { print $1 }')
  rps=$(echo "$out" | awk '/Requests\/sec/ { print $2 }')
  p50=$(echo "$out" | awk '$1 == "50%" { print $2 }')
  p99=$(echo "$out" | awk '$1 == "99%" { print $2 }')
  non2xx=$(echo "$out" | awk '/Non-2xx/ { print $5 }')
  socket=$(echo "$out" | awk '/Socket errors/ { gsub(",", ""); print $4 + $6 + $8 + $10 }')
  local errors=$(( ${non2xx:-0} + ${socket:-0} ))
  local who; who=$([ "$1" = one ] && echo "one patient (450 KB prefetch)" || echo "48 varied patients")
  local pace; pace=$([ "$2" = 0 ] && echo "no think time" || echo "think ${2} ms")
  local cpu; cpu=$(awk -v ms=$(( cpu_after - cpu_before )) -v n="$requests" 'BEGIN { printf "%.1f", (n > 0 ? ms / n : 0) }')
  local short=""; [ "$requests" -ge $(( per_run - warm_tokens - 1 - threads * connections )) ] && short=" (tokens ran out: the run ended early)"
  echo "order-sign, $who, $connections clients, $pace, context cache $3, ${seconds}s: ${rps} requests/s, p50 ${p50}, p99 ${p99}, errors ${errors} (non-2xx ${non2xx:-0}, socket ${socket:-0}), service CPU ${cpu} ms/request${short}"
}

if $suite; then
  for cache in on off; do
    start_server "$cache"
    for patients in one varied; do
      for think in 0 1000-2000; do measure "$patients" "$think" "$cache"; done
    done
    stop_server
  done
else
  start_server "$cache"
  measure "$patients" "$think" "$cache"
fi
