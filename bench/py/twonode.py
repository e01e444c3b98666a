"""Helpers of bench/two-node (two nodes on one PostgreSQL beside one node on it).
  twonode.py slices TOKENS_FILE OUT_DIR NAME:WEIGHT ...
      writes OUT_DIR/NAME.txt: AssumeRoleWithWebIdentity bodies from consecutive, disjoint slices of
      the token pool (its last 400 tokens are left to bench/run's prepare step), sized by weight, so no
      token is sent twice to the shared database across the one-node and two-node runs.
  twonode.py sum ONE_JSON_LINE_FILE ... -> one JSON line: the two nodes as one (requests and req/s
      summed; latency percentiles cannot be merged from percentiles, so p50/p99/p99.9 are the slower
      node's, which is what a client behind a load balancer sees at worst).
"""
import json
import os
import sys

from prepare import assume_body

SPARE = 400


def slices(tokens_file, out_dir, *specs):
    tokens = open(tokens_file).read().split()[:-SPARE]
    weights = [(name, float(w)) for name, w in (s.split(":") for s in specs)]
    total = sum(w for _, w in weights)
    start = 0
    sizes = {}
    for name, w in weights:
        end = start + int(len(tokens) * w / total)
        with open(os.path.join(out_dir, name + ".txt"), "w") as f:
            f.write("\n".join(assume_body(t) for t in tokens[start:end]) + "\n")
        sizes[name] = end - start
        start = end
    print(json.dumps(sizes))


def combined(*files):
    rows = [json.loads(open(f).read().strip().splitlines()[-1]) for f in files]
    out = {"label": "pg-two", "connections": sum(r["connections"] for r in rows),
           "requests": sum(r["requests"] for r in rows), "seconds": max(r["seconds"] for r in rows),
           "rps": round(sum(r["rps"] for r in rows), 1),
           "errors": sum(r.get("errors", 0) for r in rows), "non2xx": sum(r.get("non2xx", 0) for r in rows),
           "threads_out_of_lines": sum(r.get("threads_out_of_lines", 0) for r in rows),
           "rss_mb": max(r["rss_mb"] for r in rows),
           "wrk_cpu_s": round(sum(r["wrk_cpu_s"] for r in rows), 2),
           "wrk_cpu_pct_of_machine": round(sum(r["wrk_cpu_pct_of_machine"] for r in rows), 1)}
    for p in ("p50_ms", "p99_ms", "p999_ms"):
        out[p] = max(r.get(p, 0) for r in rows)
    cpu = sum(r["server_cpu_ms_per_req"] * r["requests"] for r in rows)
    out["server_cpu_ms_per_req"] = round(cpu / out["requests"], 3) if out["requests"] else 0
    print(json.dumps(out))


if __name__ == "__main__":
    {"slices": slices, "sum": combined}[sys.argv[1]](*sys.argv[2:])
