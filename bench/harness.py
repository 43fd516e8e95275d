"""The benchmark harness: tokenhot against the official SDKs, side by side, interleaved.

Run through bench/run.sh, which builds and installs everything first. Every measurement
is a fresh process pinned to core 1 while the mock gateway runs pinned to core 0; each
round runs every contender once, in turn, so drift on the machine hits all of them
alike. Medians over the rounds, and ratios to the peer, go to bench/RESULTS.md.
"""

import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent

FULL = {"BENCH_CALLS": "2000", "BENCH_CONCURRENCY": "64", "BENCH_STREAMS": "10", "BENCH_CHUNKS": "1000",
        "BENCH_INFLIGHT": "1000", "BENCH_DELAY_MS": "2000"}
SMOKE = {"BENCH_CALLS": "20", "BENCH_CONCURRENCY": "8", "BENCH_STREAMS": "1", "BENCH_CHUNKS": "50",
         "BENCH_INFLIGHT": "50", "BENCH_DELAY_MS": "200"}


def pinned(core, argv):
    return ["taskset", "-c", str(core), *argv]


class Mock:
    """The mock gateway on core 0; reports how busy it was."""

    def __init__(self, binary):
        self.proc = subprocess.Popen(pinned(0, [binary, "--exit-on-stdin-eof"]), stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline().strip()
        if not line.startswith("listening on "):
            raise SystemExit(f"the mock did not start: {line!r}")
        self.url = line.removeprefix("listening on ")

    def cpu_seconds(self):
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=10)


def contenders(python, rust_bench, url):
    py = lambda lib, w: [python, str(BENCH / "python/workloads.py"), lib, w, url]
    js = lambda lib, w: ["node", str(BENCH / "node/workloads.mjs"), lib, w, url]
    rs = lambda mode, w: [rust_bench, mode, w, url]
    throughput = {}
    for workload, title in [("sequential", "sequential calls/s"), ("concurrent", "64 concurrent calls/s"),
                            ("stream", "streamed chunks/s (1000-chunk streams)")]:
        throughput[title] = {
            "python tokenhot": py("tokenhot", workload), "python openai": py("openai", workload),
            "node tokenhot": js("tokenhot", workload), "node openai": js("openai", workload),
            "rust core": rs("core", workload), "rust bare hyper": rs("bare", workload),
        }
    # What the mock itself can send: the bound under every client's stream figure.
    throughput["streamed chunks/s (1000-chunk streams)"]["rust raw socket (mock ceiling)"] = rs("ceiling", "stream")
    inflight = {"python tokenhot": py("tokenhot", "inflight"), "python openai": py("openai", "inflight"),
                "node tokenhot": js("tokenhot", "inflight"), "node openai": js("openai", "inflight"),
                "rust core": rs("core", "inflight")}
    imports = {"python bare": [python, "-c", "pass"], "python tokenhot": [python, "-c", "import tokenhot"],
               "python openai": [python, "-c", "import openai"], "node bare": ["node", "-e", "0"],
               "node tokenhot": ["node", "-e", "require('tokenhot')"], "node openai": ["node", "-e", "require('openai')"]}
    return throughput, inflight, imports


FAILURES = []


def run_json(argv, env, mock=None, tries=2):
    cpu_before, wall_before = (mock.cpu_seconds(), time.perf_counter()) if mock else (0, 0)
    try:
        out = subprocess.run(pinned(1, argv), env=env, cwd=BENCH / "node", capture_output=True, text=True, timeout=300)
        failure = None if out.returncode == 0 else out.stderr[-2000:]
    except subprocess.TimeoutExpired:
        failure = "no result within 300 s"
    if failure is not None:
        # Said in the report, never hidden: a measurement that failed is run again once.
        FAILURES.append(f"`{' '.join(argv[1:3] if argv[0] == 'node' else argv[-3:-1])}`: {failure.strip().splitlines()[-1] if failure.strip() else 'failed'}")
        if tries > 1:
            return run_json(argv, env, mock, tries - 1)
        raise SystemExit(f"{' '.join(argv)} failed twice:\n{failure}")
    result = json.loads(out.stdout.strip().splitlines()[-1])
    if mock:
        result["mock_cpu"] = (mock.cpu_seconds() - cpu_before) / max(time.perf_counter() - wall_before, 1e-9)
    return result


def wall_ms(argv, env):
    started = time.perf_counter()
    subprocess.run(pinned(1, argv), env=env, cwd=BENCH / "node", check=True, capture_output=True)
    return (time.perf_counter() - started) * 1000


def versions(python):
    def out(argv):
        try:
            return subprocess.run(argv, capture_output=True, text=True, cwd=BENCH / "node").stdout.strip()
        except OSError:
            return "?"
    py = out([python, "-c", "import importlib.metadata as m; print(m.version('tokenhot'), m.version('openai'))"]).split()
    # Read the manifests as files: a package's "exports" may not list package.json.
    node_version = lambda pkg: out(["node", "-p", f"JSON.parse(require('fs').readFileSync('node_modules/{pkg}/package.json')).version"])
    node_openai, node_tokenhot = node_version("openai"), node_version("tokenhot")
    return {"tokenhot (python)": py[0] if py else "?", "openai (python)": py[1] if len(py) > 1 else "?",
            "tokenhot (node)": node_tokenhot, "openai (node)": node_openai,
            "python": out([python, "-c", "import sys; print(sys.version.split()[0])"]), "node": out(["node", "--version"]),
            "rustc": out(["rustc", "--version"])}


def machine():
    cpu = next((l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines() if l.startswith("model name")), "?")
    mem = next((l.split()[1] for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal")), "0")
    return f"{os.cpu_count()} cores ({cpu}), {int(mem) // 1024 // 1024} GiB, {platform.system()} {platform.release()}"


def median(values):
    return statistics.median(values) if values else float("nan")


def measure(args, python, rust_bench, mock_bin):
    sizes = SMOKE if args.smoke else FULL
    env = {**os.environ, **sizes, "NO_PROXY": "127.0.0.1,localhost"}
    mock = Mock(mock_bin)
    try:
        throughput, inflight, imports = contenders(python, rust_bench, mock.url)
        results = {title: {name: [] for name in group} for title, group in throughput.items()}
        mock_cpu = {title: {name: [] for name in group} for title, group in throughput.items()}
        rss = {name: [] for name in inflight}
        import_ms = {name: [] for name in imports}
        for round_number in range(args.runs):
            print(f"round {round_number + 1}/{args.runs}", flush=True)
            for title, group in throughput.items():
                for name, argv in group.items():
                    r = run_json(argv, env, mock)
                    results[title][name].append(r["per_second"])
                    mock_cpu[title][name].append(r["mock_cpu"])
            for name, argv in inflight.items():
                rss[name].append(run_json(argv, env)["peak_rss_mib"])
            for _ in range(1 if args.smoke else 5):
                for name, argv in imports.items():
                    import_ms[name].append(wall_ms(argv, env))
    finally:
        mock.stop()
    return results, mock_cpu, rss, import_ms


def ratio(a, b):
    return a / b if b else float("nan")


def report(args, python, results, mock_cpu, rss, import_ms):
    med = {t: {n: median(v) for n, v in g.items()} for t, g in results.items()}
    rss_med = {n: median(v) for n, v in rss.items()}
    imp = {n: median(v) for n, v in import_ms.items()}
    seq, conc, stream = (med[t] for t in results)
    lines = ["# Benchmark results", "",
             f"Generated by `bench/run.sh` on {datetime.date.today().isoformat()}; never edited by hand.", "",
             f"- Machine: {machine()}",
             f"- Runs: {args.runs} interleaved rounds; medians shown; mock pinned to core 0, clients to core 1",
             "- Versions: " + ", ".join(f"{k} {v}" for k, v in versions(python).items()), ""]
    for title, group in med.items():
        lines += [f"## {title}", "", "| client | median | ratio to peer | mock CPU |", "|---|---:|---:|---:|"]
        for name, value in group.items():
            lang = name.split()[0]
            peer = group.get(f"{lang} openai") if lang in ("python", "node") else group.get("rust bare hyper")
            lines.append(f"| {name} | {value:,.0f} | {ratio(value, peer):.2f}x | {median(mock_cpu[title][name]):.0%} |")
        lines.append("")
    lines += ["## peak RSS with BENCH_INFLIGHT calls in flight (MiB)", "", "| client | median MiB | ratio to peer |", "|---|---:|---:|"]
    for name, value in rss_med.items():
        peer = rss_med.get(name.split()[0] + " openai", rss_med["python openai"])
        lines.append(f"| {name} | {value:.1f} | {ratio(value, peer):.2f}x |")
    lines += ["", "## import / require wall time in a fresh process (ms)", "", "| command | median ms |", "|---|---:|"]
    lines += [f"| {name} | {value:.1f} |" for name, value in imp.items()]
    conc_py_openai = ratio(conc["python tokenhot"], conc["python openai"])
    conc_py_core = ratio(conc["python tokenhot"], conc["rust core"])
    seq_py = ratio(seq["python tokenhot"], seq["python openai"])
    conc_node_openai = ratio(conc["node tokenhot"], conc["node openai"])
    conc_node_core = ratio(conc["node tokenhot"], conc["rust core"])
    stream_py = ratio(stream["python tokenhot"], stream["python openai"])
    stream_node = ratio(stream["node tokenhot"], stream["node openai"])
    require_over = imp["node tokenhot"] - imp["node bare"]
    rss_share = ratio(rss_med["python tokenhot"], rss_med["python openai"])
    targets = [
        ("async Python, 64 concurrent >= 40x openai", f"{conc_py_openai:.1f}x", conc_py_openai >= 40),
        ("async Python, 64 concurrent >= 0.5x Rust core", f"{conc_py_core:.2f}x", conc_py_core >= 0.5),
        ("sync Python, sequential >= 8x openai", f"{seq_py:.1f}x", seq_py >= 8),
        ("Node, 64 concurrent >= 12x openai", f"{conc_node_openai:.1f}x", conc_node_openai >= 12),
        ("Node, 64 concurrent >= 0.85x Rust core", f"{conc_node_core:.2f}x", conc_node_core >= 0.85),
        ("streamed chunks/s, Python async >= 20x openai", f"{stream_py:.1f}x", stream_py >= 20),
        ("streamed chunks/s, Node >= 3x openai", f"{stream_node:.1f}x", stream_node >= 3),
        ("import tokenhot <= 50 ms", f"{imp['python tokenhot']:.1f} ms", imp["python tokenhot"] <= 50),
        ("require('tokenhot') <= 30 ms over bare node", f"{require_over:.1f} ms", require_over <= 30),
        ("RSS, 1000 in flight <= 1/3 of openai-python", f"{rss_share:.2f} of it", rss_share <= 1 / 3),
    ]
    lines += ["", "## targets (issue 6)", "", "| target | measured | met |", "|---|---:|:---:|"]
    for name, shown, met in targets:
        lines.append(f"| {name} | {shown} | {'yes' if met else 'NO'} |")
    if FAILURES:
        lines += ["", "## measurements that failed once and were run again", ""] + [f"- {f}" for f in FAILURES]
    lines.append("")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--smoke", action="store_true", help="one tiny round, to prove the harness works")
    parser.add_argument("--python", required=True)
    parser.add_argument("--rust-bench", required=True)
    parser.add_argument("--mock", required=True)
    parser.add_argument("--out", default=str(BENCH / "RESULTS.md"))
    args = parser.parse_args()
    if args.smoke:
        args.runs = 1
    measured = measure(args, args.python, args.rust_bench, args.mock)
    text = report(args, args.python, *measured)
    Path(args.out).write_text(text)
    print(text)


if __name__ == "__main__":
    sys.exit(main())
