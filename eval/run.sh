#!/usr/bin/env bash
# The whole PRECTR evaluation in one command (issue 4). Real: queries, products, grades. SIMULATED: users, clicks.
#   eval/run.sh --train-judgments FILE --test-judgments FILE --products FILE --seed N \
#               --click-model pbm|cascade --models LIST --out DIR [--users N ...] [--smoke]
# Defaults: eval/splits/train.json, eval/splits/validation.json, ESCI-150 products, seed 42, pbm, all models.
# Writes DIR/results.json, DIR/results.md, DIR/report.html and the simulated logs under DIR/sim/.
# `eval/run.sh --help` lists every flag (sizes, click-model parameters, --bundle NAME=DIR).
set -euo pipefail
exec "$(dirname "$0")/prectr-eval.sh" run "$@"
