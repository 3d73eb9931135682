#!/usr/bin/env bash
# The naive baseline: one curl process per file, as a shell script would do it.
#   curl_loop.sh put ADDR PREFIX DIR LIST   PUT each listed file's bytes to PREFIX/path
#   curl_loop.sh get ADDR PREFIX DIR LIST   GET each key (?raw) into DIR/path
# LIST holds relative paths, one a line (bench/gentree.py --list). Prints the request count.
set -euo pipefail
mode=$1 addr=$2 prefix=$3 dir=$4 list=$5
n=0
while IFS= read -r rel; do
  case $mode in
    put) curl -sSf -o /dev/null -X PUT --data-binary "@$dir/$rel" "$addr/v1/kv/$prefix/$rel" ;;
    get) curl -sSf --create-dirs -o "$dir/$rel" "$addr/v1/kv/$prefix/$rel?raw" ;;
    *) echo "curl_loop.sh: unknown mode $mode" >&2; exit 2 ;;
  esac
  n=$((n + 1))
done < "$list"
echo "$n"
