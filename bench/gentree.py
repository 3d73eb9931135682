#!/usr/bin/env python3
"""Generates a deterministic share tree for the benchmarks, plus the same tree as the JSON that
`consul kv import` reads and the list of relative paths (for the curl loops).

    gentree.py DIR COUNT [--big] [--seed N] [--prefix P --import-json FILE] [--list FILE]

Default mix ("most small"): 80% 0 B-2 KiB, 15% 2-16 KiB, 4% 16-128 KiB, 1% 128-512 KiB; about
15% of files are random binary, the rest text; about 5% are executable; files sit 0-3 directory
levels deep. --big makes files of 480-512 KiB instead (COUNT=2000 gives about 1 GB). Every mtime
is set to a fixed past instant so the sync record never sees a racily-clean file.
"""
import argparse
import base64
import json
import os
import random

KIB = 1024
MAX_VALUE = 512 * KIB  # Consul's default limits.kv_max_value_size
FIXED_MTIME = 1_704_067_200  # 2024-01-01T00:00:00Z
WORDS = ("service check node datacenter token address port interval timeout http tcp grpc "
         "enable_tag_override meta weights script args deregister_critical_service_after "
         "consul fileconsul share handler config agent server client retry join").split()


def pick_size(rng, big):
    if big:
        return rng.randint(480 * KIB, MAX_VALUE)
    r = rng.random()
    if r < 0.80:
        return 0 if rng.random() < 0.03 else rng.randint(1, 2 * KIB)
    if r < 0.95:
        return rng.randint(2 * KIB, 16 * KIB)
    if r < 0.99:
        return rng.randint(16 * KIB, 128 * KIB)
    return rng.randint(128 * KIB, MAX_VALUE)


def text_bytes(rng, size):
    # A few random lines repeated: cheap to make, still realistic enough for a config share.
    lines = []
    n = 0
    while n < min(size, 4 * KIB):
        line = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 9)))
        line = f'  "{line}": {rng.randint(0, 99999)},\n'
        lines.append(line)
        n += len(line)
    block = "".join(lines).encode()
    return (block * (size // max(len(block), 1) + 1))[:size]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("count", type=int)
    ap.add_argument("--big", action="store_true")
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--prefix")
    ap.add_argument("--import-json")
    ap.add_argument("--list")
    a = ap.parse_args()

    rng = random.Random(a.seed * 1_000_003 + a.count + (7 if a.big else 0))
    paths = []
    total = 0
    for i in range(a.count):
        depth = rng.choice((0, 1, 1, 2, 2, 2, 3))
        parts = [f"d{rng.randrange(12 if level == 0 else 6):02d}" for level in range(depth)]
        binary = rng.random() < 0.15
        name = f"f{i:05d}" + (".bin" if binary else rng.choice((".json", ".hcl", ".sh", ".conf")))
        rel = "/".join(parts + [name])
        size = pick_size(rng, a.big)
        data = rng.randbytes(size) if binary else text_bytes(rng, size)
        path = os.path.join(a.dir, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
        os.chmod(path, 0o755 if name.endswith(".sh") and rng.random() < 0.2 else 0o644)
        os.utime(path, (FIXED_MTIME, FIXED_MTIME))
        paths.append(rel)
        total += size

    paths.sort()
    if a.list:
        with open(a.list, "w") as f:
            f.write("".join(p + "\n" for p in paths))
    if a.import_json:
        if not a.prefix:
            ap.error("--import-json needs --prefix")
        with open(a.import_json, "w") as out:
            out.write("[")
            for n, rel in enumerate(paths):
                with open(os.path.join(a.dir, rel), "rb") as f:
                    value = base64.b64encode(f.read()).decode()
                out.write(("," if n else "") + json.dumps(
                    {"key": f"{a.prefix}/{rel}", "flags": 0, "value": value}))
            out.write("]\n")
    print(f"{a.count} files, {total} bytes")


if __name__ == "__main__":
    main()
