#!/usr/bin/env python3
"""Simulates a fleet on one machine against one real Consul agent and measures one change.

N watchers, each on its own share directory, follow the prefix either through a real
`consul watch -type=keyprefix` with `fileconsul pull` as handler (handler mode: the payload
comes on stdin, so the handler makes no request of its own) or through `fileconsul watch`
(one JVM per node, blocking queries). Then one file changes in Consul (one KV write, as push makes it), and we report:
  - convergence time (median, max) from Consul acknowledging the write to each node holding the new file
  - HTTP requests the agent served per node per change (from the agent's own counters)
  - CPU seconds per node per change (the watch process and its handler children)
  - memory per watcher (RSS of the long-running process; the handler JVM's peak is separate)

Mode fileconsul-watch-metrics also gives each watcher --metrics-addr and, after the change,
scrapes every node's /metrics --scrapes times: CPU milliseconds per scrape and RSS after them.
--splay D is passed to every fileconsul watch (convergence then spreads over up to D).

Usage: bench/fleet.py [--nodes 10,50] [--modes consul-watch,fileconsul-watch] [--files 20]
       [--splay 5s] [--scrapes 100]
       (several --runs may be given as NODES:MODES, e.g. 10,50:consul-watch,fileconsul-watch 200:fileconsul-watch)
Loopback only; every wait is bounded.
"""
import argparse, json, os, shutil, signal, socket, statistics, subprocess, sys, tempfile, time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LAUNCHER = os.path.join(ROOT, "bin", "fileconsul")
CLK = os.sysconf("SC_CLK_TCK")


def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p


def wait_for(what, cond, timeout):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if cond():
            return
        time.sleep(0.02)  # polling a condition, with a deadline
    raise SystemExit(f"fleet: timed out after {timeout}s waiting for {what}")


def http_requests(addr):
    """Sum of the agent's HTTP request counters (prometheus format, all paths and methods)."""
    body = urllib.request.urlopen(f"http://{addr}/v1/agent/metrics?format=prometheus", timeout=10).read().decode()
    total = 0.0
    for line in body.splitlines():
        if line.startswith("consul_api_http_count"):
            total += float(line.rsplit(" ", 1)[1])
    return total


def cpu_seconds(pid):
    """utime+stime of a process plus that of its waited-for children (the handler JVMs)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return sum(int(x) for x in fields[11:15]) / CLK
    except FileNotFoundError:
        return 0.0


def rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except FileNotFoundError:
        pass
    return 0


def read(path):
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return None


def run_mode(consul, addr, mode, n, files, workdir, splay="0s", scrapes=100):
    prefix = f"fleet-{mode}-{n}"
    env = dict(os.environ, CONSUL_HTTP_ADDR=addr)
    src = os.path.join(workdir, f"src-{mode}-{n}")
    os.makedirs(src)
    for i in range(files):
        with open(os.path.join(src, f"conf{i}.json"), "w") as f:
            f.write(json.dumps({"i": i, "v": 0}) + "\n")
    subprocess.run([LAUNCHER, "push", "-q", "--prefix", prefix, "--basepath", src], env=env, check=True)

    nodes, procs, ports = [], [], []
    for k in range(n):
        d = os.path.join(workdir, f"{mode}-{n}-node{k}")
        os.makedirs(d)
        nodes.append(d)
        if mode == "consul-watch":
            cmd = [consul, "watch", f"-http-addr={addr}", "-type=keyprefix", f"-prefix={prefix}/",
                   LAUNCHER, "pull", "-q", "--prefix", prefix, "--basepath", d]
        else:
            cmd = [LAUNCHER, "watch", "--prefix", prefix, "--basepath", d, "--splay", splay]
            if mode == "fileconsul-watch-metrics":
                ports.append(free_port())
                cmd += ["--metrics-addr", f"127.0.0.1:{ports[-1]}"]
        procs.append(subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                      start_new_session=True))
    try:
        marker = os.path.join("conf0.json")
        wait_for(f"{n} nodes' initial sync", lambda: all(read(os.path.join(d, marker)) for d in nodes), 60 + 3 * n)
        time.sleep(2)  # let the initial handler runs settle before the baseline is read
        req0, cpu0 = http_requests(addr), [cpu_seconds(p.pid) for p in procs]
        rss = [rss_kib(p.pid) for p in procs]

        # The change: one KV write, as a push makes it (same flags: mode 0644 with the marker), so
        # the clock starts when Consul acknowledged it rather than when a pushing JVM exited.
        new = json.dumps({"i": 0, "v": 1}) + "\n"
        req = urllib.request.Request(f"http://{addr}/v1/kv/{prefix}/conf0.json?flags={0x46430000 | 0o644}",
                                     data=new.encode(), method="PUT")
        assert urllib.request.urlopen(req, timeout=10).read().strip() == b"true"
        t0 = time.time()
        done = {}
        deadline = t0 + 60 + 2 * n
        while len(done) < n and time.time() < deadline:
            for k, d in enumerate(nodes):
                if k not in done and read(os.path.join(d, marker)) == new:
                    done[k] = time.time() - t0
            time.sleep(0.01)  # polling the nodes' files, with a deadline
        if len(done) < n:
            raise SystemExit(f"fleet: only {len(done)} of {n} nodes converged")
        time.sleep(2)  # handlers still exiting are counted in the CPU figure
        req1, cpu1 = http_requests(addr), [cpu_seconds(p.pid) for p in procs]
        per_node_requests = max(0.0, req1 - req0 - 1) / n  # minus the change's own PUT
        times = sorted(done.values())
        scrape_ms, rss_scraped = None, None
        if ports:
            # Only after the change's figures: the scrapes' own cost is reported apart.
            before = [cpu_seconds(p.pid) for p in procs]
            for _ in range(scrapes):
                for port in ports:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10).read()
            after = [cpu_seconds(p.pid) for p in procs]
            scrape_ms = round(1000 * sum(b - a for a, b in zip(before, after)) / (n * scrapes), 3)
            rss_scraped = round(statistics.median(rss_kib(p.pid) for p in procs) / 1024, 1)
        return {
            "scrape_cpu_ms": scrape_ms, "rss_mib_after_scrapes": rss_scraped,
            "mode": mode, "nodes": n,
            "converge_median_s": round(statistics.median(times), 3),
            "converge_max_s": round(times[-1], 3),
            "requests_per_node": round(per_node_requests, 2),
            "cpu_s_per_node": round(sum(b - a for a, b in zip(cpu0, cpu1)) / n, 3),
            "rss_mib_per_watcher": round(statistics.median(rss) / 1024, 1),
        }
    finally:
        for p in procs:
            try:
                os.killpg(p.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        for p in procs:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--nodes", default="10,50")
    ap.add_argument("--modes", default="consul-watch,fileconsul-watch")
    ap.add_argument("--files", type=int, default=20)
    ap.add_argument("--runs", nargs="*", default=[], help="NODES:MODES pairs; overrides --nodes/--modes")
    ap.add_argument("--splay", default="0s", help="fileconsul watch --splay")
    ap.add_argument("--scrapes", type=int, default=100, help="scrapes of each node (metrics mode)")
    args = ap.parse_args()
    plan = []
    for spec in args.runs or [f"{args.nodes}:{args.modes}"]:
        nodes, modes = spec.split(":")
        plan += [(int(n), m) for n in nodes.split(",") for m in modes.split(",")]
    if not os.path.exists(os.path.join(ROOT, "target", "fileconsul.jar")):
        subprocess.run(["mvn", "-B", "-q", "-DskipTests", "package"], cwd=ROOT, check=True)
    consul = subprocess.run(["bash", os.path.join(ROOT, "scripts", "consul.sh")], check=True,
                            capture_output=True, text=True).stdout.strip().splitlines()[-1]
    workdir = tempfile.mkdtemp(prefix="fleet-")
    http = free_port()
    addr = f"127.0.0.1:{http}"
    agent = subprocess.Popen([consul, "agent", "-dev", "-bind", "127.0.0.1", "-client", "127.0.0.1",
                              "-http-port", str(http), "-dns-port", "-1", "-grpc-port", "-1", "-grpc-tls-port", "-1",
                              "-serf-lan-port", str(free_port()), "-serf-wan-port", str(free_port()),
                              "-server-port", str(free_port()), "-log-level", "warn",
                              "-hcl", 'telemetry { prometheus_retention_time = "10m" }',
                              "-hcl", "limits { http_max_conns_per_client = 2000 }"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        def leader():
            try:
                return b":" in urllib.request.urlopen(f"http://{addr}/v1/status/leader", timeout=2).read()
            except OSError:
                return False
        wait_for("a leader", leader, 60)
        print(f"# fleet: consul {subprocess.run([consul, 'version'], capture_output=True, text=True).stdout.splitlines()[0]},"
              f" {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}", flush=True)
        print(f"# --splay {args.splay}, {args.scrapes} scrapes of each node in metrics mode", flush=True)
        print("| mode | nodes | converge median s | converge max s | requests/node/change | CPU s/node/change"
              " | RSS MiB/watcher | CPU ms/scrape | RSS MiB after scrapes |")
        print("|---|---|---|---|---|---|---|---|---|")
        for n, mode in plan:
            r = run_mode(consul, addr, mode, n, args.files, workdir, args.splay, args.scrapes)
            print(f"| {r['mode']} | {r['nodes']} | {r['converge_median_s']} | {r['converge_max_s']} |"
                  f" {r['requests_per_node']} | {r['cpu_s_per_node']} | {r['rss_mib_per_watcher']} |"
                  f" {r['scrape_cpu_ms'] if r['scrape_cpu_ms'] is not None else '-'} |"
                  f" {r['rss_mib_after_scrapes'] if r['rss_mib_after_scrapes'] is not None else '-'} |", flush=True)
    finally:
        agent.terminate()
        agent.wait(timeout=30)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
