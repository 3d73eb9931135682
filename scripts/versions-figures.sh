#!/usr/bin/env bash
# Prints `FIGURES versions: consul=<default>,<newer> failures=F` after `mvn verify`: F counts the
# failed and errored tests of the version run (failsafe execution consul-versions), read from its
# reports in target/failsafe-reports-<newer>/. No reports at all is an error, not "0 failures".
set -euo pipefail
cd "$(dirname "$0")/.."

default=$(sed -n 's/^DEFAULT_VERSION=\(v[0-9.]*\)$/\1/p' scripts/consul.sh)
newer=$(sed -n 's:^ *<consul.newer>\(v[0-9.]*\)</consul.newer>$:\1:p' pom.xml)
[ -n "$default" ] && [ -n "$newer" ] || { echo "versions-figures.sh: no versions found in scripts/consul.sh and pom.xml" >&2; exit 1; }
reports="target/failsafe-reports-$newer"

python3 - "$reports" "${default#v}" "${newer#v}" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
reports, default, newer = sys.argv[1:]
files = glob.glob(reports + "/TEST-*.xml")
if not files:
    sys.exit(f"versions-figures.sh: no test reports in {reports}: did the version run happen?")
tests = failures = 0
for f in files:
    suite = ET.parse(f).getroot()
    tests += int(suite.get("tests", 0))
    failures += int(suite.get("failures", 0)) + int(suite.get("errors", 0))
print(f"FIGURES versions: consul={default},{newer} failures={failures}")
print(f"versions: {tests} tests in {len(files)} classes against consul {newer}", file=sys.stderr)
PY
