#!/usr/bin/env bash
# Benchmarks fileconsul against consul kv import/export, a curl loop, the JVM floor and (with
# --peer-go) the Go original, on generated share trees, against real Consul agents on loopback
# (a dev agent, and a one-node server with raft on disk). Writes the report into
# docs/benchmarks.md (between the bench markers) and prints it.
#
#   bench/run.sh [--big] [--slow] [--runs N] [--sizes 100,1000,10000] [--peer-go PATH]
#                [--no-doc] [--keep]
#
#   --big      also push and pull (with JAVA_OPTS=-Xmx256m) a ~1 GB tree of 2,000 files
#   --slow     also run the one-curl-per-file loops on the 10,000-file tree (~200 s each way)
#   --runs N   timed runs per fast command (default 5; 10,000-file trees get N-2, at least 3;
#              the one-process-per-file curl loops 3)
#   --peer-go PATH  also time PATH, a Go original (foostan/fileconsul) binary you built by
#              hand, interleaved run by run with fileconsul on status (in sync), push and pull
#              (all new, 1 changed), and report the ratios against issue 9's targets. This
#              script never builds or downloads it: PATH must be an executable file (else exit 2)
#   --no-doc   print the report only
#   --keep     keep the scratch directory (trees, raw results.json) for inspection
#
# Needs Java 17+, Maven, python3, curl, /usr/bin/time (installed with apt-get if missing) and a
# consul binary from scripts/consul.sh. strace, if present, checks that status re-reads nothing.
set -euo pipefail

repo=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
cd "$repo"
runs=5 sizes=100,1000,10000 big= slow= doc=docs/benchmarks.md keep= peer_go=
args=("$@")
while [ $# -gt 0 ]; do
  case $1 in
    --big) big=--big ;;
    --slow) slow=--slow ;;
    --runs) runs=$2; shift ;;
    --sizes) sizes=$2; shift ;;
    --peer-go) [ $# -ge 2 ] || { echo "run.sh: --peer-go needs a PATH" >&2; exit 2; }
      peer_go=$2; shift ;;
    --no-doc) doc= ;;
    --keep) keep=1 ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
say() { echo "[bench] $*" >&2; }
if [ -n "$peer_go" ]; then
  if [ ! -f "$peer_go" ] || [ ! -x "$peer_go" ]; then
    echo "run.sh: --peer-go $peer_go: not an executable file. Build the Go original" \
      "(foostan/fileconsul) by hand and pass its path; this script never builds or downloads it." >&2
    exit 2
  fi
  peer_go=$(cd -- "$(dirname -- "$peer_go")" && pwd)/$(basename -- "$peer_go")
fi

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
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
  done
  if [ -n "$keep" ]; then say "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_ports() {
  python3 -c '
import socket
socks = [socket.socket() for _ in range(4)]
for s in socks: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in socks])'
}

# start_agent NAME ARGS...: a Consul agent on loopback with free ports; prints its HTTP address.
start_agent() {
  local name=$1; shift
  local http serf_lan serf_wan server
  read -r http serf_lan serf_wan server < <(free_ports)
  "$consul" agent "$@" -bind 127.0.0.1 -client 127.0.0.1 -http-port "$http" -dns-port -1 \
    -grpc-port -1 -grpc-tls-port -1 -serf-lan-port "$serf_lan" -serf-wan-port "$serf_wan" \
    -server-port "$server" -node "$name" -log-level warn >"$work/$name.log" 2>&1 &
  pids+=($!)
  local pid=$! addr="http://127.0.0.1:$http" leader
  for i in $(seq 120); do
    leader=$(curl -sf "$addr/v1/status/leader" 2>/dev/null || true)
    [ -n "$leader" ] && [ "$leader" != '""' ] && break
    kill -0 "$pid" 2>/dev/null || { say "consul agent $name died:"; cat "$work/$name.log" >&2; exit 1; }
    [ "$i" = 120 ] && { say "no consul leader for $name after 60 s"; exit 1; }
    sleep 0.5
  done
  say "consul $name at $addr (pid $pid)"
  addr_out=$addr
}

# The dev agent (raft in memory, no fsync) for most scenarios, and a one-node server with raft on
# disk (fsync per commit, as any real cluster) for the initial-push comparison with kv import.
start_agent bench-dev -dev
addr=$addr_out
start_agent bench-disk -server -bootstrap-expect 1 -data-dir "$work/disk-data" \
  -hcl 'performance { raft_multiplier = 1 }'
disk_addr=$addr_out
say "$("$consul" version | sed -n 1p), scratch $work"

python3 bench/bench.py --addr "$addr" --disk-addr "$disk_addr" --consul "$consul" --work "$work" \
  --picocli "$picocli" --sizes "$sizes" --runs "$runs" $big $slow ${doc:+--out "$doc"} \
  ${peer_go:+--peer-go "$peer_go"} \
  "--argv=${args[*]:-}"
