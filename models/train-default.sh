#!/usr/bin/env bash
# Retrains the default bundle models/esci-v2 from the ESCI dev split, in one command (issue 10):
#   bash models/train-default.sh [WORK_DIR]        (default WORK_DIR: build/default-bundle)
# 1. simulated UBI logs over the dev split (graded protocol, seed 42; SIMULATED users and clicks),
# 2. stage 0: the distilled text encoder (teacher bge-small, catalogue corpus, SFT on the training grades),
# 3. stages 1-2: PRECTR-V2 on the logs, history grades inferred by the relevance head.
# Training queries: eval/splits/train.json (80); selection: eval/splits/validation.json (20). The 50 held-out
# ESCI queries are never read. Deterministic for its seeds; about 30-40 minutes on 2 quiet cores.
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-build/default-bundle}
products=${PRECTR_PRODUCTS:-../shared/data/esci150/esci_us_ecommerce_shrunk.ndjson.zip}
mkdir -p "$work"
eval/prectr-eval.sh simulate --out "$work/sim" --seed 42
src/trainer/train.sh stage0 --products "$products" --train eval/splits/train.json \
  --validation eval/splits/validation.json --out "$work/stage0" --seed 42 --no-progress
PRECTR_SKIP_BUILD=1 src/trainer/train.sh train --products "$products" --judgments eval/splits/train.json \
  --validation-judgments eval/splits/validation.json \
  --ubi-logs "$work/sim/train/ubi_queries_events.ndjson,$work/sim/test/ubi_queries_events.ndjson" \
  --encoder "$work/stage0/encoder.weights" --first-phase-candidates judged \
  --seed 42 --variant prectr_v2 --no-progress --out models/esci-v2
echo "models/esci-v2 retrained (work files in $work)"
