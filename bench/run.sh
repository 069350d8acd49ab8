#!/usr/bin/env bash
# Real-node load benchmark (issue 5): OpenSearch 3.8.0 + the prectr plugin on 127.0.0.1, a catalog of
# --docs products expanded from the ESCI products (org.prectr.benchmarks.load.CatalogExpansion),
# item embeddings written at index time by the prectr_embedding processor with the served bundle (the
# trained default bundle models/esci-v2 unless --deterministic), then, side by side: BM25 alone, prectr
# at W = 100, 200, 1000, prectr at W = 200 on a copy of the index WITHOUT stored embeddings (query-time
# encoding: the first pass over the queries cold, then again from the item encoding cache), and the
# per-hit transformer baseline (MiniLM item encoder, no usable stored embedding) at W = 100, each with
# 1 and 8 concurrent clients. Writes $WORK/results.md (table + node memory) and $WORK/results.jsonl.
# Bounded: every variant stops after --requests requests or --max-seconds seconds, whichever first.
#
#   bash bench/run.sh                                  # full run: 1,000,000 products (heavy: ~17 min of indexing alone at ~1,000 docs/s)
#   bash bench/run.sh --docs 20000 --requests 60       # short run while developing
#
# Flags (defaults in brackets): --docs [1000000] --requests [300] --warmup [30]
# --baseline-requests [40] --max-seconds [120] --clients ["1 8"] --heap [2g] --shards [1]
# --work [build/bench] --reuse-index (skip install and indexing when WORK holds an indexed node)
# --skip-build (use the plugin zip and benchmarks jar already in target-bench/)
# --deterministic (serve the hand-set deterministic bundle, D = 16, instead of models/esci-v2)
# --source-copy (also a copy without keyword doc values: match text read from _source, "-source" variants)
# --plugin ZIP (with --reuse-index: reinstall this plugin zip first, e.g. an older build, for before/after)
# --precomputed (index without the pipeline: the benchmark writes the stored-embedding fields itself, each
#   copy of an ESCI product with its original's embedding; minutes instead of ~17 min for 1M, see BulkIndexer)
# --pipeline-sample N (with --precomputed: also index N products through the pipeline, once per
#   processor batch_size in "--pipeline-batches" [50 200], to report the pipeline's throughput)
# --plain-docs [all] (documents in the copy without stored embeddings; a bm25 row on it is measured too)
# --profile "CLIENTS:VARIANT ..." (JFR during those variants; top frames of the search threads in
#   $WORK/profile-VARIANT-cCLIENTS.md, see bench/jfr_top.py)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA="$JAVA_HOME/bin/java"
DATA=${PRECTR_DATA:-$ROOT/../shared/data/esci150}

DOCS=1000000 REQUESTS=300 WARMUP=30 BASELINE_REQUESTS=40 MAX_SECONDS=120 CLIENTS="1 8" HEAP=2g SHARDS=1
WORK=$ROOT/build/bench REUSE=0 BUILD=1 DETERMINISTIC=0 SOURCE_COPY=0 PLUGIN_OVERRIDE="" PROFILE="" PRECOMPUTED=0 PLAIN_DOCS="" PIPELINE_SAMPLE=0 PIPELINE_BATCHES="50 200"
while [ $# -gt 0 ]; do
  case $1 in
    --docs) DOCS=$2; shift 2 ;;
    --requests) REQUESTS=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --baseline-requests) BASELINE_REQUESTS=$2; shift 2 ;;
    --max-seconds) MAX_SECONDS=$2; shift 2 ;;
    --clients) CLIENTS=$2; shift 2 ;;
    --heap) HEAP=$2; shift 2 ;;
    --shards) SHARDS=$2; shift 2 ;;
    --work) WORK=$2; shift 2 ;;
    --reuse-index) REUSE=1; shift ;;
    --skip-build) BUILD=0; shift ;;
    --deterministic) DETERMINISTIC=1; shift ;;
    --source-copy) SOURCE_COPY=1; shift ;;
    --plugin) PLUGIN_OVERRIDE=$2; shift 2 ;;
    --profile) PROFILE=$2; shift 2 ;;
    --precomputed) PRECOMPUTED=1; shift ;;
    --plain-docs) PLAIN_DOCS=$2; shift 2 ;;
    --pipeline-sample) PIPELINE_SAMPLE=$2; shift 2 ;;
    --pipeline-batches) PIPELINE_BATCHES=$2; shift 2 ;;
    *) echo "unknown flag [$1]" >&2; exit 2 ;;
  esac
done
mkdir -p "$WORK"
rm -f "$WORK/pipeline.txt"
WORK=$(cd "$WORK" && pwd)
NODE=$WORK/node
MODELS=$NODE/config/prectr/models   # under config/: the security agent lets the plugin read it
INDEX=catalog
if [ "$DETERMINISTIC" = 1 ]; then MODEL=esci-demo; else MODEL=esci-v2; fi
BASELINE=minilm-baseline
source "$ROOT/bench/node.sh"
trap 'node_stop "$NODE"' EXIT

echo "== build (plugin zip and benchmarks jar; own build folder target-bench)"
[ "$BUILD" = 0 ] || (cd "$ROOT" && mvn -B -q -pl src/opensearch,src/benchmarks -am -Dprectr.build.suffix=-bench -DskipTests package)
PLUGIN_ZIP=$ROOT/src/opensearch/target-bench/prectr-0.1.0.zip
JAR=$ROOT/src/benchmarks/target-bench/benchmarks.jar
DIST=$WORK/opensearch-3.8.0.zip
if [ ! -f "$DIST" ]; then
  (cd "$ROOT" && mvn -B -q dependency:copy -Dartifact=org.opensearch.distribution.integ-test-zip:opensearch:3.8.0:zip \
    -DoutputDirectory="$WORK")
fi

{
  echo "# prectr real-node benchmark"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%MZ); commit: $(cd "$ROOT" && git rev-parse --short HEAD)"
  echo "- machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem/ {print $2}') GiB; load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- command: bench/run.sh --docs $DOCS --requests $REQUESTS --warmup $WARMUP --baseline-requests $BASELINE_REQUESTS --max-seconds $MAX_SECONDS --clients \"$CLIENTS\" --heap $HEAP --shards $SHARDS"
} > "$WORK/results.md"

if [ "$REUSE" = 0 ]; then
  echo "== node: install, bundles ($MODEL, $BASELINE), start"
  node_install "$DIST" "$PLUGIN_ZIP" "$NODE" "$MODELS"
  mkdir -p "$MODELS"
  if [ "$DETERMINISTIC" = 1 ]; then
    "$JAVA" -cp "$JAR" org.prectr.onnx.DeterministicBundleWriter "$MODELS" "$MODEL" >/dev/null
  else
    cp -r "$ROOT/models/esci-v2" "$MODELS/$MODEL"
  fi
  "$JAVA" -cp "$JAR" org.prectr.benchmarks.baseline.MiniLmBaselineBundle "$MODELS" "$BASELINE" >/dev/null
  node_start "$NODE" "$HEAP"
  printf '| node memory | RSS MiB | JVM heap used MiB |\n|---|---|---|\n' > "$WORK/memory.md"
  node_memory "$NODE" "idle after start" >> "$WORK/memory.md"

  echo "== index $DOCS products through the prectr_embedding pipeline"
  curl -sf -XPUT "$OS_URL/_ingest/pipeline/prectr-embed" -H 'Content-Type: application/json' -d "{
    \"processors\": [{\"prectr_embedding\": {\"model\": \"$MODEL\", \"field\": \"emb\", \"batch_size\": 50}}]}" >/dev/null
  # create_index NAME WORDS_DOC_VALUES: emb_words (the match keywords the pipeline writes) with or without
  # doc values; without them the rescorer reads the item text from _source (the "-source" variants)
  create_index() {
    curl -sf -XPUT "$OS_URL/$1" -H 'Content-Type: application/json' -d "{
    \"settings\": {\"index\": {\"number_of_shards\": $SHARDS, \"number_of_replicas\": 0, \"refresh_interval\": \"-1\",
      \"prectr.model\": \"$MODEL\", \"prectr.embedding_field\": \"emb\"}},
    \"mappings\": {\"properties\": {
      \"title\": {\"type\": \"text\"}, \"brand\": {\"type\": \"keyword\"}, \"color\": {\"type\": \"keyword\"},
      \"rating\": {\"type\": \"float\"}, \"rating_count\": {\"type\": \"integer\"}, \"price\": {\"type\": \"double\"},
      \"is_book\": {\"type\": \"boolean\"},
      \"emb\": {\"type\": \"binary\", \"doc_values\": true}, \"emb_version\": {\"type\": \"keyword\"},
      \"emb_words\": {\"type\": \"keyword\", \"index\": false, \"doc_values\": $2}}}}" >/dev/null
  }
  create_index "$INDEX" true
  START=$(date +%s)
  if [ "$PRECOMPUTED" = 1 ]; then
    INDEXING=(--precomputed "$MODELS/$MODEL" --embedding-field emb)
  else
    INDEXING=(--pipeline prectr-embed)
  fi
  "$JAVA" -cp "$JAR" org.prectr.benchmarks.load.BulkIndexer --url "$OS_URL" --index "$INDEX" \
    --products "$DATA/esci_us_ecommerce_shrunk.ndjson.zip" --count "$DOCS" "${INDEXING[@]}" --batch 1000 --in-flight 2 \
    | tee "$WORK/indexing.txt"
  if [ "$PIPELINE_SAMPLE" -gt 0 ]; then
    for b in $PIPELINE_BATCHES; do
      curl -sf -XPUT "$OS_URL/_ingest/pipeline/prectr-embed-$b" -H 'Content-Type: application/json' -d "{
        \"processors\": [{\"prectr_embedding\": {\"model\": \"$MODEL\", \"field\": \"emb\", \"batch_size\": $b}}]}" >/dev/null
      create_index "$INDEX-pipeline-$b" true
      echo -n "pipeline sample, processor batch_size $b: " >> "$WORK/pipeline.txt"
      "$JAVA" -cp "$JAR" org.prectr.benchmarks.load.BulkIndexer --url "$OS_URL" --index "$INDEX-pipeline-$b" \
        --products "$DATA/esci_us_ecommerce_shrunk.ndjson.zip" --count "$PIPELINE_SAMPLE" --pipeline "prectr-embed-$b" \
        --batch 1000 --in-flight 2 2>/dev/null | tee -a "$WORK/pipeline.txt"
      curl -sf -XDELETE "$OS_URL/$INDEX-pipeline-$b" >/dev/null
    done
  fi
  curl -sf -XPUT "$OS_URL/$INDEX/_settings" -H 'Content-Type: application/json' -d '{"index": {"refresh_interval": "1s"}}' >/dev/null
  curl -sf -XPOST "$OS_URL/$INDEX/_refresh" >/dev/null
  curl -sf -XPOST "$OS_URL/$INDEX/_forcemerge?max_num_segments=1" >/dev/null
  echo "indexing + refresh + force merge: $(( $(date +%s) - START )) s" | tee -a "$WORK/indexing.txt"
  if [ "$SOURCE_COPY" = 1 ]; then
    create_index "$INDEX-source" false
    curl -sf -XPOST "$OS_URL/_reindex?wait_for_completion=true&refresh=true" -H 'Content-Type: application/json' \
      -d "{\"source\": {\"index\": \"$INDEX\"}, \"dest\": {\"index\": \"$INDEX-source\"}}" >/dev/null
    curl -sf -XPOST "$OS_URL/$INDEX-source/_forcemerge?max_num_segments=1" >/dev/null
  fi
  # the README's first example: no index.prectr.embedding_field, so every item is encoded at query time
  # (then served from the node's item encoding cache); same documents, no emb fields
  curl -sf -XPUT "$OS_URL/$INDEX-plain" -H 'Content-Type: application/json' -d "{
    \"settings\": {\"index\": {\"number_of_shards\": $SHARDS, \"number_of_replicas\": 0, \"prectr.model\": \"$MODEL\"}},
    \"mappings\": {\"properties\": {
      \"title\": {\"type\": \"text\"}, \"brand\": {\"type\": \"keyword\"}, \"color\": {\"type\": \"keyword\"},
      \"rating\": {\"type\": \"float\"}, \"rating_count\": {\"type\": \"integer\"}, \"price\": {\"type\": \"double\"},
      \"is_book\": {\"type\": \"boolean\"}}}}" >/dev/null
  curl -sf -XPOST "$OS_URL/_reindex?wait_for_completion=true&refresh=true" -H 'Content-Type: application/json' \
    -d "{\"max_docs\": ${PLAIN_DOCS:-$DOCS}, \"source\": {\"index\": \"$INDEX\", \"_source\": {\"excludes\": [\"emb\", \"emb_version\", \"emb_words\"]}},
      \"dest\": {\"index\": \"$INDEX-plain\"}}" >/dev/null
  curl -sf -XPOST "$OS_URL/$INDEX-plain/_forcemerge?max_num_segments=1" >/dev/null
  node_memory "$NODE" "after indexing" >> "$WORK/memory.md"
else
  if [ -n "$PLUGIN_OVERRIDE" ]; then
    echo "== reinstall the plugin from $PLUGIN_OVERRIDE"
    OPENSEARCH_JAVA_HOME=$JAVA_HOME "$NODE/bin/opensearch-plugin" remove prectr >/dev/null
    OPENSEARCH_JAVA_HOME=$JAVA_HOME "$NODE/bin/opensearch-plugin" install --batch "file://$(cd "$(dirname "$PLUGIN_OVERRIDE")" && pwd)/$(basename "$PLUGIN_OVERRIDE")" >/dev/null
  fi
  node_start "$NODE" "$HEAP"
  printf '| node memory (reused index) | RSS MiB | JVM heap used MiB |\n|---|---|---|\n' > "$WORK/memory.md"
fi
COUNT=$(curl -sf "$OS_URL/$INDEX/_count" | grep -o '"count":[0-9]*' | cut -d: -f2)
echo "index [$INDEX] holds $COUNT documents"
node_memory "$NODE" "before load" >> "$WORK/memory.md"

echo "== load"
rm -f "$WORK/results.jsonl"
QUERIES=$DATA/esci_us_queryset_dev.json
NODE_PID=$(cat "$NODE/os.pid")
jcmd_node() { runuser -u nobody -- "$JAVA_HOME/bin/jcmd" "$NODE_PID" "$@" >/dev/null; }
load() { # variant clients requests [extra LoadGenerator flags]
  local variant=$1 clients=$2 requests=$3 profiled=0; shift 3
  case " $PROFILE " in *" $clients:$variant "*) profiled=1 ;; esac
  if [ "$profiled" = 1 ]; then
    rm -f "$NODE/profile.jfr"
    jcmd_node JFR.start name=bench settings=profile filename="$NODE/profile.jfr"
  fi
  "$JAVA" -cp "$JAR" org.prectr.benchmarks.load.LoadGenerator --url "$OS_URL" --index "${LOAD_INDEX:-$INDEX}" --queries "$QUERIES" \
    --variant "$variant" --clients "$clients" --requests "$requests" --warmup "${LOAD_WARMUP:-$WARMUP}" --max-seconds "$MAX_SECONDS" \
    --out "$WORK/results.jsonl" --pid "$NODE_PID" "$@"
  if [ "$profiled" = 1 ]; then
    jcmd_node JFR.stop name=bench
    cp "$NODE/profile.jfr" "$WORK/profile-$variant-c$clients.jfr"
    python3 "$ROOT/bench/jfr_top.py" "$WORK/profile-$variant-c$clients.jfr" > "$WORK/profile-$variant-c$clients.md"
  fi
}
for clients in $CLIENTS; do
  load bm25 "$clients" "$REQUESTS"
  for w in 100 200 1000; do
    load "prectr-w$w" "$clients" "$REQUESTS" --model "$MODEL" --window "$w"
    if [ "$SOURCE_COPY" = 1 ]; then
      # the same on the copy without keyword doc values: match-feature text read from _source
      LOAD_INDEX="$INDEX-source" load "prectr-w$w-source" "$clients" "$REQUESTS" --model "$MODEL" --window "$w"
    fi
  done
  LOAD_INDEX="$INDEX-plain" load bm25-plain "$clients" "$REQUESTS"
  # no stored embeddings: the first pass over the 100 queries (cold on the first client count), then the
  # same queries again from the item encoding cache
  # the first pass must cover all 100 queries (no --max-seconds cap) so that the second is all cache
  LOAD_INDEX="$INDEX-plain" LOAD_WARMUP=0 MAX_SECONDS=1800 load "prectr-w200-noemb-first" "$clients" 100 --model "$MODEL" --window 200
  LOAD_INDEX="$INDEX-plain" LOAD_WARMUP=0 load "prectr-w200-noemb-again" "$clients" "$REQUESTS" --model "$MODEL" --window 200
  # the per-hit transformer baseline must encode every hit: each client count starts elsewhere in the query
  # rotation, so the item encoding cache holds none of its queries' encodings (products shared by queries
  # may still hit it; the 1-client pass is the cleaner number)
  TRANSFORMER_FIRST=$((${TRANSFORMER_FIRST:--50} + 50))
  load "transformer-w100" "$clients" "$BASELINE_REQUESTS" --model "$BASELINE" --window 100 --first-request "$TRANSFORMER_FIRST"
done
node_memory "$NODE" "after load" >> "$WORK/memory.md"

{
  echo "- index: $COUNT documents, $SHARDS shard(s); $(tail -2 "$WORK/indexing.txt" | tr '\n' ' ')"
  [ -f "$WORK/pipeline.txt" ] && sed 's/^/- /' "$WORK/pipeline.txt"
  echo "- bundle: $MODEL version $(grep -o '"version" *: *"[^"]*"' "$MODELS/$MODEL/manifest.json" | head -1 | cut -d'"' -f4)"
  echo "- prectr stats after the load: $(curl -s "$OS_URL/_plugins/_prectr/stats" | grep -o '"item_embeddings":{[^}]*}' | head -1)"
  echo "- load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  "$JAVA" -cp "$JAR" org.prectr.benchmarks.load.ResultsTable "$WORK/results.jsonl"
  echo
  cat "$WORK/memory.md"
} >> "$WORK/results.md"
cat "$WORK/results.md"
