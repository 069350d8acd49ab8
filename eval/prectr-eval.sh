#!/usr/bin/env bash
# Builds prectr-eval (and what it needs) into target-eval*/ folders and runs its CLI:
#   eval/prectr-eval.sh simulate --out DIR [flags]     simulated UBI logs over real ESCI data
#   eval/prectr-eval.sh run ...                         (use eval/run.sh)
# Env: PRECTR_BUILD_SUFFIX (default -eval) keeps these build outputs apart from other builds;
#      PRECTR_SKIP_BUILD=1 reuses the last build; JAVA_OPTS adds JVM flags.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
suffix=${PRECTR_BUILD_SUFFIX:--eval}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
cpfile="src/eval/target${suffix}/classpath.txt"
if [[ "${PRECTR_SKIP_BUILD:-0}" != 1 || ! -f "$cpfile" ]]; then
  mvn -B -q -pl src/eval -am "-Dprectr.build.suffix=${suffix}" -DskipTests \
    package dependency:build-classpath "-Dmdep.outputFile=target${suffix}/classpath.txt" -Dmdep.includeScope=runtime \
    >&2 || { echo "build failed" >&2; exit 1; }
fi
cp="src/eval/target${suffix}/classes:$(cat "$cpfile")"
export DJL_CACHE_DIR=${DJL_CACHE_DIR:-$HOME/.djl.ai}
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Dai.djl.offline=true \
  -Dai.djl.pytorch.num_threads=2 -Dai.djl.pytorch.num_interop_threads=1 ${JAVA_OPTS:--Xmx2g} \
  -cp "$cp" org.prectr.eval.cli.EvalCli "$@"
