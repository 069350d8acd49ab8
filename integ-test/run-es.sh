#!/usr/bin/env bash
# Real-node test of the prectr plugin on Elasticsearch 8.19.21 (integ-test distribution, fetched through
# Maven, on the JDK 17 at ES_JAVA_HOME) with the built zip prectr-es-0.1.0.zip installed and the 6,764
# ESCI-150 products indexed. Serves the default bundle esci-v2 from the plugin's own models/ folder and
# checks that a personalised query is reordered, that explain equals the score and decomposes it, that
# bad requests are HTTP 400s naming the field, and that the scores equal the OpenSearch node's for the
# same query and user (written by integ-test/run.sh to build/integ/esci-v2-scores.json; run it first).
# Stops the node by its pid on every exit. Exits non-zero on any failure.
# Usage (from anywhere, as root on a fresh machine): bash integ-test/run.sh && bash integ-test/run-es.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export PRECTR_BUNDLE=esci-v2
source integ-test/node.sh
trap finish EXIT

ES_VERSION=8.19.21
: "${ES_JAVA_HOME:=/usr/lib/jvm/java-17-openjdk-amd64}"
ES_ZIP=$REPO_ROOT/src/elasticsearch/target$SUFFIX/prectr-es-0.1.0.zip
REFERENCE=$WORK/esci-v2-scores.json      # written by integ-test/run.sh (OpenSearch)
QUERY=${PRECTR_QUERY:-mens slippers}
SIZE=10
WINDOW=50
INDEX=esci
CHECKS=0
pass() { CHECKS=$((CHECKS + 1)); log "ok: $*"; }

[ -x "$ES_JAVA_HOME/bin/java" ] || die "no JDK 17 at $ES_JAVA_HOME (set ES_JAVA_HOME)"
[ -f "$REFERENCE" ] || die "no OpenSearch reference scores at $REFERENCE: run integ-test/run.sh first"
[ -z "$(find models/esci-v2 -newer "$REFERENCE" -print -quit)" ] \
  || die "models/esci-v2 changed after $REFERENCE was written: run integ-test/run.sh again"

if [ ! -f "$ES_ZIP" ] || [ -n "$(find src/core/main src/elasticsearch/main models pom.xml src/*/pom.xml -newer "$ES_ZIP" -print -quit)" ]; then
  log "building the Elasticsearch plugin zip (mvn package -DskipTests)"
  mvn -B -q -pl src/elasticsearch -am -Dprectr.build.suffix="$SUFFIX" package -DskipTests >&2 || die "maven build failed"
fi

mkdir -p "$WORK"
dist=$WORK/elasticsearch-$ES_VERSION.zip
if [ ! -f "$dist" ]; then
  log "fetching org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip through Maven"
  mvn -B -q dependency:copy -Dartifact=org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip \
    -DoutputDirectory="$WORK" >&2 || die "cannot fetch the Elasticsearch distribution"
fi
NODE_ROOT=$(mktemp -d /tmp/prectr-es-node.XXXXXX)
chmod 755 "$NODE_ROOT"
NODE_HOME=$NODE_ROOT/elasticsearch-$ES_VERSION
unzip -q "$dist" -d "$NODE_ROOT" || die "cannot unpack $dist"

started=$SECONDS
env -u JAVA_HOME ES_JAVA_HOME="$ES_JAVA_HOME" "$NODE_HOME/bin/elasticsearch-plugin" install --batch "file://$ES_ZIP" >"$NODE_ROOT/install.log" 2>&1 \
  || { cat "$NODE_ROOT/install.log" >&2; die "plugin install failed"; }
log "plugin installed in $((SECONDS - started)) s ($(du -h "$ES_ZIP" | cut -f1) zip)"

choose_port
mkdir -p "$NODE_ROOT/data" "$NODE_ROOT/logs"
cat >>"$NODE_HOME/config/elasticsearch.yml" <<YML
cluster.name: prectr-integ
node.name: $(basename "$NODE_ROOT")
network.host: 127.0.0.1
http.port: $PORT
transport.port: $((PORT + 100))
discovery.type: single-node
path.data: $NODE_ROOT/data
path.logs: $NODE_ROOT/logs
xpack.security.enabled: false
cluster.routing.allocation.disk.threshold_enabled: false
YML
# Elasticsearch refuses to run as root: the node runs as nobody, which must own its folders.
chown -R nobody:nogroup "$NODE_ROOT"

NODE_PID_FILE=$NODE_ROOT/elasticsearch.pid
started=$SECONDS
runuser -u nobody -- env -u JAVA_HOME ES_JAVA_HOME="$ES_JAVA_HOME" ES_JAVA_OPTS="-Xms512m -Xmx1g" \
  "$NODE_HOME/bin/elasticsearch" -d -p "$NODE_PID_FILE" >"$NODE_ROOT/start.log" 2>&1 \
  || { cat "$NODE_ROOT/start.log" >&2; die "the node did not start; see $NODE_ROOT/logs"; }
name=$(basename "$NODE_ROOT")
for i in $(seq 1 180); do
  kill -0 "$(cat "$NODE_PID_FILE" 2>/dev/null || echo 999999999)" 2>/dev/null || [ "$i" -lt 15 ] \
    || { tail -30 "$NODE_ROOT/logs/prectr-integ.log" >&2 || true; die "the node exited; see $NODE_ROOT/logs"; }
  # (the integ-test distribution has no rest-root module: GET / is not served, so ask _nodes/_local)
  if [ "$(curl -sf -m 2 "$BASE/_nodes/_local?filter_path=nodes.*.name" 2>/dev/null | jq -r '.nodes[].name' 2>/dev/null)" = "$name" ] \
     && curl -sf -m 2 "$BASE/_cluster/health?wait_for_status=yellow&timeout=1s" >/dev/null 2>&1; then
    break
  fi
  [ "$i" -lt 180 ] || { tail -50 "$NODE_ROOT/logs/prectr-integ.log" >&2 || true; die "the node was not yellow after 180 s"; }
  sleep 1
done
NODE_START_SECONDS=$((SECONDS - started))
log "Elasticsearch $ES_VERSION up on $BASE in $NODE_START_SECONDS s (pid $(cat "$NODE_PID_FILE"), $("$ES_JAVA_HOME/bin/java" -version 2>&1 | head -1))"

index_esci "$INDEX" portable   # the integ-test distribution has no stemmer (analysis-common module)
[ "$INDEXED_COUNT" = 6764 ] || die "expected 6764 products, indexed $INDEXED_COUNT"
pass "6764 ESCI products indexed"

B=$NODE_ROOT/bodies
mkdir -p "$B"
strict_user "$QUERY" >"$B/strict.json"
lenient_user "$QUERY" >"$B/lenient.json"
search_body "$QUERY" $SIZE >"$B/bm25.json"
ids() { jq -c '[.hits.hits[]._id]'; }
call POST "/$INDEX/_search" "$B/bm25.json" >"$B/r-bm25.json"
[ "$HTTP_STATUS" = 200 ] || die "BM25 search: HTTP $HTTP_STATUS"

# The request run.sh sends to OpenSearch for its reference: the strict user, window 50, esci-v2, explain.
for user in strict lenient; do
  search_body "$QUERY" $SIZE $WINDOW "$(cat "$B/$user.json")" '{"model": "esci-v2"}' | jq '. + {explain: true}' >"$B/q-$user.json"
  call POST "/$INDEX/_search" "$B/q-$user.json" >"$B/r-$user.json"
  [ "$HTTP_STATUS" = 200 ] || die "rescored search ($user): HTTP $HTTP_STATUS $(cat "$B/r-$user.json")"
  jq -e --argjson size $SIZE '(.hits.hits | length) == $size and ._shards.failed == 0
      and ([.hits.hits[]._score] | (all(. > 0 and . < 1)) and (. == (sort | reverse)))' "$B/r-$user.json" >/dev/null \
    || die "rescored search ($user): wrong hits or unsorted scores: $(head -c 600 "$B/r-$user.json")"
  [ "$(ids <"$B/r-$user.json")" != "$(ids <"$B/r-bm25.json")" ] || die "the $user user's order equals BM25's"
done
pass "rescored order (esci-v2 from the plugin zip) differs from BM25 for both users"

# explain: the value equals the score, and the model score equals sigmoid(logit(sum_i c_i p_i) + tau)
for user in strict lenient; do
  bad=$(jq -r '[.hits.hits[] | . as $h | $h._explanation as $e | ($e.details[1]) as $m
      | ($m.details[0].details | map(.details[0].value * .details[1].value) | add) as $fused
      | ($m.details[1].value) as $tau
      | (1 / (1 + ((1 - $fused) / $fused) * ((0 - $tau) | exp))) as $model
      | select((($e.value - $h._score) | fabs) > 1e-6 or (($model - $m.value) | fabs) > 1e-4
               or ($e.description | startswith("prectr [esci-v2] version [") | not))
      | $h._id] | join(",")' "$B/r-$user.json")
  [ -z "$bad" ] || die "explain does not match the score ($user) for: $bad"
done
pass "explain value == score for every hit, and the model score == sigmoid(logit(sum c_i p_i) + tau) from its parts"

# The same scores as the OpenSearch node for the same query, user, window and bundle.
jq -n --slurpfile os "$REFERENCE" --slurpfile es "$B/r-strict.json" --arg q "$QUERY" --argjson window $WINDOW '
    ($os[0]) as $ref | ($es[0].hits.hits | map({id: ._id, score: ._score})) as $mine
    | if $ref.query != $q or $ref.window != $window or $ref.user != "strict"
      then error("the reference is for another request: \($ref | del(.hits))") else . end
    | {ref: $ref.hits, mine: $mine}' >"$B/compare.json" || die "cannot compare with $REFERENCE"
# Compared by id (two hits whose scores differ by less than float noise may swap places).
diff_report=$(jq -r '(.ref | map({(.id): .score}) | add) as $r | (.mine | map({(.id): .score}) | add) as $m
    | if ($r | keys) != ($m | keys) then "different hits: OpenSearch \($r | keys) vs Elasticsearch \($m | keys)"
      else ([$r | keys[] | select((($r[.] - $m[.]) | fabs) > 1e-4) | "\(.): OpenSearch \($r[.]) vs Elasticsearch \($m[.])"]
            | join("; ")) end' "$B/compare.json")
[ -z "$diff_report" ] || die "Elasticsearch and OpenSearch disagree: $diff_report"
max_diff=$(jq -r '(.mine | map({(.id): .score}) | add) as $m | [.ref[] | ((.score - $m[.id]) | fabs)] | max' "$B/compare.json")
same_order=$(jq -r '(.ref | map(.id)) == (.mine | map(.id))' "$B/compare.json")
pass "the same 10 hits as the OpenSearch node (same order: $same_order), scores within 1e-4 (largest difference $max_diff)"

bad_request() {
  local name=$1 field=$2 body=$3
  echo "$body" >"$B/bad.json"
  local response
  call POST "/$INDEX/_search" "$B/bad.json" >"$B/bad-response.json"
  response=$(cat "$B/bad-response.json")
  [ "$HTTP_STATUS" = 400 ] || die "$name: expected HTTP 400, got $HTTP_STATUS: $response"
  echo "$response" | jq -e --arg f "$field" '(.error.root_cause[0].reason // "") | contains($f)' >/dev/null \
    || die "$name: the error does not name [$field]: $response"
  log "  400 for $name: $(echo "$response" | jq -r '.error.root_cause[0].reason')"
}
base=$(search_body "$QUERY" $SIZE $WINDOW null)
bad_request "blank query_text" "[query_text]" "$(echo "$base" | jq '.rescore.prectr.query_text = "  "')"
bad_request "unknown score_mode" "[score_mode]" "$(echo "$base" | jq '.rescore.prectr.score_mode = "max"')"
bad_request "model outside its folder" "[model]" "$(echo "$base" | jq '.rescore.prectr.model = "../../etc"')"
bad_request "history grade out of range" "[user.history[0].grade]" \
  "$(echo "$base" | jq '.rescore.prectr.user = {history: [{query: "slippers", grade: 9}]}')"
bad_request "unknown field" "[colour]" "$(echo "$base" | jq '.rescore.prectr.colour = "red"')"
pass "5 malformed requests got HTTP 400 naming the field"

total=0
for i in $(seq 1 10); do
  t=$(curl -s -o /dev/null -w '%{time_total}' -X POST "$BASE/$INDEX/_search" -H 'Content-Type: application/json' --data-binary "@$B/q-strict.json")
  total=$(awk -v a="$total" -v b="$t" 'BEGIN { print a + b }')
done

echo
echo "== integ-test/run-es.sh: PASSED ($CHECKS checks)"
echo "   Elasticsearch        : $ES_VERSION on $("$ES_JAVA_HOME/bin/java" -version 2>&1 | head -1)"
echo "   node start to yellow : ${NODE_START_SECONDS} s"
echo "   plugin zip           : $(du -h "$ES_ZIP" | cut -f1) ($ES_ZIP)"
echo "   rescored query       : $(awk -v t="$total" 'BEGIN { printf "%.1f", 100 * t }') ms average over 10 (window $WINDOW, explain on)"
echo "   vs OpenSearch        : same hits, largest score difference $max_diff"
