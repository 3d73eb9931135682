#!/usr/bin/env bash
# fileconsul on etcd against etcdctl, on the benchmarks' generated trees (bench/gentree.py), on a
# single-member etcd on loopback with its data in a temp dir. Prints a table of median wall
# times (ms) of RUNS runs each:
#   push, all new       fileconsul push            vs one `etcdctl put` per file (a shell loop)
#   pull, fresh dir     fileconsul pull            vs `etcdctl get --prefix` (one process, to a file)
#   status, in sync     fileconsul status          vs `etcdctl get --prefix --keys-only`
#
#   bench/etcd.sh [--runs N] [--sizes 100,1000]
set -euo pipefail
repo=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
runs=3 sizes=100,1000
while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=$2; shift ;;
    --sizes) sizes=$2; shift ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "etcd.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
[ -f "$repo/target/fileconsul.jar" ] || (cd "$repo" && mvn -B -q -DskipTests package)
etcd=$(bash "$repo/scripts/etcd.sh")
etcdctl=$(bash "$repo/scripts/etcd.sh" etcdctl)
fileconsul="$repo/bin/fileconsul"
work=$(mktemp -d)
read -r client_port peer_port < <(python3 -c '
import socket
socks = [socket.socket() for _ in range(2)]
for s in socks: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in socks])')
"$etcd" --name bench --data-dir "$work/etcd" --listen-client-urls "http://127.0.0.1:$client_port" \
  --advertise-client-urls "http://127.0.0.1:$client_port" \
  --listen-peer-urls "http://127.0.0.1:$peer_port" \
  --initial-advertise-peer-urls "http://127.0.0.1:$peer_port" \
  --initial-cluster "bench=http://127.0.0.1:$peer_port" --log-level warn >"$work/etcd.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$work"' EXIT
export FILECONSUL_BACKEND=etcd ETCDCTL_ENDPOINTS="127.0.0.1:$client_port"
for _ in $(seq 1 300); do
  curl -fs "http://$ETCDCTL_ENDPOINTS/health" 2>/dev/null | grep -q '"health":"true"' && break
  sleep 0.1 # polling etcd until it is healthy (30 s at most)
done

ms() { # ms CMD...: wall milliseconds of one run
  local t0 t1
  t0=$(date +%s%N); "$@" >/dev/null; t1=$(date +%s%N)
  echo $(((t1 - t0) / 1000000))
}
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
put_loop() { # put_loop PREFIX DIR LIST
  while IFS= read -r rel; do
    if [ -s "$2/$rel" ]; then
      "$etcdctl" put "$1/$rel" <"$2/$rel" >/dev/null
    else
      "$etcdctl" put "$1/$rel" "" >/dev/null # etcdctl reads no empty value from stdin
    fi
  done <"$3"
}

printf '| files | fileconsul push | etcdctl put loop | fileconsul pull | etcdctl get --prefix | fileconsul status | etcdctl get --keys-only |\n'
printf '|---|---|---|---|---|---|---|\n'
for n in ${sizes//,/ }; do
  tree="$work/tree-$n"
  python3 "$repo/bench/gentree.py" "$tree" "$n" --list "$work/list-$n" >/dev/null
  p=() l=() g=() gp=() s=() sk=()
  for r in $(seq 1 "$runs"); do
    rm -rf "$tree/.fileconsul"
    p+=("$(ms "$fileconsul" push -q --basepath "$tree" --prefix "fc$n-$r")")
    l+=("$(ms put_loop "loop$n-$r" "$tree" "$work/list-$n")")
    rm -rf "$work/pull"
    g+=("$(ms "$fileconsul" pull -q --basepath "$work/pull" --prefix "fc$n-$r")")
    gp+=("$(ms "$etcdctl" get --prefix "loop$n-$r/")")
    s+=("$(ms "$fileconsul" status --basepath "$work/pull" --prefix "fc$n-$r")")
    sk+=("$(ms "$etcdctl" get --prefix --keys-only "loop$n-$r/")")
  done
  printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$n" \
    "$(printf '%s\n' "${p[@]}" | median)" "$(printf '%s\n' "${l[@]}" | median)" \
    "$(printf '%s\n' "${g[@]}" | median)" "$(printf '%s\n' "${gp[@]}" | median)" \
    "$(printf '%s\n' "${s[@]}" | median)" "$(printf '%s\n' "${sk[@]}" | median)"
done
