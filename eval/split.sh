#!/usr/bin/env bash
# Splits a Search Relevance Workbench judgments file by query into train and validation files.
# The rule needs no seed and is the same in any language: order the queries by the SHA-256 of their
# text (UTF-8, no newline); the first N are validation, the rest train. N defaults to 20 (of 100).
# Usage: eval/split.sh JUDGMENTS.json OUT_DIR [N]
set -euo pipefail
judgments=${1:?judgments file}; out=${2:?output folder}; n=${3:-20}
mkdir -p "$out"
order=$(jq -r '.judgmentRatings[].query' "$judgments" | while IFS= read -r q; do
  printf '%s\t%s\n' "$(printf '%s' "$q" | sha256sum | cut -c1-64)" "$q"; done | sort | cut -f2-)
validation=$(printf '%s\n' "$order" | head -n "$n" | jq -R . | jq -s .)
jq --argjson v "$validation" --arg name "validation" \
  '.name += " (" + $name + ")" | .judgmentRatings |= map(select(.query as $q | $v | index($q)))' \
  "$judgments" > "$out/validation.json"
jq --argjson v "$validation" --arg name "train" \
  '.name += " (" + $name + ")" | .judgmentRatings |= map(select(.query as $q | $v | index($q) | not))' \
  "$judgments" > "$out/train.json"
echo "train: $(jq '.judgmentRatings | length' "$out/train.json") queries, validation: $(jq '.judgmentRatings | length' "$out/validation.json") queries -> $out"
