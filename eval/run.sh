#!/usr/bin/env bash
# The whole PRECTR evaluation in one command (issue 4). Real: queries, products, grades. SIMULATED: users, clicks.
#   eval/run.sh --train-judgments FILE --test-judgments FILE --products FILE --seed N \
#               --click-model pbm|cascade --models LIST --out DIR [--users N ...] [--smoke]
# Defaults: eval/splits/train.json, eval/splits/validation.json, ESCI-150 products, seed 42, pbm, all models,
#   --protocol graded (each query's candidates are its judged products in BM25 order; --protocol engine: BM25 top 100
#   of the whole catalogue). Each learned model trains in its own child JVM (-Xmx2g; PRECTR_TRAINER_XMX changes it).
# Writes DIR/results.json, DIR/results.md, DIR/report.html and the simulated logs under DIR/sim/.
# `eval/run.sh --help` lists every flag (sizes, click-model parameters, --bundle NAME=DIR).
set -euo pipefail
exec "$(dirname "$0")/prectr-eval.sh" run "$@"
