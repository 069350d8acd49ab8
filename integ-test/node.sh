#!/usr/bin/env bash
# Helpers shared by run.sh and demo.sh: build the plugin zip and the deterministic bundle, fetch the
# OpenSearch 3.8.0 distribution through Maven, install the plugin, start a single node on 127.0.0.1 as
# user nobody with its own data and logs, index the ESCI products, and stop the node by its pid.
# Source it from the repository root; it defines functions and globals, and runs nothing itself.

: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_HOME
OS_VERSION=3.8.0
REPO_ROOT=$(pwd)
SUFFIX=${PRECTR_BUILD_SUFFIX:-}                      # the Maven build folder is target$SUFFIX
WORK=${PRECTR_INTEG_WORK:-$REPO_ROOT/build/integ}    # gitignored: the downloaded distribution, reused
# The node's own folder lives under /tmp: the node runs as nobody, who may not traverse the checkout's
# parents (e.g. /root). Removed after a successful run, kept (and printed) after a failure.
NODE_ROOT=
ESCI=${PRECTR_ESCI_DIR:-$REPO_ROOT/../shared/data/esci150}
PLUGIN_ZIP=$REPO_ROOT/src/opensearch/target$SUFFIX/prectr-0.1.0.zip
ONNX_JAR=$REPO_ROOT/src/onnx/target$SUFFIX/prectr-onnx-0.1.0.jar
ONNX_CP=$REPO_ROOT/src/onnx/target$SUFFIX/classpath.txt
# The bundle served: esci-demo (the hand-set deterministic bundle, written into config/prectr/models by
# write_bundle) or a bundle shipped in the plugin zip, such as the trainer's default esci-v2.
BUNDLE=${PRECTR_BUNDLE:-esci-demo}
NODE_HOME= NODE_PID_FILE= PORT= BASE=

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "FAIL: $*"; exit 1; }

# Builds the plugin zip and the bundle writer when they are missing or older than their sources.
build_if_needed() {
  [ -x "$JAVA_HOME/bin/java" ] || die "no JDK at $JAVA_HOME (set JAVA_HOME to a JDK 21+)"
  if [ ! -f "$PLUGIN_ZIP" ] || [ ! -f "$ONNX_JAR" ] || [ ! -f "$ONNX_CP" ] \
     || [ -n "$(find src/core/main src/onnx/main src/opensearch/main plugin-descriptor.properties models pom.xml \
                 src/*/pom.xml -newer "$PLUGIN_ZIP" -print -quit 2>/dev/null)" ]; then
    log "building the plugin zip and the bundle writer (mvn package -DskipTests)"
    mvn -B -q -pl src/opensearch,src/onnx -am -Dprectr.build.suffix="$SUFFIX" package -DskipTests >&2 \
      || die "maven build failed"
  fi
  [ -f "$PLUGIN_ZIP" ] || die "no plugin zip at $PLUGIN_ZIP"
}

# Fetches the distribution through Maven (once) and unpacks a fresh copy for this run.
prepare_node() {
  mkdir -p "$WORK"
  local zip=$WORK/opensearch-$OS_VERSION.zip
  if [ ! -f "$zip" ]; then
    log "fetching org.opensearch.distribution.integ-test-zip:opensearch:$OS_VERSION:zip through Maven"
    mvn -B -q dependency:copy -Dartifact=org.opensearch.distribution.integ-test-zip:opensearch:$OS_VERSION:zip \
      -DoutputDirectory="$WORK" >&2 || die "cannot fetch the OpenSearch distribution"
  fi
  NODE_ROOT=$(mktemp -d /tmp/prectr-node.XXXXXX)
  chmod 755 "$NODE_ROOT"
  NODE_HOME=$NODE_ROOT/opensearch-$OS_VERSION
  unzip -q "$zip" -d "$NODE_ROOT" || die "cannot unpack $zip"
}

install_plugin() {
  local started=$SECONDS
  OPENSEARCH_JAVA_HOME=$JAVA_HOME "$NODE_HOME/bin/opensearch-plugin" install --batch "file://$PLUGIN_ZIP" >"$NODE_ROOT/install.log" 2>&1 \
    || { cat "$NODE_ROOT/install.log" >&2; die "plugin install failed"; }
  log "plugin installed in $((SECONDS - started)) s ($(du -h "$PLUGIN_ZIP" | cut -f1) zip)"
}

# Writes the deterministic bundle (prectr-onnx) into the node's config/prectr/models when it is the
# bundle served.
write_bundle() {
  local dir=$NODE_HOME/config/prectr/models
  [ "$BUNDLE" = esci-demo ] || return 0   # other bundles ship in the plugin zip's models/ folder
  mkdir -p "$dir"
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$ONNX_JAR:$(cat "$ONNX_CP")" \
    org.prectr.onnx.DeterministicBundleWriter "$dir" "$BUNDLE" >"$NODE_ROOT/bundle-writer.log" 2>&1 \
    || { cat "$NODE_ROOT/bundle-writer.log" >&2; die "cannot write the bundle"; }
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# The first port from 9250 whose http and transport (+100) ports are both free.
choose_port() {
  local p
  for p in $(seq 9250 9299); do
    if ! port_in_use "$p" && ! port_in_use $((p + 100)); then PORT=$p; BASE=http://127.0.0.1:$p; return; fi
  done
  die "no free port in 9250-9299"
}

configure_node() {
  choose_port
  mkdir -p "$NODE_ROOT/data" "$NODE_ROOT/logs"
  cat >>"$NODE_HOME/config/opensearch.yml" <<YML
cluster.name: prectr-integ
node.name: $(basename "$NODE_ROOT")
network.host: 127.0.0.1
http.port: $PORT
transport.port: $((PORT + 100))
discovery.type: single-node
path.data: $NODE_ROOT/data
path.logs: $NODE_ROOT/logs
YML
  # OpenSearch refuses to run as root: the node runs as nobody, which must own its folders.
  chown -R nobody:nogroup "$NODE_ROOT"
}

# Starts the node (daemonised, pid file) and waits for yellow; sets NODE_START_SECONDS.
start_node() {
  NODE_PID_FILE=$NODE_ROOT/opensearch.pid
  local started=$SECONDS
  runuser -u nobody -- env OPENSEARCH_JAVA_HOME="$JAVA_HOME" OPENSEARCH_JAVA_OPTS="-Xms512m -Xmx1g" \
    "$NODE_HOME/bin/opensearch" -d -p "$NODE_PID_FILE" >/dev/null 2>&1 || die "the node did not start; see $NODE_ROOT/logs"
  local i name
  name=$(basename "$NODE_ROOT")
  for i in $(seq 1 180); do
    # Another script may have taken the port meanwhile: only our node (by name) counts, and only while our pid lives.
    kill -0 "$(cat "$NODE_PID_FILE" 2>/dev/null || echo 999999999)" 2>/dev/null || [ "$i" -lt 15 ] \
      || { tail -30 "$NODE_ROOT/logs/prectr-integ.log" >&2 || true; die "the node exited; see $NODE_ROOT/logs"; }
    if [ "$(curl -sf -m 2 "$BASE/" 2>/dev/null | jq -r '.name' 2>/dev/null)" = "$name" ] \
       && curl -sf -m 2 "$BASE/_cluster/health?wait_for_status=yellow&timeout=1s" >/dev/null 2>&1; then
      NODE_START_SECONDS=$((SECONDS - started))
      log "node up on $BASE in $NODE_START_SECONDS s (pid $(cat "$NODE_PID_FILE"))"
      return
    fi
    sleep 1
  done
  tail -50 "$NODE_ROOT/logs/prectr-integ.log" >&2 || true
  die "the node was not yellow after 180 s"
}

# EXIT trap: stops the node, then removes its folder if the script succeeded.
finish() {
  local status=$?
  stop_node
  if [ -n "${NODE_ROOT:-}" ] && [ -d "$NODE_ROOT" ]; then
    if [ "$status" = 0 ]; then rm -rf "$NODE_ROOT"; else log "node folder kept for inspection: $NODE_ROOT"; fi
  fi
  return "$status"
}

# Stops the node by its pid (never by name); safe to call twice and when it never started.
stop_node() {
  [ -n "${NODE_PID_FILE:-}" ] && [ -f "$NODE_PID_FILE" ] || return 0
  local pid
  pid=$(cat "$NODE_PID_FILE")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    local i
    for i in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$pid" 2>/dev/null; then log "node $pid did not stop in 30 s: SIGKILL"; kill -9 "$pid" 2>/dev/null || true; fi
    log "node $pid stopped"
  fi
  rm -f "$NODE_PID_FILE"
}

# curl wrapper: METHOD PATH [BODY-FILE]; prints the body and sets HTTP_STATUS (so call it directly,
# with output redirected to a file, never inside $(...) or a pipe, where the status would be lost).
call() {
  local method=$1 path=$2 body=${3:-}
  local out=$NODE_ROOT/last-response.json
  if [ -n "$body" ]; then
    HTTP_STATUS=$(curl -s -o "$out" -w '%{http_code}' -X "$method" "$BASE$path" -H 'Content-Type: application/json' --data-binary "@$body")
  else
    HTTP_STATUS=$(curl -s -o "$out" -w '%{http_code}' -X "$method" "$BASE$path")
  fi
  cat "$out"
}

# Creates INDEX from ESCI-150's schema.json (without index.knn and the knn_vector field, which need the
# k-NN plugin), with index.prectr.model set, and bulk-loads the 6,764 products. With "portable" as the
# second argument, text fields use the built-in standard analyzer instead of the schema's stemmer (which
# Elasticsearch's integ-test distribution lacks), so that OpenSearch and Elasticsearch index the same terms.
index_esci() {
  local index=$1 portable=${2:-}
  [ -f "$ESCI/schema.json" ] || die "ESCI-150 not found at $ESCI (set PRECTR_ESCI_DIR)"
  jq --arg model "$BUNDLE" --arg portable "$portable" 'del(.settings.index.knn) | del(.mappings.properties.title_embedding)
      | .settings.index.prectr = {model: $model}
      | if $portable == "" then . else del(.settings.analysis)
          | .mappings.properties |= with_entries(if .value.analyzer then .value.analyzer = "standard" else . end) end' \
      "$ESCI/schema.json" >"$NODE_ROOT/index.json"
  call PUT "/$index" "$NODE_ROOT/index.json" >/dev/null
  [ "$HTTP_STATUS" = 200 ] || die "index creation: HTTP $HTTP_STATUS $(cat "$NODE_ROOT/last-response.json")"
  rm -rf "$NODE_ROOT/bulk" && mkdir -p "$NODE_ROOT/bulk"
  unzip -p "$ESCI/esci_us_ecommerce_shrunk.ndjson.zip" \
    | sed "s/\"_index\": *\"ecommerce\"/\"_index\": \"$index\"/" \
    | split -l 2000 - "$NODE_ROOT/bulk/part-"
  local part errors
  for part in "$NODE_ROOT/bulk"/part-*; do
    call POST "/_bulk" "$part" >"$NODE_ROOT/bulk-response.json"
    errors=$(jq '.errors' "$NODE_ROOT/bulk-response.json")
    [ "$HTTP_STATUS" = 200 ] && [ "$errors" = false ] || die "bulk load of $part: HTTP $HTTP_STATUS errors=$errors"
  done
  call POST "/$index/_refresh" >/dev/null
  local count
  call GET "/$index/_count" >"$NODE_ROOT/count.json"
  count=$(jq '.count' "$NODE_ROOT/count.json")
  log "indexed $count ESCI products into [$index]"
  INDEXED_COUNT=$count
}

# Everything up to a node serving INDEX with the ESCI products: build, install the plugin, write the
# bundle, start the node, load the products.
start_node_with_esci() {
  build_if_needed
  prepare_node
  install_plugin
  write_bundle
  configure_node
  start_node
  index_esci "$1"
}

# A search body: the query text, first-phase size, and an optional user (JSON) for the rescorer.
# search_body QUERY SIZE [WINDOW USER-JSON [EXTRA-PRECTR-JSON]]
search_body() {
  local query=$1 size=$2 window=${3:-} user=${4:-null} extra=${5:-'{}'}
  if [ -z "$window" ]; then
    jq -n --arg q "$query" --argjson size "$size" '{size: $size, query: {match: {title: $q}}, _source: ["title"]}'
  else
    jq -n --arg q "$query" --argjson size "$size" --argjson window "$window" --argjson user "$user" --argjson extra "$extra" \
      '{size: $size, query: {match: {title: $q}}, _source: ["title"],
        rescore: {window_size: $window, prectr: ({query_text: $q} + (if $user == null then {} else {user: $user} end) + $extra)}}'
  fi
}

# The two users of the demo and the test: the same query in their histories, different grades clicked.
strict_user() {
  jq -n --arg q "$1" '{id: "strict-shopper", features: {segment: "returning", age_bucket: 4},
    history: [{query: $q, grade: 3, clicked: true}, {query: $q, item: "B0", grade: 1, clicked: false}, {query: $q, grade: 3, clicked: true}]}'
}
lenient_user() {
  jq -n --arg q "$1" '{id: "lenient-shopper", features: {segment: "new", age_bucket: 2},
    history: [{query: $q, grade: 2, clicked: true}, {query: $q, grade: 1, clicked: true}, {query: $q, grade: 2, clicked: true}]}'
}

# Simulated User Behavior Insights logs of two shoppers, written into ubi_queries and ubi_events with
# the UBI plugin's mappings (integ-test/ubi-mappings.json): for QUERY, "strict-ubi" clicked N products
# that ESCI judges exact matches, "lenient-ubi" clicked N that it judges substitutes, complements or
# irrelevant (what a shopper who takes whatever is shown clicks). No grade is written anywhere: the
# rescorer infers the grades of these clicks with the model (docs/request.md "Personalisation").
# load_ubi_shoppers QUERY [N]
load_ubi_shoppers() {
  local query=$1 n=${2:-4} index
  local judgments=$ESCI/esci_us_judgments_dev.json
  [ -f "$judgments" ] || die "no ESCI judgments at $judgments"
  for index in ubi_events ubi_queries; do
    jq --arg i "$index" '.[$i]' "$REPO_ROOT/integ-test/ubi-mappings.json" >"$NODE_ROOT/ubi-$index.json"
    call PUT "/$index" "$NODE_ROOT/ubi-$index.json" >/dev/null
    [ "$HTTP_STATUS" = 200 ] || die "creating $index: HTTP $HTTP_STATUS $(cat "$NODE_ROOT/last-response.json")"
  done
  local now
  now=$(date -u +%s)
  jq -r --arg q "$query" --argjson n "$n" --argjson now "$now" '
      (.judgmentRatings[] | select(.query == $q) | .ratings) as $r
      | ([$r[] | select(.rating == "100.000") | .docId][:$n] | map({user: "strict-ubi", item: .}))
        + ([$r[] | select(.rating != "100.000") | .docId][:$n] | map({user: "lenient-ubi", item: .}))
      | to_entries[] | .key as $k | .value
      | ($now - 3600 + 60 * $k | todate) as $t | ("q-" + .user + "-" + ($k | tostring)) as $qid
      | ({index: {_index: "ubi_queries"}} | tojson),
        ({query_id: $qid, user_query: $q, client_id: .user, query_response_hit_ids: [.item], timestamp: $t} | tojson),
        ({index: {_index: "ubi_events"}} | tojson),
        ({application: "prectr-demo", action_name: "click", client_id: .user, query_id: $qid, user_query: $q,
          message_type: "INFO", timestamp: $t,
          event_attributes: {object: {object_id: .item, object_id_field: "asin"}, position: {ordinal: ($k % 5)}}} | tojson)
    ' "$judgments" >"$NODE_ROOT/ubi-bulk.ndjson"
  [ -s "$NODE_ROOT/ubi-bulk.ndjson" ] || die "no judgments for [$query] to simulate shoppers from"
  call POST "/_bulk?refresh=true" "$NODE_ROOT/ubi-bulk.ndjson" >"$NODE_ROOT/ubi-bulk-response.json"
  [ "$HTTP_STATUS" = 200 ] && [ "$(jq '.errors' "$NODE_ROOT/ubi-bulk-response.json")" = false ] \
    || die "loading the UBI events: HTTP $HTTP_STATUS $(head -c 400 "$NODE_ROOT/ubi-bulk-response.json")"
  log "loaded $(($(wc -l <"$NODE_ROOT/ubi-bulk.ndjson") / 4)) simulated UBI searches and clicks (strict-ubi, lenient-ubi)"
}
