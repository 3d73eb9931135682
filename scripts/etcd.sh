#!/usr/bin/env bash
# Prints the path of a usable etcd binary on stdout; progress goes to stderr.
# Order: $ETCD_BIN, a cached build, else build one and cache it, else Debian's etcd on PATH.
# `scripts/etcd.sh etcdctl` prints etcdctl's instead ($ETCDCTL_BIN, cached, built: a few seconds
# once etcd's modules are in the Go module cache), for the benchmarks' baselines.
#
# `go install go.etcd.io/etcd/v3@...` refuses (etcd's go.mod has replace directives), but
# go.etcd.io/etcd/server/v3 is a module of its own whose root package is etcd's main, so a
# scratch module that requires it builds the server with ordinary dependency resolution.
# Debian's etcd-server (3.4.x) is the fallback when there is no Go toolchain.
set -euo pipefail

ETCD_VERSION="${FILECONSUL_ETCD_VERSION:-v3.6.16}"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/fileconsul/etcd-${ETCD_VERSION}"
say() { echo "etcd.sh: $*" >&2; }

if [ "${1:-}" = etcdctl ]; then
  if [ -n "${ETCDCTL_BIN:-}" ]; then echo "$ETCDCTL_BIN"; exit 0; fi
  if [ -x "$cache/etcdctl" ]; then echo "$cache/etcdctl"; exit 0; fi
  command -v go >/dev/null 2>&1 || { say "no Go toolchain to build etcdctl; set ETCDCTL_BIN"; exit 1; }
  mkdir -p "$cache"
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  export GOFLAGS=-mod=mod GOTOOLCHAIN=local
  cd "$work"
  go mod init fileconsul.local/etcdctlbuild >/dev/null 2>&1
  go get "go.etcd.io/etcd/etcdctl/v3@${ETCD_VERSION}" >&2
  go build -ldflags="-s -w" -o "$cache/etcdctl.tmp" go.etcd.io/etcd/etcdctl/v3 >&2
  mv "$cache/etcdctl.tmp" "$cache/etcdctl"
  echo "$cache/etcdctl"
  exit 0
fi
if [ -n "${ETCD_BIN:-}" ]; then
  [ -x "$ETCD_BIN" ] || { say "ETCD_BIN=$ETCD_BIN is not an executable file"; exit 1; }
  echo "$ETCD_BIN"; exit 0
fi
if [ -x "$cache/etcd" ]; then echo "$cache/etcd"; exit 0; fi
if ! command -v go >/dev/null 2>&1; then
  if command -v etcd >/dev/null 2>&1; then command -v etcd; exit 0; fi
  say "no etcd found and no Go toolchain to build one: install Go, or Debian's etcd-server, or set ETCD_BIN"
  exit 1
fi

say "building etcd ${ETCD_VERSION} into $cache (first time only; about a minute or two on 2 cores)"
mkdir -p "$cache"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export GOFLAGS=-mod=mod GOTOOLCHAIN=local
cd "$work"
go mod init fileconsul.local/etcdbuild >/dev/null 2>&1
go get "go.etcd.io/etcd/server/v3@${ETCD_VERSION}" >&2
go build -ldflags="-s -w" -o "$cache/etcd.tmp" go.etcd.io/etcd/server/v3 >&2
[ -x "$cache/etcd.tmp" ] || { say "go build produced no binary"; exit 1; }
mv "$cache/etcd.tmp" "$cache/etcd"
say "built: $("$cache/etcd" --version | sed -n 1p)"
echo "$cache/etcd"
