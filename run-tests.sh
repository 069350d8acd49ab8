#!/usr/bin/env bash
# Runs every test of the project: unit, in-JVM cluster, trainer and evaluation tests (mvn verify),
# then the real-node tests (OpenSearch 3.8.0 and Elasticsearch 8.19.21 distributions + the built plugin zips) and the evaluation
# smoke run (the small end-to-end trainer run is TrainerEndToEndTests, inside mvn verify). Exits non-zero on the first failure.
set -euo pipefail
cd "$(dirname "$0")"
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
[ -x "$JAVA_HOME/bin/java" ] || { echo "FATAL: no JDK at $JAVA_HOME; install Temurin 21+ or set JAVA_HOME" >&2; exit 1; }
# The Elasticsearch 8.19 plugin's tests (surefire <jvm>) and real node run on a JDK 17.
export ES_JAVA_HOME=${ES_JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}
[ -x "$ES_JAVA_HOME/bin/java" ] || { echo "FATAL: no JDK 17 at $ES_JAVA_HOME; apt-get install openjdk-17-jdk-headless or set ES_JAVA_HOME" >&2; exit 1; }
"$JAVA_HOME/bin/java" -version 2>&1 | head -1
for tool in mvn curl jq unzip runuser; do
  command -v "$tool" >/dev/null || { echo "FATAL: [$tool] is missing; on Debian: apt-get install maven curl jq unzip util-linux" >&2; exit 1; }
done

echo "== 1/4 unit, cluster, trainer and evaluation tests (mvn verify)"
mvn -B verify -Des.java.home="$ES_JAVA_HOME"

echo "== 2/4 real node: OpenSearch 3.8.0 with the plugin installed"
bash integ-test/run.sh

echo "== 3/4 real node: Elasticsearch 8.19.21 with the plugin installed, scores compared with OpenSearch's"
bash integ-test/run-es.sh

echo "== 4/4 evaluation smoke run: simulated users and clicks over the real ESCI split (graded protocol), the default bundle"
rm -rf build/eval-smoke
eval/run.sh --smoke --users 200 --models bm25,oracle,esci_v2 --bundle esci_v2=models/esci-v2 --out build/eval-smoke
# graded protocol: every candidate judged; every check is {pass: bool, kind, detail}; the harness's oracle check holds
jq -e '.run.protocol == "graded" and .models.bm25.unjudged10 == 0
  and .models.esci_v2.ndcg10_esci > 0 and .models.bm25.ndcg10_esci > 0 and .models.oracle.ndcg10_esci > .models.bm25.ndcg10_esci
  and .checks.oracle_beats_bm25.pass == true
  and (.checks | length) > 10 and ([.checks[] | (.pass | type) == "boolean" and (.detail | length) > 0] | all)' \
  build/eval-smoke/results.json >/dev/null || { echo "evaluation smoke run: unexpected results.json" >&2; exit 1; }
echo "All tests passed."
