#!/usr/bin/env bash
# Builds prectr-trainer (and what it needs) into target-train*/ folders and runs its CLI:
#   src/trainer/train.sh train --products ... --judgments ... --ubi-logs ... --out models/<name> [flags]
#   src/trainer/train.sh stage0 ...        the distilled encoder (stage 0)
#   src/trainer/train.sh throughput ...    the training-speed benchmark (docs/benchmarks.md)
#   src/trainer/train.sh --help
# Env: PRECTR_BUILD_SUFFIX (default -train) keeps these build outputs apart from other builds;
#      PRECTR_SKIP_BUILD=1 reuses the last build; JAVA_OPTS adds JVM flags (default -Xmx8g).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
suffix=${PRECTR_BUILD_SUFFIX:--train}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
cpfile="src/trainer/target${suffix}/classpath.txt"
if [[ "${PRECTR_SKIP_BUILD:-0}" != 1 || ! -f "$cpfile" ]]; then
  mvn -B -q -pl src/trainer -am "-Dprectr.build.suffix=${suffix}" -DskipTests \
    package dependency:build-classpath "-Dmdep.outputFile=target${suffix}/classpath.txt" -Dmdep.includeScope=runtime \
    >&2 || { echo "build failed" >&2; exit 1; }
fi
cp="src/trainer/target${suffix}/classes:$(cat "$cpfile")"
export DJL_CACHE_DIR=${DJL_CACHE_DIR:-$HOME/.djl.ai}
# with several DJL processes on 2 cores, spinning OpenMP threads slow every step down (docs/encoder.md)
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-PASSIVE}
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Dai.djl.offline=true \
  -Dai.djl.pytorch.num_threads=2 -Dai.djl.pytorch.num_interop_threads=1 ${JAVA_OPTS:--Xmx8g} \
  -cp "$cp" org.prectr.trainer.cli.TrainerCli "$@"
