"""Saving an images response of four ~8 MiB `b64_json` images (issue 19): tokenhot
(`client.images.generate` then `client.images.save`, base64 decoded and files written
in Rust) beside openai-python doing the same the way its users do (`images.generate`,
then `base64.b64decode` and a write per image). Each measurement is a fresh process
against the mock gateway (which answers real PNGs of the requested size); rounds are
interleaved; the table gives medians of wall time and of the process's peak RSS.

    python bench/images_save.py --mock target/release/tokenhot-mock [--rounds 5]

Run it with a Python that has both `tokenhot` and `openai` installed (bench/.env after
`bash bench/run.sh`). Not a timed test: it prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

# 2508x2508 grayscale PNGs (stored deflate) are ~6 MiB each, ~8 MiB in base64.
SIZE = "2508x2508"

WORKLOAD = r"""
import base64, json, os, resource, sys, time
which, url, out = sys.argv[1], sys.argv[2], sys.argv[3]
t0 = time.perf_counter()
if which == "tokenhot":
    import tokenhot
    client = tokenhot.Tokenhot(api_key="sk-bench", base_url=url)
    r = client.images.generate(model="gpt-image-1", prompt="bench", size=SIZE, n=4)
    t1 = time.perf_counter()
    paths = client.images.save(r, out)
else:
    import openai
    client = openai.OpenAI(api_key="sk-bench", base_url=url + "/v1")
    r = client.images.generate(model="gpt-image-1", prompt="bench", size=SIZE, n=4)
    t1 = time.perf_counter()
    paths = []
    for i, image in enumerate(r.data):
        path = os.path.join(out, f"image-{i}.png")
        with open(path, "wb") as f:
            f.write(base64.b64decode(image.b64_json))
        paths.append(path)
t2 = time.perf_counter()
b64_mib = len(r.data[0].b64_json) / 2**20
print(json.dumps({"total": t2 - t0, "after_answer": t2 - t1, "rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "files": len(paths), "b64_mib": b64_mib}))
""".replace("SIZE", repr(SIZE))


def start_mock(binary: str) -> tuple[subprocess.Popen, str]:
    mock = subprocess.Popen([binary, "--exit-on-stdin-eof"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    line = mock.stdout.readline().strip()
    return mock, line.removeprefix("listening on ")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mock", required=True)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    env = {**os.environ, "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"}
    mock, url = start_mock(args.mock)
    runs: dict[str, list[dict[str, float]]] = {"tokenhot": [], "openai": []}
    try:
        for _ in range(args.rounds):
            for which in runs:
                with tempfile.TemporaryDirectory() as out:
                    done = subprocess.run([sys.executable, "-c", WORKLOAD, which, url, out], env=env,
                                          capture_output=True, text=True, check=True)
                    runs[which].append(json.loads(done.stdout))
    finally:
        mock.stdin.close()
        mock.wait(timeout=10)
    b64 = runs["tokenhot"][0]["b64_mib"]
    print(f"four images of {b64:.1f} MiB base64 each, {args.rounds} interleaved rounds, medians\n")
    print("| library | call + save (s) | decode + write after the answer (s) | peak RSS (MiB) |")
    print("|---|---|---|---|")
    for which, results in runs.items():
        med = lambda key: statistics.median(r[key] for r in results)  # noqa: E731
        print(f"| {which} | {med('total'):.3f} | {med('after_answer'):.3f} | {med('rss_mib'):.0f} |")


if __name__ == "__main__":
    main()
