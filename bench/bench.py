#!/usr/bin/env python3
"""The benchmark driver behind bench/run.sh (which builds the jar and starts/stops Consul).

Times whole commands against a live agent: fileconsul, `consul kv import/export`, a curl loop, a
picocli hello-world (the JVM floor), and with --peer-go PATH the Go original (foostan/fileconsul)
built by hand beforehand: this driver never builds or downloads it, it only runs PATH. Every run goes through /usr/bin/time for CPU time and peak
RSS; HTTP requests come from fileconsul's `--debug` line, or are counted by construction for the
other tools. Writes raw results as JSON and the report between the markers in docs/benchmarks.md.
"""
import argparse
import datetime
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
DEBUG_RE = re.compile(r"^debug: (\d+) HTTP request\(s\)", re.M)
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
LAUNCHER_FLAGS = ["-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-Xmn16m",
                  "-Xshare:auto"]
RUN_TIMEOUT = 1800  # seconds; no single command may hang the run
PEER = "Go original"
# Issue 9's targets, ratio fileconsul / Go original (medians of one interleaved run).
PEER_SCENARIOS = [("status-warm", "status, in sync"), ("push-initial", "push, all new"),
                  ("pull-initial", "pull, all new"), ("push-1-changed", "push, 1 changed"),
                  ("pull-1-changed", "pull, 1 changed")]
PEER_TARGETS = {
    10000: {"status-warm": 0.25, "push-1-changed": 0.35, "pull-1-changed": 0.35,
            "push-initial": 0.8, "pull-initial": 1.0},
    1000: {"status-warm": 1.0, "push-1-changed": 1.0, "pull-1-changed": 1.0,
           "push-initial": 1.0, "pull-initial": 1.5},
    100: {sc: 6.0 for sc, _ in PEER_SCENARIOS},
}
FLOOR_TARGET = 1.5  # issue 9: status on 100 files / picocli hello on the same JVM


def log(msg):
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


class Bench:
    def __init__(self, a):
        self.a = a
        self.addr = a.addr
        self.work = a.work
        self.consul = a.consul
        self.fc = os.path.join(REPO, "bin", "fileconsul")
        self.results = []
        self.commands = {}
        self.notes = []
        self.counter = 0

    # ---- helpers -------------------------------------------------------------------------

    def http(self, method, path, data=None, addr=None):
        req = urllib.request.Request((addr or self.addr) + path, data=data, method=method)
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.read()

    def delete_prefix(self, prefix, addr=None):
        # The trailing slash keeps a sibling prefix (fc-100 vs fc-1000) out of the delete.
        self.http("DELETE", f"/v1/kv/{prefix}/?recurse", addr=addr)

    def ours(self, *args, addr=None):
        return [self.fc, *args, "--addr", addr or self.addr, "--debug"]

    def pretty(self, argv):
        s = " ".join(shlex.quote(x) for x in argv)
        if self.a.peer_go:
            s = s.replace(self.a.peer_go, "$PEER_GO")
        s = s.replace(self.work, "$WORK").replace(REPO + "/", "")
        # The longer address first: one port can be a prefix of the other.
        addrs = [(self.addr, "$ADDR")] + ([(self.a.disk_addr, "$DISK_ADDR")]
                                          if self.a.disk_addr else [])
        for addr, name in sorted(addrs, key=lambda x: -len(x[0])):
            s = s.replace(addr, name)
        s = s.replace(self.addr.split("://", 1)[-1], "${ADDR#http://}")
        return s.replace(self.consul, "consul")

    def once(self, argv, env=None, stdout_path=None, expect=(0,), requests=None, cwd=None):
        """One timed run: (wall s, CPU s, peak RSS MiB, HTTP requests or None)."""
        tf = os.path.join(self.work, "time.out")
        out = open(stdout_path, "wb") if stdout_path else subprocess.PIPE
        t0 = time.perf_counter()
        try:
            p = subprocess.run(["/usr/bin/time", "-f", "%U %S %M", "-o", tf, *argv], stdout=out,
                               stderr=subprocess.PIPE, env=dict(os.environ, **(env or {})),
                               timeout=RUN_TIMEOUT, cwd=cwd)
        finally:
            if stdout_path:
                out.close()
        wall = time.perf_counter() - t0
        if p.returncode not in expect:
            raise SystemExit(f"bench: {self.pretty(argv)} exited {p.returncode}:\n"
                             + p.stderr.decode(errors="replace")[-2000:])
        user, sys_, maxrss = open(tf).read().strip().splitlines()[-1].split()
        m = DEBUG_RE.search(p.stderr.decode(errors="replace"))
        if m:
            req = int(m.group(1))
        elif callable(requests):
            req = requests(p.stdout or b"")
        else:
            req = requests
        return wall, float(user) + float(sys_), int(maxrss) / 1024, req

    def record(self, scenario, n, tool, argv, samples, env=None, stdout_path=None,
               prepare_text=None):
        walls = [x[0] for x in samples]
        reqs = [x[3] for x in samples if x[3] is not None]
        r = {
            "scenario": scenario, "files": n, "tool": tool, "runs": len(samples),
            "median": statistics.median(walls), "min": min(walls), "max": max(walls),
            "cpu": statistics.median(x[1] for x in samples),
            "rss_mib": max(x[2] for x in samples),
            "requests": (max(reqs) if reqs else None), "walls": walls,
        }
        env_txt = " ".join(f"{k}={shlex.quote(v)}" for k, v in (env or {}).items())
        self.commands[(scenario, tool)] = (
            (env_txt + " " if env_txt else "") + self.pretty(argv)
            + (f" > {self.pretty([stdout_path])}" if stdout_path else ""), prepare_text)
        self.results.append(r)
        log(f"{scenario:16} {n:>6} {tool:28} median {r['median']:.3f}s "
            f"[{r['min']:.3f}-{r['max']:.3f}] cpu {r['cpu']:.2f}s rss {r['rss_mib']:.0f}MiB "
            f"req {r['requests']}")
        return r

    def measure(self, scenario, n, tool, argv, runs, prepare=None, warmup=0, expect=(0,),
                requests=None, env=None, stdout_path=None, prepare_text=None):
        """Runs argv `warmup + runs` times; prepare() before each run is not timed."""
        samples = []
        for i in range(warmup + runs):
            if prepare:
                prepare()
            s = self.once(argv, env, stdout_path, expect, requests)
            if i >= warmup:
                samples.append(s)
        return self.record(scenario, n, tool, argv, samples, env, stdout_path, prepare_text)

    def interleaved(self, specs, runs, warmup=1):
        """Round-robin over (scenario, n, tool, argv, env, requests) specs, so load drifting
        on a shared machine hits every variant alike and their ratios stay meaningful."""
        samples = [[] for _ in specs]
        for i in range(warmup + runs):
            for k, (_, _, _, argv, env, req) in enumerate(specs):
                s = self.once(argv, env, requests=req)
                if i >= warmup:
                    samples[k].append(s)
        for k, (scenario, n, tool, argv, env, _) in enumerate(specs):
            self.record(scenario, n, tool, argv, samples[k], env)

    def paired(self, scenario, n, specs, runs, warmup=0):
        """Like measure(), for several tools on one scenario, run by run in turn (A B A B ...,
        never all of one and then all of the other): each spec is a dict with tool, argv and
        optionally prepare (untimed, just before that tool's run), prepare_text, requests,
        expect and cwd."""
        samples = [[] for _ in specs]
        for i in range(warmup + runs):
            for k, sp in enumerate(specs):
                if sp.get("prepare"):
                    sp["prepare"]()
                s = self.once(sp["argv"], expect=sp.get("expect", (0,)),
                              requests=sp.get("requests"), cwd=sp.get("cwd"))
                if i >= warmup:
                    samples[k].append(s)
        return [self.record(scenario, n, sp["tool"], sp["argv"], samples[k],
                            prepare_text=sp.get("prepare_text"))
                for k, sp in enumerate(specs)]

    def versus(self, scenario, n, ours, peer, runs, warmup=0):
        """fileconsul's measurement of a scenario; with --peer-go, interleaved with the Go
        original's on the same tree content and the same agent."""
        if not self.a.peer_go:
            return self.measure(scenario, n, "fileconsul", ours["argv"], runs, warmup=warmup,
                                prepare=ours.get("prepare"),
                                prepare_text=ours.get("prepare_text"))
        return self.paired(scenario, n, [dict(ours, tool="fileconsul"), dict(peer, tool=PEER)],
                           runs, warmup)

    def get(self, scenario, n, tool):
        for r in self.results:
            if (r["scenario"], r["files"], r["tool"]) == (scenario, n, tool):
                return r
        return None

    def runs(self, n, expensive=False):
        if expensive:
            return 1 if n >= 10000 else 3
        return max(3, self.a.runs - 2) if n >= 10000 else self.a.runs

    # ---- scenarios -----------------------------------------------------------------------

    def gen(self, n, big=False):
        name = f"big{n}" if big else str(n)
        tree = os.path.join(self.work, f"tree-{name}")
        lst = os.path.join(self.work, f"list-{name}.txt")
        js = os.path.join(self.work, f"import-{name}.json")
        log(f"generating {name}-file tree")
        cmd = [sys.executable, os.path.join(HERE, "gentree.py"), tree, str(n),
               "--prefix", f"imp-{name}", "--import-json", js, "--list", lst]
        if big:
            cmd.append("--big")
        out = subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=1200)
        self.notes.append(f"tree {name}: {out.stdout.strip()}")
        return tree, lst, js

    def can_drop_caches(self):
        try:
            os.sync()
            with open("/proc/sys/vm/drop_caches", "w") as f:
                f.write("3\n")
            return True
        except OSError as e:
            self.notes.append(f"cold cache: not possible here ({e})")
            return False

    def drop_caches(self):
        os.sync()
        with open("/proc/sys/vm/drop_caches", "w") as f:
            f.write("3\n")

    def opened_files(self, tree, argv):
        """Regular files under tree (outside .fileconsul/) that argv opens, by strace."""
        if not shutil.which("strace"):
            return None
        trace = os.path.join(self.work, "strace.out")
        subprocess.run(["strace", "-f", "-qq", "-e", "trace=openat,open", "-o", trace, *argv],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=RUN_TIMEOUT)
        count = 0
        for line in open(trace, errors="replace"):
            m = re.search(r'open(?:at)?\([^"]*"([^"]+)"', line)
            # The JDK opens directories for walking with a plain O_RDONLY: skip those by path.
            if (m and m.group(1).startswith(tree + "/") and "/.fileconsul/" not in m.group(1)
                    and "= -1" not in line and not os.path.isdir(m.group(1))):
                count += 1
        return count

    def sized(self, n):
        tree, lst, js = self.gen(n)
        paths = open(lst).read().split()
        changed = next(p for p in paths if p.endswith(".json") and os.path.getsize(
            os.path.join(tree, p)) < 4096)
        fc, imp, cu = f"fc-{n}", f"imp-{n}", f"curl-{n}"
        state = os.path.join(tree, ".fileconsul")

        def touch_local(root=tree):
            self.counter += 1
            with open(os.path.join(root, changed), "ab") as f:
                f.write(f"# bench edit {self.counter}\n".encode())

        # The Go original (--peer-go): its own prefix and its own copy of the generated tree
        # (it syncs every file under --basepath, so it would push fileconsul's .fileconsul/).
        # Its prefix is given with a trailing slash: it lists `<prefix>?recurse`, so go-100
        # would also read go-1000's keys. It writes its temp files into its working directory
        # and renames them into place, so it runs from $WORK, on the trees' file system.
        go, gtree = f"go-{n}", os.path.join(self.work, f"gotree-{n}")
        gdest = os.path.join(self.work, f"gopull-{n}")
        if self.a.peer_go:
            shutil.rmtree(gtree, ignore_errors=True)
            shutil.copytree(tree, gtree, symlinks=True)

        def theirs(command, basepath):
            return [self.a.peer_go, command, "--addr", self.addr.split("://", 1)[-1],
                    "--prefix", go + "/", "--basepath", basepath]

        # --- initial push
        def fresh_push():
            self.delete_prefix(fc)
            shutil.rmtree(state, ignore_errors=True)
        self.versus("push-initial", n,
                    dict(argv=self.ours("push", "-q", "--basepath", tree, "--prefix", fc),
                         prepare=fresh_push, prepare_text=f"curl -X DELETE $ADDR/v1/kv/{fc}/?recurse; "
                                                          "rm -rf TREE/.fileconsul"),
                    dict(argv=theirs("push", gtree), prepare=lambda: self.delete_prefix(go),
                         requests=n + 1, cwd=self.work,
                         prepare_text=f"curl -X DELETE $ADDR/v1/kv/{go}/?recurse"),
                    self.runs(n))
        if self.a.peer_go:
            p = subprocess.run(theirs("status", gtree), capture_output=True, timeout=RUN_TIMEOUT,
                               cwd=self.work)
            self.notes.append(f"Go original, {n} files: status after its push printed "
                              + ("nothing (in sync)" if not (p.stdout + p.stderr).strip()
                                 else f"{len((p.stdout + p.stderr).splitlines())} line(s): "
                                      "NOT in sync"))
        self.measure("push-initial", n, "consul kv import",
                     [self.consul, "kv", "import", f"-http-addr={self.addr}", "@" + js],
                     self.runs(n, expensive=n >= 10000), prepare=lambda: self.delete_prefix(imp),
                     requests=n, prepare_text=f"curl -X DELETE $ADDR/v1/kv/{imp}/?recurse")
        slow_ok = n < 10000 or self.a.slow
        if not slow_ok:
            self.notes.append(f"curl loops at {n} files skipped (about 20 ms a file here, so "
                              "~200 s each way); bench/run.sh --slow runs them")
        if slow_ok:
            self.measure("push-initial", n, "curl PUT loop",
                         [os.path.join(HERE, "curl_loop.sh"), "put", self.addr, cu, tree, lst],
                         self.runs(n, expensive=True), prepare=lambda: self.delete_prefix(cu),
                         requests=lambda out: int(out.split()[-1]),
                         prepare_text=f"curl -X DELETE $ADDR/v1/kv/{cu}/?recurse")

        # --- status on the unchanged tree
        status = self.ours("status", "--basepath", tree, "--prefix", fc)
        self.versus("status-warm", n, dict(argv=status),
                    dict(argv=theirs("status", gtree), requests=1, cwd=self.work),
                    self.runs(n), warmup=1)
        opened = self.opened_files(tree, status)
        self.notes.append(f"status on the unchanged {n}-file tree opened {opened} file(s) under "
                          "the share directory (strace; 0 = no content re-read)")
        self.results.append({"scenario": "no-reread", "files": n, "tool": "fileconsul",
                             "opened": opened})
        self.measure("status-warm", n, "consul kv export",
                     [self.consul, "kv", "export", f"-http-addr={self.addr}", fc + "/"],
                     self.runs(n), warmup=1, requests=1,
                     stdout_path=os.path.join(self.work, "export.json"))
        if self.cold:
            self.measure("status-cold", n, "fileconsul", status, min(3, self.runs(n)),
                         prepare=self.drop_caches,
                         prepare_text="sync; echo 3 > /proc/sys/vm/drop_caches")

        # --- status after one local change
        self.measure("status-1-changed", n, "fileconsul", status, self.runs(n),
                     prepare=touch_local, expect=(1,), prepare_text=f"echo >> TREE/{changed}")

        # --- push of one changed file
        self.versus("push-1-changed", n,
                    dict(argv=self.ours("push", "-q", "--basepath", tree, "--prefix", fc),
                         prepare=touch_local, prepare_text=f"echo >> TREE/{changed}"),
                    dict(argv=theirs("push", gtree), prepare=lambda: touch_local(gtree),
                         requests=2, cwd=self.work, prepare_text=f"echo >> TREE/{changed}"),
                    self.runs(n))
        self.measure("push-1-changed", n, "consul kv put (1 key)",
                     [self.consul, "kv", "put", f"-http-addr={self.addr}", f"{cu}/{changed}",
                      "@" + os.path.join(tree, changed)],
                     self.runs(n), prepare=touch_local, requests=1,
                     prepare_text=f"echo >> TREE/{changed}")

        # --- initial pull into an empty directory
        dest = os.path.join(self.work, f"pull-{n}")
        def fresh_gdest():
            # The Go original cannot pull into a directory that does not exist.
            shutil.rmtree(gdest, ignore_errors=True)
            os.makedirs(gdest)
        self.versus("pull-initial", n,
                    dict(argv=self.ours("pull", "-q", "--basepath", dest, "--prefix", fc),
                         prepare=lambda: shutil.rmtree(dest, ignore_errors=True),
                         prepare_text="rm -rf DEST"),
                    dict(argv=theirs("pull", gdest), prepare=fresh_gdest, requests=1,
                         cwd=self.work, prepare_text="rm -rf DEST; mkdir DEST"),
                    self.runs(n))
        if self.a.peer_go:
            d = subprocess.run(["diff", "-r", "-q", gtree, gdest], capture_output=True,
                               text=True, timeout=RUN_TIMEOUT)
            self.notes.append(f"Go original, {n} files: its pull gave "
                              + ("the same contents as its tree (diff -r; modes not compared, "
                                 "it writes every file 0644)" if d.returncode == 0
                                 else "DIFFERENT contents: " + d.stdout[:300]))
        self.measure("pull-initial", n, "consul kv export",
                     [self.consul, "kv", "export", f"-http-addr={self.addr}", fc + "/"],
                     self.runs(n), requests=1,
                     stdout_path=os.path.join(self.work, "export.json"))
        cdest = os.path.join(self.work, f"curlpull-{n}")
        if slow_ok:
            self.measure("pull-initial", n, "curl GET loop",
                         [os.path.join(HERE, "curl_loop.sh"), "get", self.addr, fc, cdest, lst],
                         self.runs(n, expensive=True),
                         prepare=lambda: shutil.rmtree(cdest, ignore_errors=True),
                         requests=lambda out: int(out.split()[-1]), prepare_text="rm -rf DEST")

        # --- pull of one changed file
        key = f"{fc}/{changed}"
        flags = json.loads(self.http("GET", f"/v1/kv/{key}"))[0]["Flags"]

        def touch_remote():
            self.counter += 1
            self.http("PUT", f"/v1/kv/{key}?flags={flags}",
                      f"remote edit {self.counter}\n".encode())
        def touch_remote_go():
            self.counter += 1
            self.http("PUT", f"/v1/kv/{go}/{changed}", f"remote edit {self.counter}\n".encode())
        self.versus("pull-1-changed", n,
                    dict(argv=self.ours("pull", "-q", "--basepath", dest, "--prefix", fc),
                         prepare=touch_remote, prepare_text="curl -X PUT --data-binary @new "
                                                            f"$ADDR/v1/kv/{key}?flags={flags}"),
                    dict(argv=theirs("pull", gdest), prepare=touch_remote_go, requests=1,
                         cwd=self.work, prepare_text="curl -X PUT --data-binary @new "
                                                     f"$ADDR/v1/kv/{go}/{changed}"),
                    self.runs(n))
        self.measure("pull-1-changed", n, "consul kv get (1 key)",
                     [self.consul, "kv", "get", f"-http-addr={self.addr}", key], self.runs(n),
                     prepare=touch_remote, requests=1,
                     stdout_path=os.path.join(self.work, "get.out"))
        # The last touch_remote is not pulled yet: sync DEST again for the JVM measurements.
        subprocess.run(self.ours("pull", "-q", "--basepath", dest, "--prefix", fc), check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=RUN_TIMEOUT)
        shutil.rmtree(cdest, ignore_errors=True)
        if self.a.peer_go:
            shutil.rmtree(gtree, ignore_errors=True)
            shutil.rmtree(gdest, ignore_errors=True)
            self.delete_prefix(go)
        return dest

    def jvm(self, tree100):
        """The JVM floor and the launcher-flag levers, on status of a synced 100-file tree."""
        hello_dir = os.path.join(self.work, "hello")
        os.makedirs(hello_dir, exist_ok=True)
        picocli = self.a.picocli
        subprocess.run(["javac", "-d", hello_dir, "-cp", picocli,
                        os.path.join(HERE, "Hello.java")], check=True, timeout=300)
        # A jar, not a class directory: CDS archives only classes from jars.
        hello_jar = os.path.join(self.work, "hello.jar")
        subprocess.run(["jar", "cf", hello_jar, "-C", hello_dir, "."], check=True, timeout=120)
        hello = ["java", *LAUNCHER_FLAGS, "-cp", picocli + ":" + hello_jar, "Hello"]
        hello_jsa = os.path.join(self.work, "hello.jsa")
        # A static archive, as scripts/cds-archive.sh makes ours: a dynamic one would leave out
        # picocli's classes (Java 5's class format), and the floor would be the slower one.
        hello_list = os.path.join(self.work, "hello.classlist")
        subprocess.run(hello[:1] + [f"-XX:DumpLoadedClassList={hello_list}"] + hello[1:],
                       stdout=subprocess.DEVNULL, timeout=300)
        subprocess.run(["java", *LAUNCHER_FLAGS, "-Xshare:dump",
                        f"-XX:SharedClassListFile={hello_list}",
                        f"-XX:SharedArchiveFile={hello_jsa}", "-Xlog:cds=off",
                        "-cp", picocli + ":" + hello_jar],
                       stdout=subprocess.DEVNULL, timeout=300)
        status = self.ours("status", "--basepath", tree100, "--prefix", "fc-100")
        specs = [
            ("jvm-floor", 0, "picocli hello (launcher flags)", hello, None, 0),
            ("jvm-floor", 0, "fileconsul --version", [self.fc, "--version"], None, 0),
            ("jvm-levers", 100, "bin/fileconsul as shipped", status, None, None),
            ("jvm-levers", 100, "without its AppCDS archive (FILECONSUL_CDS=off)", status,
             {"FILECONSUL_CDS": "off"}, None),
            ("jvm-levers", 100, "-Xshare:off (no CDS at all)", status,
             {"JAVA_OPTS": "-Xshare:off"}, None),
            ("jvm-levers", 100, "full tiered JIT (-XX:TieredStopAtLevel=4)", status,
             {"JAVA_OPTS": "-XX:TieredStopAtLevel=4"}, None),
            ("jvm-levers", 100, "two C1 compiler threads (-XX:CICompilerCount=2)", status,
             {"JAVA_OPTS": "-XX:CICompilerCount=2"}, None),
            ("jvm-levers", 100, "ParallelGC instead of SerialGC", status,
             {"JAVA_OPTS": "-XX:-UseSerialGC -XX:+UseParallelGC"}, None),
        ]
        if os.path.exists(hello_jsa):
            specs.insert(1, ("jvm-floor", 0, "picocli hello + its own AppCDS archive",
                             hello[:1] + [f"-XX:SharedArchiveFile={hello_jsa}", "-Xlog:cds=off"]
                             + hello[1:], None, 0))
        self.interleaved(specs, self.a.runs + 5)

    def disk(self, n):
        """Initial push against a server that keeps raft on disk (fsync per commit), as a real
        cluster does; the dev agent keeps everything in memory and never fsyncs."""
        addr = self.a.disk_addr
        tree = os.path.join(self.work, f"tree-{n}")
        js = os.path.join(self.work, f"import-{n}.json")
        runs = 1 if n >= 10000 else 3

        def fresh():
            self.delete_prefix(f"fc-{n}", addr)
            shutil.rmtree(os.path.join(tree, ".fileconsul"), ignore_errors=True)
        self.measure("push-initial-disk", n, "fileconsul",
                     self.ours("push", "-q", "--basepath", tree, "--prefix", f"fc-{n}",
                               addr=addr), runs, prepare=fresh,
                     prepare_text=f"curl -X DELETE $DISK_ADDR/v1/kv/fc-{n}/?recurse; "
                                  "rm -rf TREE/.fileconsul")
        self.measure("push-initial-disk", n, "consul kv import",
                     [self.consul, "kv", "import", f"-http-addr={addr}", "@" + js], runs,
                     prepare=lambda: self.delete_prefix(f"imp-{n}", addr), requests=n,
                     prepare_text=f"curl -X DELETE $DISK_ADDR/v1/kv/imp-{n}/?recurse")

    def big(self):
        tree, lst, js = self.gen(2000, big=True)
        fc = "fc-big"
        self.measure("push-initial", 2000, "fileconsul (1 GB tree)",
                     self.ours("push", "-q", "--basepath", tree, "--prefix", fc), 1)
        dest = os.path.join(self.work, "pull-big")
        # --timeout 2m: Consul builds the whole 1.36 GB answer before its first byte, 13-21 s on
        # a quiet 2-core machine and past the default 30 s right after this push (issue 9, eighth
        # session). This run checks our heap under -Xmx256m, not Consul's latency.
        self.measure("pull-initial", 2000, "fileconsul -Xmx256m (1 GB tree)",
                     self.ours("pull", "-q", "--basepath", dest, "--prefix", fc,
                               "--timeout", "2m"), 1,
                     env={"JAVA_OPTS": "-Xmx256m"}, prepare=lambda: shutil.rmtree(dest, True),
                     prepare_text="rm -rf DEST")
        diff = subprocess.run(["diff", "-r", "-q", "-x", ".fileconsul", tree, dest],
                              capture_output=True, text=True, timeout=1200)
        self.notes.append("1 GB pull with -Xmx256m: "
                          + ("tree identical to the source" if diff.returncode == 0
                             else "DIFFERS: " + diff.stdout[:500]))
        shutil.rmtree(dest, ignore_errors=True)
        self.delete_prefix(fc)

    def prime(self):
        """bin/fileconsul makes its class-data archive on the first real command after a build:
        do that here, untimed, so no measured run pays for it."""
        empty = os.path.join(self.work, "empty")
        os.makedirs(empty, exist_ok=True)
        jsa = os.path.join(REPO, "target", "fileconsul.jsa")
        t0 = time.perf_counter()
        subprocess.run(self.ours("status", "--basepath", empty, "--prefix", "bench-prime"),
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
        self.notes.append(f"priming run (creates target/fileconsul.jsa if missing): "
                          f"{time.perf_counter() - t0:.2f} s; archive "
                          + ("present" if os.path.exists(jsa) else "absent"))

    def run(self):
        self.cold = self.can_drop_caches()
        self.prime()
        t0 = time.time()
        self.load = [os.getloadavg()]
        tree100 = None
        for n in self.a.sizes:
            t = self.sized(n)
            if n == 100:
                tree100 = t
        if tree100:
            self.jvm(tree100)
        # Optional phases: a failure is reported, and the report is still written.
        phases = [(f"disk push {n}", lambda n=n: self.disk(n))
                  for n in self.a.sizes if n >= 1000 and self.a.disk_addr]
        if self.a.big:
            phases.append(("1 GB tree", self.big))
        for name, phase in phases:
            try:
                phase()
            except (Exception, SystemExit) as e:  # noqa: BLE001 - keep the other results
                self.notes.append(f"{name}: FAILED: {str(e)[:500]}")
                log(f"{name} failed: {e}")
        self.load.append(os.getloadavg())
        self.elapsed = time.time() - t0
        with open(os.path.join(self.work, "results.json"), "w") as f:
            json.dump({"results": self.results, "notes": self.notes}, f, indent=1)
        report = self.report()
        print(report)
        if self.a.out:
            write_between_markers(self.a.out, report)
            log(f"wrote {self.a.out}")

    # ---- report --------------------------------------------------------------------------

    def report(self):
        L = []
        java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr
        consul_v = subprocess.run([self.consul, "version"], capture_output=True,
                                  text=True).stdout.splitlines()[0]
        L.append(f"Run of {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}, "
                 f"{os.cpu_count()} cores, {platform.system()} {platform.release()}, "
                 f"{java.splitlines()[0]}, {consul_v} dev agent on loopback. Load average "
                 f"(1 min) {self.load[0][0]:.1f} at the start, {self.load[-1][0]:.1f} at the "
                 f"end; the whole run took {self.elapsed / 60:.1f} min. Command: "
                 f"`bench/run.sh {' '.join(self.a.argv)}`.".replace("  ", " "))
        L.append("")
        L.append("### Results (wall seconds: median and min-max over the runs)")
        L.append("")
        L.append("| scenario | files | tool | median s | min-max s | CPU s | peak RSS MiB "
                 "| HTTP requests | runs |")
        L.append("|---|---:|---|---:|---:|---:|---:|---:|---:|")
        for r in self.results:
            if "median" not in r:
                continue
            L.append(f"| {r['scenario']} | {r['files']} | {r['tool']} | {r['median']:.3f} "
                     f"| {r['min']:.3f}-{r['max']:.3f} | {r['cpu']:.2f} | {r['rss_mib']:.0f} "
                     f"| {'' if r['requests'] is None else r['requests']} | {r['runs']} |")
        L.append("")
        L.append("### Ratios (ours / alternative, medians; below 1 means fileconsul is faster)")
        L.append("")
        L.append("| scenario | files | fileconsul s | alternative | alternative s | ratio |")
        L.append("|---|---:|---:|---|---:|---:|")
        for (sc, alt_sc, alt) in [
            ("push-initial", "push-initial", "consul kv import"),
            ("push-initial", "push-initial", "curl PUT loop"),
            ("push-initial-disk", "push-initial-disk", "consul kv import"),
            ("push-1-changed", "push-initial", "consul kv import"),
            ("push-1-changed", "push-1-changed", "consul kv put (1 key)"),
            ("status-warm", "status-warm", "consul kv export"),
            ("status-1-changed", "status-warm", "fileconsul"),
            ("status-cold", "status-warm", "fileconsul"),
            ("pull-initial", "pull-initial", "consul kv export"),
            ("pull-initial", "pull-initial", "curl GET loop"),
            ("pull-1-changed", "pull-initial", "consul kv export"),
            ("pull-1-changed", "pull-1-changed", "consul kv get (1 key)"),
        ]:
            for n in self.a.sizes:
                ours, other = self.get(sc, n, "fileconsul"), self.get(alt_sc, n, alt)
                if ours and other:
                    alt_label = alt if alt_sc == sc else f"{alt} ({alt_sc})"
                    L.append(f"| {sc} | {n} | {ours['median']:.3f} | {alt_label} "
                             f"| {other['median']:.3f} | {ours['median'] / other['median']:.2f} |")
        if not self.a.peer_go:
            for n in self.a.sizes:
                L.append(f"| status-warm | {n} | - | {PEER} status | not run (--peer-go PATH) "
                         "| n/a |")
        for sc, _ in PEER_SCENARIOS:
            for n in self.a.sizes:
                ours, other = self.get(sc, n, "fileconsul"), self.get(sc, n, PEER)
                if ours and other:
                    L.append(f"| {sc} | {n} | {ours['median']:.3f} | {PEER} "
                             f"| {other['median']:.3f} | {ours['median'] / other['median']:.2f} |")
        floor = self.get("jvm-floor", 0, "picocli hello (launcher flags)")
        version = self.get("jvm-floor", 0, "fileconsul --version")
        for r in self.results:
            if r["scenario"] == "jvm-levers" and floor:
                L.append(f"| status-warm, JVM: {r['tool']} | 100 | {r['median']:.3f} "
                         f"| picocli hello | {floor['median']:.3f} "
                         f"| {r['median'] / floor['median']:.2f} |")
        if floor and version:
            L.append(f"| fileconsul --version | - | {version['median']:.3f} | picocli hello "
                     f"| {floor['median']:.3f} | {version['median'] / floor['median']:.2f} |")
        L.append("")
        L.append("### Targets")
        L.append("")
        L.append("| target | measured | verdict |")
        L.append("|---|---|---|")
        reread = [r for r in self.results if r["scenario"] == "no-reread"]
        for r in reread:
            L.append(f"| status never re-reads unchanged files ({r['files']} files) "
                     f"| {r['opened']} file(s) opened under the share directory (strace) "
                     f"| {'met' if r['opened'] == 0 else 'missed'} |")
        s10k = self.get("status-warm", 10000, "fileconsul"), self.get("status-warm", 10000, PEER)
        if all(s10k):
            ratio = s10k[1]["median"] / s10k[0]["median"]
            L.append(f"| status on 10,000 unchanged files >=10x faster than the Go original "
                     f"| {s10k[1]['median']:.2f} s / {s10k[0]['median']:.2f} s = {ratio:.1f}x "
                     f"| {'met' if ratio >= 10 else 'missed'} |")
        else:
            L.append("| status on 10,000 unchanged files >=10x faster than the Go original "
                     "| not run (--peer-go PATH, sizes with 10000) | not measurable |")
        pairs = [(n, self.get("status-warm", n, "fileconsul"), self.get("status-warm", n, PEER))
                 for n in self.a.sizes]
        pairs = [(n, o, g) for n, o, g in pairs if o and g]
        if pairs:
            won = [n for n, o, g in pairs if o["median"] < g["median"]]
            L.append("| crossover tree size where we beat the Go original on status | "
                     + ", ".join(f"{n}: {o['median'] / g['median']:.2f}x" for n, o, g in pairs)
                     + " | " + (f"from {won[0]} files (of the sizes run)" if won
                                else "not reached at the sizes run") + " |")
        else:
            L.append("| crossover tree size where we beat the Go original on status "
                     "| not run (--peer-go PATH) | not measurable |")
        # The interleaved measurement when there is one: the floor is measured in that round.
        s100 = (self.get("jvm-levers", 100, "bin/fileconsul as shipped")
                or self.get("status-warm", 100, "fileconsul"))
        if s100 and floor:
            ratio = s100["median"] / floor["median"]
            L.append(f"| status on 100 files within 2x of the JVM floor (picocli hello) "
                     f"| {s100['median']:.3f} s / {floor['median']:.3f} s = {ratio:.2f}x "
                     f"| {'met' if ratio <= 2 else 'missed'} |")
            L.append(f"| status on 100 files <= {FLOOR_TARGET}x the JVM floor (issue 9) "
                     f"| {ratio:.2f}x | {'met' if ratio <= FLOOR_TARGET else 'missed'} |")
        p10k = self.get("push-initial", 10000, "fileconsul")
        i10k = self.get("push-initial", 10000, "consul kv import")
        if p10k:
            req = p10k["requests"]
            L.append(f"| initial push of 10,000 files in at most 159 HTTP requests | {req} "
                     f"| {'met' if req is not None and req <= 159 else 'missed'} |")
        if p10k and i10k:
            ratio = i10k["median"] / p10k["median"]
            L.append(f"| initial push of 10,000 files >=10x faster than consul kv import "
                     f"| {i10k['median']:.2f} s / {p10k['median']:.2f} s = {ratio:.1f}x "
                     f"| {'met' if ratio >= 10 else 'missed'} |")
        big = self.get("pull-initial", 2000, "fileconsul -Xmx256m (1 GB tree)")
        L.append("| pull of the 1 GB tree with -Xmx256m completes | "
                 + (f"{big['median']:.1f} s, peak RSS {big['rss_mib']:.0f} MiB | met |" if big
                    else "not run (bench/run.sh --big) | not run |"))
        if self.a.peer_go:
            L.append("")
            L.extend(self.peer_table(floor, s100))
        L.append("")
        L.append("### Notes from the run")
        L.append("")
        for note in self.notes:
            L.append(f"- {note}")
        L.append("")
        L.append("### Exact commands")
        L.append("")
        L.append("`$WORK` is the run's scratch directory, `$ADDR` the agent's HTTP address, "
                 + ("`$PEER_GO` the --peer-go binary (run from `$WORK`), " if self.a.peer_go
                    else "") +
                 "`TREE` the share tree and `DEST` the pull target. The step after `# before "
                 "each run:` is not timed. Every command runs as "
                 "`/usr/bin/time -f '%U %S %M' -o $WORK/time.out COMMAND`.")
        L.append("")
        L.append("```")
        for (sc, tool), (cmd, prep) in self.commands.items():
            L.append(f"# {sc} / {tool}" + (f"   # before each run: {prep}" if prep else ""))
            L.append(cmd)
        L.append("```")
        return "\n".join(L) + "\n"


    def peer_table(self, floor, s100):
        """Issue 9's side-by-side table: fileconsul against the Go original, with targets."""
        L = ["### Against the Go original (issue 9 targets)", "",
             "Ratio = fileconsul median / Go original median, both timed in the same round-robin "
             "(fileconsul, Go, fileconsul, Go, ...) on the same tree content and agent.", "",
             "| files | scenario | fileconsul median s | Go original median s | ratio | target "
             "| verdict |", "|---:|---|---:|---:|---:|---:|---|"]
        for n in self.a.sizes:
            for sc, label in PEER_SCENARIOS:
                ours, other = self.get(sc, n, "fileconsul"), self.get(sc, n, PEER)
                if not (ours and other):
                    continue
                ratio = ours["median"] / other["median"]
                target = PEER_TARGETS.get(n, {}).get(sc)
                verdict = ("no target" if target is None
                           else "met" if ratio <= target else "missed")
                L.append(f"| {n} | {label} | {ours['median']:.3f} | {other['median']:.3f} "
                         f"| {ratio:.2f}x | {'' if target is None else f'<= {target}x'} "
                         f"| {verdict} |")
        if s100 and floor:
            ratio = s100["median"] / floor["median"]
            L.append(f"| 100 | status, in sync, against picocli hello (JVM floor) "
                     f"| {s100['median']:.3f} | (hello) {floor['median']:.3f} | {ratio:.2f}x "
                     f"| <= {FLOOR_TARGET}x | {'met' if ratio <= FLOOR_TARGET else 'missed'} |")
        return L


def write_between_markers(path, block):
    text = open(path).read() if os.path.exists(path) else f"# Benchmarks\n\n{BEGIN}\n{END}\n"
    if BEGIN not in text or END not in text:
        text += f"\n{BEGIN}\n{END}\n"
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    with open(path, "w") as f:
        f.write(head + BEGIN + "\n" + block + END + tail)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--addr", required=True)
    ap.add_argument("--consul", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--picocli", required=True)
    ap.add_argument("--sizes", default="100,1000,10000")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--big", action="store_true")
    ap.add_argument("--slow", action="store_true", help="curl loops at 10,000 files too")
    ap.add_argument("--disk-addr", help="a server with raft on disk, for push-initial-disk")
    ap.add_argument("--peer-go", help="a Go original (foostan/fileconsul) binary built by hand; "
                    "never built or downloaded here")
    ap.add_argument("--out")
    ap.add_argument("--argv", default="", help="run.sh's own arguments, for the report")
    a = ap.parse_args()
    a.sizes = [int(s) for s in a.sizes.split(",") if s]
    a.argv = a.argv.split()
    if a.peer_go:
        if not (os.path.isfile(a.peer_go) and os.access(a.peer_go, os.X_OK)):
            print(f"bench: --peer-go {a.peer_go}: not an executable file. Build the Go original "
                  "(foostan/fileconsul) by hand and pass its path; the benchmark never builds "
                  "or downloads it.", file=sys.stderr)
            sys.exit(2)
        a.peer_go = os.path.abspath(a.peer_go)
    Bench(a).run()


if __name__ == "__main__":
    main()
