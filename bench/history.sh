#!/usr/bin/env bash
# History lookup cost (issue 11): on the demo node (OpenSearch 3.8.0, the 6,764 ESCI-150 products, the
# default bundle), the same rescored query in three variants, interleaved request by request so that
# drift and load hit them alike:
#   none    "user": absent                          (no history)
#   inline  "user": {"id", "history": [4 x {query, item}]}  (grades inferred, items read by multi-get)
#   ubi     "user": {"id"} only                    (4 clicks read from ubi_events/ubi_queries)
# Reports p50/p90 of the client wall time (curl) and of the server's "took" per variant, the load
# average before and after, and the node's preparation stats. Caches are warm after the warm-up (the
# steady state of a returning user): the UBI variant still runs its one search per request.
# Usage: bash bench/history.sh [requests per variant, default 200] [query, default "mens slippers"]
set -euo pipefail
cd "$(dirname "$0")/.."
export PRECTR_BUNDLE=${PRECTR_BUNDLE:-esci-v2}
source integ-test/node.sh
trap finish EXIT
N=${1:-200}
QUERY=${2:-mens slippers}
INDEX=esci SIZE=10 WINDOW=100 WARMUP=20

start_node_with_esci "$INDEX"
load_ubi_shoppers "$QUERY"
B=$NODE_ROOT/bench
mkdir -p "$B"
# the inline variant sends the strict shopper's UBI clicks as history entries (query and item, no grade)
items=$(jq -c '[.judgmentRatings[] | select(.query == "'"$QUERY"'") | .ratings[] | select(.rating == "100.000") | .docId][:4]
    | map({query: "'"$QUERY"'", item: .})' "$ESCI/esci_us_judgments_dev.json")
search_body "$QUERY" $SIZE $WINDOW null >"$B/q-none.json"
search_body "$QUERY" $SIZE $WINDOW "{\"id\": \"inline-user\", \"history\": $items}" >"$B/q-inline.json"
search_body "$QUERY" $SIZE $WINDOW '{"id": "strict-ubi"}' >"$B/q-ubi.json"
for v in none inline ubi; do
  call POST "/$INDEX/_search" "$B/q-$v.json" >"$B/r-$v.json"
  [ "$HTTP_STATUS" = 200 ] || die "$v: HTTP $HTTP_STATUS $(head -c 300 "$B/r-$v.json")"
done

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for i in $(seq 1 $((WARMUP + N))); do
  for v in none inline ubi; do
    line=$(curl -s -o "$B/last.json" -w '%{time_total}' -X POST "$BASE/$INDEX/_search" -H 'Content-Type: application/json' \
      --data-binary "@$B/q-$v.json")
    [ "$i" -le "$WARMUP" ] || echo "$v $line $(jq '.took' "$B/last.json")" >>"$B/times.txt"
  done
done
# Node CPU per search (less sensitive to the machine's load than wall time): blocks of N requests per
# variant, in the order none inline ubi ubi inline none, node process CPU (utime + stime) from /proc.
node_cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$(cat "$NODE_PID_FILE")/stat"; }
TICK_MS=$(awk -v hz="$(getconf CLK_TCK)" 'BEGIN { print 1000 / hz }')
for v in none inline ubi ubi inline none; do
  before=$(node_cpu_ticks)
  for i in $(seq 1 "$N"); do
    curl -s -o /dev/null -X POST "$BASE/$INDEX/_search" -H 'Content-Type: application/json' --data-binary "@$B/q-$v.json"
  done
  echo "$v $(( $(node_cpu_ticks) - before ))" >>"$B/cpu.txt"
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
call GET "/_plugins/_prectr/stats" >"$B/stats.json"

pct() { # VARIANT COLUMN(2 = curl seconds, 3 = took ms) PERCENTILE
  awk -v v="$1" -v c="$2" '$1 == v { print $c }' "$B/times.txt" | sort -g \
    | awk -v p="$3" -v scale="$([ "$2" = 2 ] && echo 1000 || echo 1)" '{ a[NR] = $1 * scale } END { i = int(NR * p / 100); if (i < 1) i = 1; printf "%.2f", a[i] }'
}
echo
echo "== bench/history.sh: $N requests per variant (after $WARMUP warm-up rounds), interleaved; $(date -u +%Y-%m-%dT%H:%MZ)"
echo "   node $BASE, bundle $BUNDLE, $INDEXED_COUNT products, window $WINDOW, size $SIZE, query \"$QUERY\", $(nproc) cores"
echo "   load average before: $load_before   after: $load_after"
printf '   %-7s %12s %12s %12s %12s\n' variant "p50 wall ms" "p90 wall ms" "p50 took ms" "p90 took ms"
for v in none inline ubi; do
  printf '   %-7s %12s %12s %12s %12s\n' "$v" "$(pct $v 2 50)" "$(pct $v 2 90)" "$(pct $v 3 50)" "$(pct $v 3 90)"
done
for v in none inline ubi; do
  printf '   %-7s node CPU per search: %s ms\n' "$v" "$(awk -v v="$v" -v n="$N" -v t="$TICK_MS" '$1 == v { s += $2 } END { printf "%.2f", s * t / (2 * n) }' "$B/cpu.txt")"
done
echo "   ubi - none, p50 wall: $(awk -v a="$(pct ubi 2 50)" -v b="$(pct none 2 50)" 'BEGIN { printf "%.2f ms", a - b }')"
echo "   ubi - inline, p50 wall: $(awk -v a="$(pct ubi 2 50)" -v b="$(pct inline 2 50)" 'BEGIN { printf "%.2f ms", a - b }')"
echo "   coordinating node's per-request work, mean wall ms by history source (node-side, all requests incl. warm-up):"
echo "     $(jq -c '[.nodes[].preparation.on_coordinator_by_history] | .[0] | map_values(.mean_millis * 100 | round / 100)' "$B/stats.json")"
echo "   preparation stats: $(jq -c '[.nodes[].preparation] | .[0] | del(.on_coordinator_by_history)' "$B/stats.json")"
