#!/usr/bin/env bash
# Replays the original fileconsul demo (2014) against a local Consul agent:
# a "server" node pushes the share directory, a "client" node pulls it, edits a script and pushes,
# and the server's status shows the change before pull applies it. Every step's exit code is
# checked, so this doubles as an end-to-end check.
#
# Needs Java 17+, Maven, and a consul binary: $CONSUL_BIN, consul on PATH, or one that
# scripts/consul.sh builds (once, about 4 minutes) from the Go module proxy.
# `demo/run.sh --etcd` replays the same story on a single-member etcd v3 instead (scripts/etcd.sh).
set -euo pipefail
backend=consul
if [ "${1:-}" = --etcd ]; then backend=etcd; fi
root=$(cd "$(dirname "$0")/.." && pwd)
fileconsul="$root/bin/fileconsul"

if [ ! -f "$root/target/fileconsul.jar" ]; then
  echo "# building fileconsul (mvn -q -DskipTests package)"
  (cd "$root" && mvn -B -q -DskipTests package)
fi
if [ "$backend" = etcd ]; then
  etcd=$(bash "$root/scripts/etcd.sh") || {
    echo "demo: no etcd binary; set ETCD_BIN or install Go so scripts/etcd.sh can build one" >&2
    exit 1
  }
  work=$(mktemp -d)
  read -r client_port peer_port < <(python3 -c '
import socket
socks = [socket.socket() for _ in range(2)]
for s in socks: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in socks])')
  echo "# starting etcd ($("$etcd" --version | sed -n 1p)) on 127.0.0.1:$client_port"
  "$etcd" --name demo --data-dir "$work/etcd" \
    --listen-client-urls "http://127.0.0.1:$client_port" \
    --advertise-client-urls "http://127.0.0.1:$client_port" \
    --listen-peer-urls "http://127.0.0.1:$peer_port" \
    --initial-advertise-peer-urls "http://127.0.0.1:$peer_port" \
    --initial-cluster "demo=http://127.0.0.1:$peer_port" --log-level warn >"$work/etcd.log" 2>&1 &
  agent=$!
  cleanup() {
    local rc=$?
    kill "$agent" 2>/dev/null || true
    wait "$agent" 2>/dev/null || true
    rm -rf "$work"
    exit "$rc"
  }
  trap cleanup EXIT
  export FILECONSUL_BACKEND=etcd ETCDCTL_ENDPOINTS="127.0.0.1:$client_port"
  for _ in $(seq 1 300); do
    curl -fs "http://$ETCDCTL_ENDPOINTS/health" 2>/dev/null | grep -q '"health":"true"' && break
    kill -0 $agent 2>/dev/null || { cat "$work/etcd.log"; exit 1; }
    sleep 0.1 # polling etcd until it is healthy (30 s at most)
  done
else
  consul=$(bash "$root/scripts/consul.sh") || {
    echo "demo: no consul binary; set CONSUL_BIN or install Go so scripts/consul.sh can build one" >&2
    exit 1
  }

  work=$(mktemp -d)
  # Four distinct free ports from one process: sockets held open until all are chosen, since a port
  # closed and asked for again can come back twice (consul then refuses its own configuration).
  read -r http serf_lan serf_wan server_port < <(python3 -c '
import socket
socks = [socket.socket() for _ in range(4)]
for s in socks: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in socks])')
  echo "# starting a Consul dev agent ($("$consul" version | sed -n 1p)) on 127.0.0.1:$http"
  "$consul" agent -dev -bind 127.0.0.1 -client 127.0.0.1 -http-port "$http" -dns-port -1 \
    -grpc-port -1 -grpc-tls-port -1 -serf-lan-port "$serf_lan" -serf-wan-port "$serf_wan" \
    -server-port "$server_port" -log-level warn >"$work/agent.log" 2>&1 &
  agent=$!
  cleanup() {
    local rc=$?
    kill "$agent" 2>/dev/null || true
    wait "$agent" 2>/dev/null || true # the agent's own status (143 after kill) is not ours
    rm -rf "$work"
    exit "$rc"
  }
  trap cleanup EXIT
  export CONSUL_HTTP_ADDR="127.0.0.1:$http"
  for _ in $(seq 1 300); do
    curl -fs "http://$CONSUL_HTTP_ADDR/v1/status/leader" 2>/dev/null | grep -q ':' && break
    kill -0 $agent 2>/dev/null || { cat "$work/agent.log"; exit 1; }
    sleep 0.1 # polling the agent until it has a leader (30 s at most)
  done

fi

mkdir -p "$work/server" "$work/client"
cp -Rp "$root/demo/share/." "$work/server/consul-share"
mkdir -p "$work/client/consul-share"

# step NODE EXPECTED-EXIT ARGS...: show the command as a prompt, run it, check its exit code.
step() {
  local node=$1 expected=$2; shift 2
  echo
  echo "root@$node:/consul/share# fileconsul $*"
  set +e
  (cd "$work/$node/consul-share" && "$fileconsul" "$@")
  local got=$?
  set -e
  if [ "$got" != "$expected" ]; then
    echo "demo: 'fileconsul $*' on $node exited $got, expected $expected" >&2
    exit 1
  fi
  echo "[exit $got]"
}

step server 1 status
step server 0 push
step client 0 pull
echo; echo "root@client:/consul/share# ls -l bin"; ls -l "$work/client/consul-share/bin"
echo; echo "root@client:/consul/share# vi bin/apache2   # edit a file"
sed -i 's/apache2 answers/apache2 answers on port 80/' "$work/client/consul-share/bin/apache2"
step client 1 status
step client 1 diff
step client 0 push
step server 1 status
step server 0 pull
step server 0 status
cmp -s "$work/server/consul-share/bin/apache2" "$work/client/consul-share/bin/apache2" \
  || { echo "demo: server and client copies of bin/apache2 differ" >&2; exit 1; }
[ -x "$work/server/consul-share/bin/apache2" ] && [ -x "$work/client/consul-share/bin/ntp" ] \
  || { echo "demo: an executable lost its exec bit" >&2; exit 1; }
echo
echo "# demo finished: both nodes hold identical files, exec bits intact"
