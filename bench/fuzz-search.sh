#!/bin/sh
# A longer fuzzing search than CI's gate, with a new libFuzzer seed: every target of the fuzz
# profile for SECONDS (default 300) each, then scripts/fuzz.sh's figures. CI fuzzes 30 s per
# target from the fixed seed 1, so it replays one search; run this before a stop to look further.
#
#   bench/fuzz-search.sh [SECONDS] [SEED]     SEED 0 (the default) draws one
set -eu
cd "$(dirname "$0")/.."
seconds=${1:-300}
seed=${2:-0}
rm -rf target/fuzz && mkdir -p target
goals=""
for t in ListingReader WatchPayload TxnAnswers KeyPaths IgnoreRules; do
  goals="$goals surefire:test@fuzz-$t"
done
# shellcheck disable=SC2086 # one word per goal
mvn -B -q test-compile $goals -Dfuzz.seconds="$seconds" -Dfuzz.seed="$seed" >target/fuzz-search.log 2>&1 || true
grep -h '^INFO: Seed:' target/fuzz-search.log || true
rc=0
sh scripts/fuzz.sh target/fuzz "$seconds" || rc=$?
# kept for the reproducers and the log, since the next search (or mvn verify) clears target/fuzz
keep=target/fuzz-search-$(date +%Y%m%d-%H%M%S)
cp -r target/fuzz "$keep" && cp target/fuzz-search.log "$keep/"
echo "fuzz-search: reproducers and log kept in $keep"
exit $rc
