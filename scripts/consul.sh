#!/usr/bin/env bash
# Prints the path of a usable consul binary on stdout; progress goes to stderr.
# Order: $CONSUL_BIN, consul on PATH, a cached build, else build one and cache it.
# FILECONSUL_CONSUL_VERSION=v1.22.3 selects a second version for the version tests: then only its
# own cache (.../consul-v1.22.3/consul) or a build counts, never $CONSUL_BIN or a consul on PATH,
# which stand for the default version.
#
# There is no Consul package in Debian, Maven Central or npm, so the project builds its own from
# the Go module proxy. `go install github.com/hashicorp/consul@v1.16.6` refuses (consul's go.mod
# has replace directives), and building it as a dependency fails too: those replaces point at
# in-repo submodules (api, sdk, troubleshoot, ...) whose tagged releases do not match, e.g. no
# tagged troubleshoot release of the 1.16 line has the `ports` package. So we rebuild the repo
# layout: consul's module source with each submodule, at the version its go.mod pins, copied to
# where its replace directive points; `troubleshoot/ports` (stdlib-only) comes from
# troubleshoot v0.6.1. 1.16.x is the last MPL-licensed line.
# Any other version takes its submodule versions from its own go.mod (the require lines of the
# modules its replace block points into the repo); v1.22.3 (BUSL, fine for a test server) builds so.
# v1.21.5 does not: the proxy here serves neither its envoyextensions v0.8.4 nor troubleshoot v0.7.6.
# FILECONSUL_CONSUL_SUBMODULES="envoyextensions@v0.9.2 troubleshoot@v0.8.3" (1.22.3's) replaces
# those; the KV and txn endpoints live in the main module, so a 1.21.5 built so answers KV as 1.21.5.
# Such a build is for a manual check only (docs/reliability.md), not the version run.
set -euo pipefail

DEFAULT_VERSION=v1.16.6
CONSUL_VERSION="${FILECONSUL_CONSUL_VERSION:-$DEFAULT_VERSION}"
case "$CONSUL_VERSION" in v*) ;; *) CONSUL_VERSION="v$CONSUL_VERSION" ;; esac
cache="${XDG_CACHE_HOME:-$HOME/.cache}/fileconsul/consul-${CONSUL_VERSION}"
say() { echo "consul.sh: $*" >&2; }

if [ "$CONSUL_VERSION" = "$DEFAULT_VERSION" ]; then
  if [ -n "${CONSUL_BIN:-}" ]; then
    [ -x "$CONSUL_BIN" ] || { say "CONSUL_BIN=$CONSUL_BIN is not an executable file"; exit 1; }
    echo "$CONSUL_BIN"; exit 0
  fi
  if command -v consul >/dev/null 2>&1; then command -v consul; exit 0; fi
fi
if [ -x "$cache/consul" ]; then echo "$cache/consul"; exit 0; fi

command -v go >/dev/null 2>&1 || { say "no consul found and no Go toolchain to build one: install Go (apt-get install golang) or set CONSUL_BIN"; exit 1; }
command -v python3 >/dev/null 2>&1 || { say "python3 is needed to read 'go mod download -json'"; exit 1; }

say "building consul ${CONSUL_VERSION} into $cache (first time only; about 4 minutes on 2 cores)"
mkdir -p "$cache"
work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
export GOFLAGS=-mod=mod GOTOOLCHAIN=local
# The proxy's checksum database has no entries for consul's submodules; everything else is verified.
export GONOSUMDB='github.com/hashicorp/consul/*'

module_dir() {
  go mod download -json "$1" | python3 -c '
import json, sys
d = json.load(sys.stdin)
if d.get("Error"): sys.exit("consul.sh: " + d["Error"])
print(d["Dir"])'
}

# Prints "name@version" for each submodule that go.mod ($1) both replaces with ./name and requires.
submodules_of() {
  python3 - "$1" <<'PY'
import re, sys
mod = open(sys.argv[1]).read()
local = re.findall(r"github\.com/hashicorp/consul/([\w-]+)\s*=>\s*\./([\w-]+)\s*$", mod, re.M)
for name, target in local:
    if name != target:
        sys.exit(f"consul.sh: replace of {name} points at ./{target}, not ./{name}")
    m = re.search(r"^\s*github\.com/hashicorp/consul/" + re.escape(name) + r"\s+(v\S+)", mod, re.M)
    if not m:
        sys.exit(f"consul.sh: go.mod replaces {name} but requires no version of it")
    print(f"{name}@{m.group(1)}")
PY
}

say "downloading consul ${CONSUL_VERSION} and its submodules"
cp -r "$(module_dir "github.com/hashicorp/consul@${CONSUL_VERSION}")" "$work/consul"
chmod -R u+w "$work/consul"
if [ "$CONSUL_VERSION" = v1.16.6 ]; then
  submodules="api@v1.25.1 envoyextensions@v0.4.1 proto-public@v0.4.1 sdk@v0.15.0 troubleshoot@v0.3.1"
else
  submodules=$(submodules_of "$work/consul/go.mod")
fi
for o in ${FILECONSUL_CONSUL_SUBMODULES:-}; do
  say "  replacing ${o%@*}'s pinned version by ${o#*@}"
  submodules=$(for m in $submodules; do if [ "${m%@*}" = "${o%@*}" ]; then echo "$o"; else echo "$m"; fi; done)
done
for m in $submodules; do
  say "  submodule $m"
  dir=$(module_dir "github.com/hashicorp/consul/$m") # an assignment, so that set -e stops here
  cp -r "$dir" "$work/consul/${m%@*}"
done
chmod -R u+w "$work/consul"
if [ "$CONSUL_VERSION" = v1.16.6 ]; then
  ports="$(module_dir github.com/hashicorp/consul/troubleshoot@v0.6.1)/ports"
  mkdir -p "$work/consul/troubleshoot/ports"
  for f in "$ports"/*.go; do
    case "$f" in *_test.go) ;; *) cp "$f" "$work/consul/troubleshoot/ports/" ;; esac
  done
fi

say "compiling (a package count is printed as it goes)"
cd "$work/consul"
# -checklinkname=0: old dependencies use go:linkname into the runtime, which newer linkers refuse.
go build -v -ldflags="-s -w -checklinkname=0" -o "$cache/consul.tmp" . 2>&1 \
  | awk '/^go: downloading/ { next } /^[a-z].*\// { n++; if (n % 100 == 0) printf "consul.sh: %d packages compiled\n", n > "/dev/stderr"; next } { print > "/dev/stderr" }'
[ -x "$cache/consul.tmp" ] || { say "go build produced no binary"; exit 1; }
mv "$cache/consul.tmp" "$cache/consul"
say "built: $("$cache/consul" version | sed -n 1p)"
echo "$cache/consul"
