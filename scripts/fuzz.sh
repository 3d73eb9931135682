#!/bin/sh
# Sums what the fuzz executions of `mvn verify` (profile fuzz in pom.xml) left in DIR, one
# folder per target, prints a line per target and the FIGURES line, and fails when any target
# found something: a failed fuzz test (an unexpected exception, a broken assertion, a hang) or a
# reproducer Jazzer wrote (crash-*, timeout-*, oom-*). A slow-unit-* (one input took over 10 s, but
# less than the hang guard's alarm) is named, not counted: a search on a busy machine wrote one that
# its seed did not replay in 7.45 million runs on a quiet one, and a real hang is a timeout-*.
#
#   scripts/fuzz.sh DIR SECONDS
#
# The fuzz executions ignore their own failures so that every target runs and this one line
# counts them all; this script is what fails the build.
set -eu
dir=$1
seconds=$2
targets=0 execs=0 crashes=0 found=""
for t in "$dir"/*/; do
  [ -d "$t" ] || continue
  name=$(basename "$t")
  targets=$((targets + 1))
  n=$(cat "$dir/$name.execs" 2>/dev/null || echo 0)
  # failures and errors of the one test class the execution ran; a JVM that died leaves no
  # report, so a missing one counts as a finding
  failed=1
  for r in "$t"TEST-*.xml; do
    [ -f "$r" ] || continue
    f=$(sed -n 's/.*<testsuite [^>]* failures="\([0-9]*\)".*/\1/p' "$r" | head -n 1)
    e=$(sed -n 's/.*<testsuite [^>]* errors="\([0-9]*\)".*/\1/p' "$r" | head -n 1)
    failed=$((${f:-1} + ${e:-1}))
  done
  units=$(find "$t" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l)
  find "$t" -maxdepth 1 -type f -name 'slow-unit-*' -exec echo "fuzz: $name slow input (not counted) kept in {}" \;
  c=$units
  [ "$failed" -gt "$c" ] && c=$failed
  echo "fuzz: $name ${seconds}s execs=$n crashes=$c"
  execs=$((execs + n))
  crashes=$((crashes + c))
  if [ "$c" -gt 0 ]; then
    found="$found $name"
    find "$t" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' \) \
      -exec echo "fuzz: $name reproducer written to {}" \;
    echo "fuzz: $name report: ${t}*.txt"
  fi
done
echo "FIGURES fuzz: targets=$targets execs=$execs crashes=$crashes"
if [ "$targets" -eq 0 ]; then
  echo "error: no fuzz target ran in $dir; see the build's output above" >&2
  exit 1
fi
if [ "$crashes" -gt 0 ]; then
  echo "error: fuzzing found $crashes problem(s) in:$found; copy each reproducer into" \
    "src/test/resources/<package>/<Class>Inputs/<method>/, fix the code, and add a regression test" >&2
  exit 1
fi
