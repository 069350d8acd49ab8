#!/usr/bin/env bash
# Runs every test of the project: unit, in-JVM cluster, trainer and evaluation tests (mvn verify),
# then the real-node test (OpenSearch 3.8.0 distribution + the built plugin zip) and the small
# end-to-end trainer and evaluation runs. Exits non-zero on the first failure.
set -euo pipefail
cd "$(dirname "$0")"
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
[ -x "$JAVA_HOME/bin/java" ] || { echo "FATAL: no JDK at $JAVA_HOME; install Temurin 21+ or set JAVA_HOME" >&2; exit 1; }
"$JAVA_HOME/bin/java" -version 2>&1 | head -1

echo "== 1/2 unit, cluster, trainer and evaluation tests (mvn verify)"
mvn -B verify

echo "== 2/2 real node: OpenSearch 3.8.0 with the plugin installed"
bash integ-test/run.sh
echo "All tests passed."
