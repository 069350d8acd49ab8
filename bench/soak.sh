#!/usr/bin/env bash
# Soak benchmark of the prectr plugin (issue 6, NOT in CI): one real OpenSearch 3.8.0 node on 127.0.0.1
# with the plugin, the 6,764 ESCI-150 products, and a bundle uploaded through the model API
# (PUT _plugins/_prectr/models/soak). CLIENTS concurrent clients send rescored searches (strict and
# lenient user, 10 ESCI queries) for DURATION seconds, while the bundle is replaced through the API
# every REPLACE seconds (two variants alternate: in-flight searches must never see a closed session).
# Every SAMPLE seconds it records heap used (_nodes/stats/jvm), the node's RSS (/proc) and the
# plugin's stats. Passes when there were 0 non-200 answers, the post-GC heap floor of the last third
# grew by at most 20 % over the first third, and RSS grew by at most 10 % after the first third.
# Writes $WORK/soak.md. Stops the node by its pid on every exit.
#
#   bash bench/soak.sh                       # 10 minutes, 8 clients (what docs/reliability.md reports)
#   DURATION=60 CLIENTS=4 bash bench/soak.sh # a short run while developing
set -euo pipefail
cd "$(dirname "$0")/.."
export PRECTR_INTEG_WORK=${PRECTR_INTEG_WORK:-$(pwd)/build/soak}
source integ-test/node.sh
trap 'st=$?; kill $(jobs -p) 2>/dev/null; (exit $st); finish' EXIT

DURATION=${DURATION:-600} CLIENTS=${CLIENTS:-8} SAMPLE=${SAMPLE:-15} REPLACE=${REPLACE:-120} WINDOW=${WINDOW:-100}
INDEX=esci MODEL=soak

start_node_with_esci "$INDEX"

# Two variants of the deterministic bundle named "soak": the second differs only in its query preference
# threshold, so each upload is a new version (new SHA-256) with the same contract.
S=$WORK/soak && rm -rf "$S" && mkdir -p "$S/a" "$S/b" "$S/out"
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$ONNX_JAR:$(cat "$ONNX_CP")" \
  org.prectr.onnx.DeterministicBundleWriter "$S/a" "$MODEL" >/dev/null 2>&1 || die "cannot write the bundle"
cp -r "$S/a/$MODEL" "$S/b/"
jq '.query_preferences.similarity_threshold = 0.85' "$S/a/$MODEL/manifest.json" >"$S/b/$MODEL/manifest.json"
for v in a b; do
  python3 - "$S/$v/$MODEL" "$S/upload-$v.json" <<'PY'
import base64, io, json, os, sys, zipfile
folder, out = sys.argv[1], sys.argv[2]
buf = io.BytesIO()
with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
    for name in sorted(os.listdir(folder)):
        z.write(os.path.join(folder, name), name)
json.dump({"bundle": base64.b64encode(buf.getvalue()).decode()}, open(out, "w"))
PY
done
upload() {
  curl -s -o "$S/out/upload.json" -w '%{http_code}' -X PUT "$BASE/_plugins/_prectr/models/$MODEL" \
    -H 'Content-Type: application/json' --data-binary "@$S/upload-$1.json"
}
[ "$(upload a)" = 200 ] || die "upload failed: $(cat "$S/out/upload.json")"
log "uploaded [$MODEL]: $(jq -c '.model | {version, sha256, size_in_bytes}' "$S/out/upload.json")"

QUERIES=("mens slippers" "sandals for women" "makeup" "kindle fire" "wine glasses without stem" "running shoes"
  "phone case" "coffee maker" "dog toys" "laptop stand")
i=0
for q in "${QUERIES[@]}"; do
  for user in strict lenient; do
    search_body "$q" 10 "$WINDOW" "$(${user}_user "$q")" "{\"model\": \"$MODEL\"}" >"$S/body-$i.json"
    i=$((i + 1))
  done
done
BODIES=$i

client() {
  local id=$1 n=0 status
  while [ -f "$S/running" ]; do
    status=$(curl -s -o /dev/null -w '%{http_code}' -m 30 -X POST "$BASE/$INDEX/_search" -H 'Content-Type: application/json' \
      --data-binary "@$S/body-$(( (id + n) % BODIES )).json" || echo 000)
    echo "$status" >>"$S/out/status-$id"
    n=$((n + 1))
  done
}
touch "$S/running"
for c in $(seq 1 "$CLIENTS"); do client "$c" & done
PID=$(cat "$NODE_PID_FILE")
echo "seconds heap_used_bytes rss_bytes requests" >"$S/out/samples.txt"
start=$SECONDS next_replace=$REPLACE variant=b
while [ $((SECONDS - start)) -lt "$DURATION" ]; do
  sleep "$SAMPLE"
  elapsed=$((SECONDS - start))
  heap=$(curl -s "$BASE/_nodes/_local/stats/jvm" | jq '[.nodes[].jvm.mem.heap_used_in_bytes][0]')
  rss=$(( $(awk '/VmRSS/ {print $2}' "/proc/$PID/status") * 1024 ))
  requests=$(cat "$S"/out/status-* 2>/dev/null | wc -l)
  echo "$elapsed $heap $rss $requests" >>"$S/out/samples.txt"
  if [ "$elapsed" -ge "$next_replace" ]; then
    code=$(upload $variant)
    [ "$code" = 200 ] || log "replacement upload answered $code: $(cat "$S/out/upload.json")"
    echo "$code" >>"$S/out/uploads"
    variant=$([ $variant = a ] && echo b || echo a)
    next_replace=$((next_replace + REPLACE))
  fi
done
rm -f "$S/running"
wait $(jobs -p) 2>/dev/null || true

total=$(cat "$S"/out/status-* | wc -l)
errors=$(grep -cv '^200$' <(cat "$S"/out/status-*) || true)
upload_errors=$(grep -cv '^200$' "$S/out/uploads" 2>/dev/null || true)
curl -s "$BASE/_plugins/_prectr/stats" >"$S/out/stats.json"
python3 - "$S/out/samples.txt" "$total" "$errors" "${upload_errors:-0}" "$DURATION" "$CLIENTS" "$WORK/soak.md" "$S/out/stats.json" <<'PY'
import json, sys
samples, total, errors, upload_errors, duration, clients, out, stats = sys.argv[1:9]
rows = [list(map(int, l.split())) for l in open(samples).read().splitlines()[1:]]
third = max(1, len(rows) // 3)
first, last = rows[:third], rows[-third:]
heap_floor_first, heap_floor_last = min(r[1] for r in first), min(r[1] for r in last)
rss_first, rss_last = max(r[2] for r in first), max(r[2] for r in last)
heap_growth = heap_floor_last / heap_floor_first - 1
rss_growth = rss_last / rss_first - 1
node = next(iter(json.load(open(stats))["nodes"].values()))
ok = int(errors) == 0 and int(upload_errors) == 0 and heap_growth <= 0.20 and rss_growth <= 0.10
mb = lambda b: f"{b / 2**20:.0f} MB"
lines = [f"| duration | clients | requests | req/s | non-200 | replacement uploads failed | heap floor first/last third | RSS max first/last third | result |",
         "|---|---|---|---|---|---|---|---|---|",
         f"| {duration} s | {clients} | {total} | {int(total) / int(duration):.1f} | {errors} | {upload_errors} | "
         f"{mb(heap_floor_first)} / {mb(heap_floor_last)} ({heap_growth:+.1%}) | {mb(rss_first)} / {mb(rss_last)} ({rss_growth:+.1%}) | "
         f"{'PASS' if ok else 'FAIL'} |", "",
         f"plugin stats at the end: rescore_requests {node['rescore_requests']}, errors {node['errors']}, "
         f"latency buckets {[(b['le'], b['count']) for b in node['latency_millis'] if b['count']]}"]
open(out, "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
sys.exit(0 if ok else 1)
PY
