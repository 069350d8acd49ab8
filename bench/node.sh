#!/usr/bin/env bash
# Helpers to run one OpenSearch 3.8.0 node with the prectr plugin on loopback, for bench/run.sh.
# Source this file; every function takes the node folder (NODE) from the environment.
# Facts from ../shared/notes/BUILD.md: the node refuses root, so it runs as `nobody`; `-d` must have
# its stdout redirected; stop it by its pid, never by name.

: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Ports 9400-9449 (http) and +100 (transport): away from integ-test/run.sh (9250-9299), first free pair.
choose_ports() {
  local p
  for p in $(seq 9400 9449); do
    if ! port_in_use "$p" && ! port_in_use $((p + 100)); then
      HTTP_PORT=$p TRANSPORT_PORT=$((p + 100)) OS_URL="http://127.0.0.1:$p"
      return 0
    fi
  done
  echo "no free port pair in 9400-9449" >&2
  return 1
}

# node_install DIST_ZIP PLUGIN_ZIP NODE MODELS: unzip the distribution into NODE, install the plugin.
# Ports are chosen by node_start and written to config/ports.yml (included at start).
node_install() {
  local dist=$1 plugin=$2 node=$3 models=$4
  rm -rf "$node"
  mkdir -p "$node"
  unzip -q "$dist" -d "$node.tmp"
  mv "$node.tmp"/opensearch-*/* "$node"/ && rm -rf "$node.tmp"
  OPENSEARCH_JAVA_HOME=$JAVA_HOME "$node/bin/opensearch-plugin" install --batch "file://$plugin" >/dev/null
  cat >> "$node/config/opensearch.yml" <<YML
network.host: 127.0.0.1
discovery.type: single-node
path.data: ${node}/data
path.logs: ${node}/logs
prectr.model_dir: ${models}
YML
}

# node_start NODE HEAP: pick free ports, start as nobody, wait until THIS node (its pid answers on
# the port) is yellow, at most 180 s. Sets OS_URL.
node_start() {
  local node=$1 heap=$2 pid
  choose_ports
  rm -f "$node/os.pid"
  chown -R nobody:nogroup "$node"
  runuser -u nobody -- env OPENSEARCH_JAVA_HOME="$JAVA_HOME" OPENSEARCH_JAVA_OPTS="-Xms${heap} -Xmx${heap}" \
    "$node/bin/opensearch" -d -p "$node/os.pid" -Ehttp.port="$HTTP_PORT" -Etransport.port="$TRANSPORT_PORT" >/dev/null 2>&1
  for _ in $(seq 1 180); do
    pid=$(cat "$node/os.pid" 2>/dev/null || true)
    if [ -n "$pid" ] && curl -s -m 2 "$OS_URL/_nodes/_local/process" | grep -q "\"id\":$pid[,}]" \
      && curl -s -m 2 "$OS_URL/_cluster/health?wait_for_status=yellow&timeout=1s" | grep -q '"status"'; then
      return 0
    fi
    sleep 1
  done
  echo "node did not start; last log lines:" >&2
  tail -30 "$node"/logs/*.log >&2 || true
  return 1
}

# node_stop NODE: stop the node by its pid and wait for it to exit (at most 60 s).
node_stop() {
  local node=$1 pid
  [ -f "$node/os.pid" ] || return 0
  pid=$(cat "$node/os.pid")
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 1
  done
  kill -9 "$pid" 2>/dev/null || true
}

# node_memory NODE LABEL: one line with the node's RSS (from /proc) and JVM heap used (from _nodes/stats).
node_memory() {
  local node=$1 label=$2 pid rss heap
  pid=$(cat "$node/os.pid")
  rss=$(awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$pid/status")
  heap=$(curl -s "$OS_URL/_nodes/_local/stats/jvm" | grep -o '"heap_used_in_bytes":[0-9]*' | head -1 | cut -d: -f2)
  echo "| $label | $rss | $((heap / 1048576)) |"
}
