#!/usr/bin/env bash
# Load test of the CDS Hooks order-sign service: loopback only, bounded in time.
# SmartReasoning runs as `smartreasoning serve --sandbox false` with the embedded guideline reasoner and one trusted
# CDS client whose ES384 key is made for the run. Each request is the order-sign call an EHR makes when metformin is
# signed for the synthetic kidney-disease patient, with the full prefetch (no fetch back to an EHR), and carries its
# own signed JWT (a fresh jti; all signed beforehand). wrk (a second process) sends them over N connections, each
# sending its next request when the last is answered, after a think time when one is given (a clinician does not sign
# an order the instant the last answer arrives); the summary gives requests/s, p50, p99 and non-2xx answers.
# Usage: bench/cds-load.sh [connections=200] [seconds=15] [think-ms=0]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
connections=${1:-200}
seconds=${2:-15}
think=${3:-0}
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk" >&2; exit 2; }
command -v curl >/dev/null || { echo "curl is needed: apt-get install -y curl" >&2; exit 2; }
[[ "$connections" =~ ^[0-9]+$ ]] && [ "$connections" -ge 1 ] && [ "$connections" -le 1000 ] || { echo "connections must be 1..1000" >&2; exit 2; }
[[ "$seconds" =~ ^[0-9]+$ ]] && [ "$seconds" -ge 1 ] && [ "$seconds" -le 300 ] || { echo "seconds must be 1..300" >&2; exit 2; }
[[ "$think" =~ ^[0-9]+$ ]] && [ "$think" -le 60000 ] || { echo "think-ms must be 0..60000" >&2; exit 2; }
warmup=3
threads=2
# Enough tokens for 6,000 requests a second, more than this service answers on the 2-core machine; wrk stops early if they run out.
tokens=$(( (seconds + warmup) * 6000 ))

work=$(mktemp -d)
server=""
stop() {
  [ -n "$server" ] && { kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; }
  rm -rf "$work"
}
trap stop EXIT
trap 'exit 130' INT TERM

# A loopback port nothing listens on (the tokens name the URL, so it is chosen before the service starts).
port=$(( 20000 + RANDOM % 20000 ))
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$(( port + 1 )); done
url="http://127.0.0.1:$port/cds-services/smartreasoning-order-sign"
echo "signing $tokens tokens..."
dotnet run -c Release --project "$root/bench/SmartReasoning.Benchmarks" -- cds-load-setup "$work" "$url" "$tokens" >/dev/null

"$root/smartreasoning" serve --port "$port" --sandbox false --cds-clients "$work/clients.json" --feedback-db "$work/feedback.db" >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 600); do
  curl -sf "http://127.0.0.1:$port/cds-services" >/dev/null && break
  kill -0 "$server" 2>/dev/null || { echo "the service stopped:" >&2; cat "$work/serve.log" >&2; exit 1; }
  sleep 0.5
done

# The service must answer the request with the expected card, or the numbers mean nothing.
first=$(head -n 1 "$work/tokens.txt")
answer=$(curl -sf -H "Authorization: Bearer $first" -H 'Content-Type: application/json' --data-binary @"$work/body.json" "$url") ||
  { echo "the service refused the first request:" >&2; cat "$work/serve.log" >&2; exit 1; }
echo "$answer" | grep -q '"indicator":"critical"' || { echo "no critical card in the answer: $answer" >&2; exit 1; }

# wrk's script: each thread sends the tokens from the run's starting index (an argument) on, interleaved with the other
# threads', so no jti is ever sent twice, across threads or runs.
cat >"$work/order-sign.lua" <<LUA
local tokens = {}
for line in io.lines("$work/tokens.txt") do tokens[#tokens + 1] = line end
local file = io.open("$work/body.json", "rb"); local body = file:read("*a"); file:close()
local threads, created = $threads, 0
function setup(thread) thread:set("index", created); created = created + 1 end
function init(args) next_token = tonumber(args[1]) + index end
function delay() return $think end
function request()
  local token = tokens[next_token]
  if token == nil then wrk.thread:stop(); token = "exhausted" end
  next_token = next_token + threads
  return wrk.format("POST", nil, { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }, body)
end
LUA

# wrk runs from a token index on; prints its report. The next run starts after every token this one may have used.
run() { wrk -t"$threads" -c"$connections" -d"${1}s" --latency -s "$work/order-sign.lua" "$url" -- "$2"; }
requests() { echo "$1" | awk '/requests in/ { print $1 }'; }
warm=$(run "$warmup" 2)
start=$(( 2 + $(requests "$warm") + threads * connections ))
out=$(run "$seconds" "$start")
echo "$out"
rps=$(echo "$out" | awk '/Requests\/sec/ { print $2 }')
p50=$(echo "$out" | awk '$1 == "50%" { print $2 }')
p99=$(echo "$out" | awk '$1 == "99%" { print $2 }')
errors=$(echo "$out" | awk '/Non-2xx/ { print $5 }')
echo "order-sign, $connections connections, think ${think} ms, ${seconds}s: ${rps} requests/s, p50 ${p50}, p99 ${p99}, non-2xx ${errors:-0}"
