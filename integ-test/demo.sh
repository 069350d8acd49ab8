#!/usr/bin/env bash
# The newcomer demo: builds the plugin, starts a real OpenSearch 3.8.0 node with it, indexes the 6,764
# ESCI-150 products and runs the same query for two shoppers, before (BM25) and after the prectr
# rescorer, printed as tables. The "strict" shopper's history shows clicks on exact matches for this
# query; the "lenient" one clicked substitutes and complements. Then the same two shoppers as a search
# team sees them: simulated clicks in the cluster's ubi_events/ubi_queries indexes and a request that
# names only the user id; the rescorer reads the clicks and infers their grades, and the demo prints
# the r_u(q) inferred and the first rank where the two shoppers' orders part (with the default
# esci-v2, whose relevance head separates these clicks only mildly, that is below the top 10;
# PRECTR_BUNDLE=esci-demo parts them in the top 10). The node is stopped on exit.
# Usage: bash integ-test/demo.sh ["query text"]      (default: "mens slippers")
set -euo pipefail
cd "$(dirname "$0")/.."
# The trainer's default bundle, shipped in the plugin zip (models/esci-v2); PRECTR_BUNDLE=esci-demo
# serves the hand-set deterministic bundle instead.
export PRECTR_BUNDLE=${PRECTR_BUNDLE:-esci-v2}
source integ-test/node.sh
trap finish EXIT

QUERY=${1:-mens slippers}
SIZE=10
WINDOW=100
INDEX=esci

start_node_with_esci "$INDEX"

B=$NODE_ROOT/demo
mkdir -p "$B"
strict_user "$QUERY" >"$B/strict.json"
lenient_user "$QUERY" >"$B/lenient.json"
# BM25 top 100 (the rescore window): the "before" order, and the BM25 score shown next to every rescored hit.
search_body "$QUERY" $WINDOW >"$B/q-bm25.json"
call POST "/$INDEX/_search" "$B/q-bm25.json" >"$B/r-bm25.json"
[ "$HTTP_STATUS" = 200 ] || die "BM25 search: HTTP $HTTP_STATUS"

table() { # HEADING RESULT-FILE RESCORED(true|false)
  echo
  echo "$1"
  printf '  %-4s  %-72s  %7s  %7s\n' rank title BM25 prectr
  jq -r --slurpfile bm25 "$B/r-bm25.json" --argjson size $SIZE --argjson rescored "$3" '
    ($bm25[0].hits.hits | map({key: ._id, value: ._score}) | from_entries) as $first
    | .hits.hits[:$size] | to_entries[]
    | [(.key + 1), (.value._source.title | if length > 72 then .[:69] + "..." else . end),
       ($first[.value._id] // 0), (if $rescored then .value._score else "-" end)] | @tsv' "$2" \
  | while IFS=$'\t' read -r rank title bm25 score; do
      [ "$score" = - ] || score=$(printf '%.4f' "$score")
      printf '  %-4s  %-72s  %7.3f  %7s\n' "$rank" "$title" "$bm25" "$score"
    done
}

echo
echo "=== \"$QUERY\" on $INDEXED_COUNT real ESCI products (node $BASE, bundle $BUNDLE) ==="
table "BEFORE: BM25 on title, the same for every shopper" "$B/r-bm25.json" false
for user in strict lenient; do
  search_body "$QUERY" $SIZE $WINDOW "$(cat "$B/$user.json")" >"$B/q-$user.json"
  call POST "/$INDEX/_search" "$B/q-$user.json" >"$B/r-$user.json"
  [ "$HTTP_STATUS" = 200 ] || die "rescored search ($user): HTTP $HTTP_STATUS $(cat "$B/r-$user.json")"
  case $user in
    strict) what="past clicks on EXACT matches for this query (grade 3)";;
    lenient) what="past clicks on SUBSTITUTES and COMPLEMENTS for this query (grades 2, 1)";;
  esac
  table "AFTER: prectr rescore of the BM25 top $WINDOW for the $user shopper ($what)" "$B/r-$user.json" true
done

# The same shoppers' behaviour as a search team has it: clicks in the cluster's UBI indexes, no grades.
# The request names only the user; the rescorer reads the clicks and lets the model grade them.
load_ubi_shoppers "$QUERY"
for user in strict-ubi lenient-ubi; do
  search_body "$QUERY" $SIZE $WINDOW "{\"id\": \"$user\"}" >"$B/q-$user.json"
  call POST "/$INDEX/_search" "$B/q-$user.json" >"$B/r-$user.json"
  [ "$HTTP_STATUS" = 200 ] || die "rescored search ($user): HTTP $HTTP_STATUS $(cat "$B/r-$user.json")"
  case $user in
    strict-ubi) what="UBI clicks on exact matches; grades inferred by the model";;
    lenient-ubi) what="UBI clicks on substitutes, complements and misses; grades inferred by the model";;
  esac
  table "AFTER: only \"user\": {\"id\": \"$user\"} ($what)" "$B/r-$user.json" true
  # the whole window with explain: the r_u(q) the model inferred from the clicks, and where the orders part
  search_body "$QUERY" $WINDOW $WINDOW "{\"id\": \"$user\"}" | jq '. + {explain: true}' >"$B/qa-$user.json"
  call POST "/$INDEX/_search" "$B/qa-$user.json" >"$B/ra-$user.json"
  echo "  r_u(q) inferred from the clicks: $(jq -r '[.hits.hits[0]._explanation | .. | objects
      | select((.description? // "") | test("^r_user_[0-9]+$")) | "\(.description)=\(.value * 1000 | round / 1000)"] | join(" ")' \
      "$B/ra-$user.json");  $(jq -r '.hits.hits[0]._explanation.description | capture("(?<h>history \\[.*)$").h' "$B/ra-$user.json")"
done
first_difference=$(jq -n --slurpfile a "$B/ra-strict-ubi.json" --slurpfile b "$B/ra-lenient-ubi.json" '
  [$a[0].hits.hits, $b[0].hits.hits] | transpose | map(.[0]._id != .[1]._id) | index(true)')
if [ "$first_difference" = null ]; then
  echo "  the two shoppers' orders of the whole window of $WINDOW are the same"
else
  echo "  the two shoppers' orders first differ at rank $((first_difference + 1)) of the window of $WINDOW"
fi
echo
echo "prectr score = sigmoid(logit(sum_i c_i P(grade = i)) + tau). Add \"explain\": true to a search to see every part."
