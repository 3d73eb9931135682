#!/usr/bin/env bash
# Benchmarks fileconsul against consul kv import/export, a curl loop and the JVM floor, on
# generated share trees, against a real Consul dev agent on loopback. Writes the report into
# docs/benchmarks.md (between the bench markers) and prints it.
#
#   bench/run.sh [--big] [--runs N] [--sizes 100,1000,10000] [--no-doc] [--keep]
#
#   --big      also push and pull (with JAVA_OPTS=-Xmx256m) a ~1 GB tree of 2,000 files
#   --runs N   timed runs per fast command (default 5; 10,000-file trees get N-2, at least 3;
#              the one-process-per-file curl loops 3, or 1 at 10,000 files)
#   --no-doc   print the report only
#   --keep     keep the scratch directory (trees, raw results.json) for inspection
#
# Needs Java 17+, Maven, python3, curl, /usr/bin/time (installed with apt-get if missing) and a
# consul binary from scripts/consul.sh. strace, if present, checks that status re-reads nothing.
set -euo pipefail

repo=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
cd "$repo"
runs=5 sizes=100,1000,10000 big= doc=docs/benchmarks.md keep=
args=("$@")
while [ $# -gt 0 ]; do
  case $1 in
    --big) big=--big ;;
    --runs) runs=$2; shift ;;
    --sizes) sizes=$2; shift ;;
    --no-doc) doc= ;;
    --keep) keep=1 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
say() { echo "[bench] $*" >&2; }

if [ ! -x /usr/bin/time ]; then
  say "installing GNU time (for CPU time and peak RSS)"
  apt-get install -y -qq time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
fi
for tool in java javac python3 curl; do
  command -v "$tool" >/dev/null || { say "$tool is needed"; exit 1; }
done

jar=target/fileconsul.jar
if [ ! -f "$jar" ] || [ -n "$(find src/main pom.xml -newer "$jar" -print -quit)" ]; then
  say "building $jar"
  mvn -B -q -DskipTests package
fi
picocli_version=$(sed -n 's:.*<picocli.version>\(.*\)</picocli.version>.*:\1:p' pom.xml)
picocli="$HOME/.m2/repository/info/picocli/picocli/$picocli_version/picocli-$picocli_version.jar"
[ -f "$picocli" ] || mvn -B -q dependency:get -Dartifact="info.picocli:picocli:$picocli_version"

consul=$(scripts/consul.sh)
work=$(mktemp -d "${TMPDIR:-/tmp}/fileconsul-bench.XXXXXX")
agent_pid=
cleanup() {
  if [ -n "$agent_pid" ]; then
    kill "$agent_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$agent_pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$agent_pid" 2>/dev/null || true
  fi
  if [ -n "$keep" ]; then say "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

read -r http serf_lan serf_wan server < <(python3 -c '
import socket
socks = [socket.socket() for _ in range(4)]
for s in socks: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in socks])')
"$consul" agent -dev -bind 127.0.0.1 -client 127.0.0.1 -http-port "$http" -dns-port -1 \
  -grpc-port -1 -grpc-tls-port -1 -serf-lan-port "$serf_lan" -serf-wan-port "$serf_wan" \
  -server-port "$server" -node bench -log-level warn >"$work/agent.log" 2>&1 &
agent_pid=$!
addr="http://127.0.0.1:$http"
for i in $(seq 120); do
  leader=$(curl -sf "$addr/v1/status/leader" 2>/dev/null || true)
  [ -n "$leader" ] && [ "$leader" != '""' ] && break
  kill -0 "$agent_pid" 2>/dev/null || { say "consul agent died:"; cat "$work/agent.log" >&2; exit 1; }
  [ "$i" = 120 ] && { say "no consul leader after 60 s"; exit 1; }
  sleep 0.5
done
say "consul $("$consul" version | head -1) at $addr (pid $agent_pid), scratch $work"

python3 bench/bench.py --addr "$addr" --consul "$consul" --work "$work" --picocli "$picocli" \
  --sizes "$sizes" --runs "$runs" $big ${doc:+--out "$doc"} --argv "${args[*]:-}"
