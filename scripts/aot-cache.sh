#!/bin/sh
# Makes JDK 25's AOT cache (JEP 483/514/515) for a built jar, beside it: JAR.aot. Run by
# `mvn package` after the JDK 17 archive; bin/fileconsul maps the cache when the java it runs is
# 25 or later (the JVM itself checks the cache is this JDK's and this jar's, and skips it if not).
# The cache is recorded from cli/TrainingRun, the same training as the CDS archive.
#
#   scripts/aot-cache.sh JAR
#
# The JDK: FILECONSUL_AOT_JAVA (a java binary), else JAVA_HOME's or PATH's java if it is 25 or
# later, else the newest JDK 25+ under /usr/lib/jvm. With none, it says so and exits 0: the
# launcher then uses the CDS archive, and a Java 17 machine needs nothing more.
set -eu
jar=$1
major_of() { # the major version of a java binary, from its JDK's release file
  real=$(readlink -f "$1" 2>/dev/null) || { echo 0; return; }
  sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "${real%/bin/java}/release" 2>/dev/null | head -n 1 | grep . || echo 0
}
pick() {
  if [ -n "${FILECONSUL_AOT_JAVA:-}" ]; then echo "$FILECONSUL_AOT_JAVA"; return; fi
  for j in "${JAVA_HOME:+$JAVA_HOME/bin/java}" "$(command -v java || true)"; do
    if [ -n "$j" ] && [ -x "$j" ] && [ "$(major_of "$j")" -ge 25 ]; then echo "$j"; return; fi
  done
  best= best_major=0
  for j in /usr/lib/jvm/*/bin/java; do
    [ -x "$j" ] || continue
    m=$(major_of "$j")
    if [ "$m" -ge 25 ] && [ "$m" -gt "$best_major" ]; then best=$j best_major=$m; fi
  done
  echo "$best"
}
java=$(pick)
if [ -z "$java" ]; then
  echo "aot-cache: no JDK 25 or later found; skipping the AOT cache (set FILECONSUL_AOT_JAVA to make one)"
  rm -f "${jar%.jar}.aot"
  exit 0
fi
aot="${jar%.jar}.aot"
rm -f "$aot"
# The same flags as bin/fileconsul: a cache records them, and the JVM skips it under others.
"$java" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:AOTCacheOutput="$aot" -Xlog:aot=off \
  -Xlog:cds=off -cp "$jar" io.fileconsul.cli.TrainingRun
echo "aot-cache: made $aot with $java"
