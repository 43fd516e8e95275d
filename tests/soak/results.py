"""Writes tests/soak/RESULTS.md from the drivers' JSON summaries (stdin, one per line)."""

import json
import sys
import time

seed, faults = sys.argv[1], json.loads(sys.argv[2])
rows = [json.loads(line) for line in sys.stdin if line.strip()]
print("# Fault soak: results of the last full run\n")
print(f"Written by `bash tests/soak/run.sh` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, seed {seed}.")
print("Every call goes through the fault proxy (tests/soak/src/faults.rs); 2 % go to a port nobody listens on.\n")
print("| driver | calls | ok | errors by class | wrong results | late | slowest (s) | fds start → end | RSS mid → end (KiB) | RSS growth | max requests per call | seconds | passed |")
print("|---|---:|---:|---|---:|---:|---:|---|---|---:|---:|---:|---|")
for r in rows:
    errors = ", ".join(f"{k} {v}" for k, v in r["errors"].items())
    print(
        f"| {r['language']} | {r['calls']} | {r['ok']} | {errors} | {r['wrong_results']} | {r['late']} | {r['slowest_s']:.2f} | "
        f"{r['fds_start']} → {r['fds_end']} | {r['rss_mid_kb']} → {r['rss_end_kb']} | {r['rss_growth_pct']} % | "
        f"{r['max_requests_per_call']} | {r['seconds']:.1f} | {'yes' if r['passed'] else '**no**'} |"
    )
print(f"\nRequests the proxy saw: {faults['requests']}. Faults drawn:\n")
print("| fault | requests |\n|---|---:|")
for name, n in sorted(faults["faults"].items(), key=lambda kv: -kv[1]):
    print(f"| `{name}` | {n} |")
