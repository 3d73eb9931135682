#!/bin/sh
# Makes the class-data sharing archive bin/fileconsul maps on JDK 17 to 24: JAR's .jsa, beside it.
# Run by `mvn package`. The classes are those cli/TrainingRun loads (push, status, diff and pull
# in one JVM against an in-process stand-in for Consul), so the archive holds what real runs load.
#
#   scripts/cds-archive.sh JAR
#
# A static archive (a class list, then -Xshare:dump), not a dynamic one (-XX:ArchiveClassesAtExit):
# JDK 17's dynamic archive skips every class older than Java 6's format, and picocli's 178 classes
# are Java 5's (commons-logging's older still), so each run loaded and verified them from the jar:
# the class-load log showed 177 picocli classes outside the archive. A static archive keeps them;
# status on 100 files took 0.86x the time (interleaved, 15 runs each).
set -eu
jar=$1
jsa="${jar%.jar}.jsa"
list="${jar%.jar}.classlist"
rm -f "$jsa" "$jsa.jar" "$list"
# The same flags as bin/fileconsul: the archive is used only under a compatible configuration.
java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:DumpLoadedClassList="$list" \
  -cp "$jar" io.fileconsul.cli.TrainingRun
java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:dump -XX:SharedClassListFile="$list" \
  -XX:SharedArchiveFile="$jsa" -Xlog:cds=warning -cp "$jar"
rm -f "$list"
# bin/fileconsul maps the archive only for this jar (a static archive made for another copy turns
# all sharing off, the JDK's classes too).
(cd "$(dirname "$jar")" && pwd -P | sed "s|\$|/$(basename "$jar")|") > "$jsa.jar"
