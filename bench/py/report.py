"""Turns one bench run (results.jsonl + meta.json) into a Markdown section and puts it at the top
of bench/RESULTS.md (newest first), with bench/two-node's rows (twonode.jsonl) when present.
usage: report.py OUT_DIR RESULTS_MD | report.py --two-node OUT_DIR RESULTS_MD META_JSON (that script alone)"""
import json
import os
import sys

HEAD = ("# Benchmark results\n\nWritten by `bench/run` (see the README's Benchmark section). One section per run, "
        "newest first. Loopback, wrk 2 threads on the same machine as the server; the ceiling is the "
        "same JDK's RS256 verify/sign through Nimbus on every core.\n")
NAMES = {"assume": "AssumeRoleWithWebIdentity (distinct tokens)", "gci": "GetCallerIdentity (SigV4 + unseal)",
         "gcptoken": "GCP STS /v1/token (distinct tokens)", "gat": "GCP generateAccessToken",
         "mint": "Minting (CI API, one RS256 token)", "assume-noaudit": "AssumeRoleWithWebIdentity, audit off",
         "moto": "moto_server AssumeRoleWithWebIdentity (peer)",
         "pg-one": "AssumeRoleWithWebIdentity, ONE node on PostgreSQL",
         "pg-two-a": "AssumeRoleWithWebIdentity, two nodes on PostgreSQL: node A",
         "pg-two-b": "AssumeRoleWithWebIdentity, two nodes on PostgreSQL: node B",
         "pg-two": "AssumeRoleWithWebIdentity, TWO nodes on PostgreSQL: A + B (latencies: the worse node's)"}
TABLE = ["| Scenario | conns | req/s | p50 ms | p99 ms | p99.9 ms | errors/non-2xx | server CPU ms/req | server RSS max MB | wrk CPU % of machine | note |",
         "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
TWO_NODE_NOTE = ("This machine has 2 cores: the two nodes (and PostgreSQL, and both wrk processes) share the same two "
                 "cores, so the two-node figure shows the coordination overhead of a second node on one database, "
                 "not scale-out capacity (that needs a core budget per node).")


def row(r):
    note = "ran out of distinct tokens early (shorter run)" if r.get("threads_out_of_lines") else ""
    return (f"| {NAMES.get(r['label'], r['label'])} | {r['connections']} | {r['rps']:,.0f} | {r.get('p50_ms', 0):.2f} | "
            f"{r.get('p99_ms', 0):.2f} | {r.get('p999_ms', 0):.2f} | {r.get('errors', 0)}/{r.get('non2xx', 0)} | "
            f"{r.get('server_cpu_ms_per_req', 0):.3f} | "
            f"{r['rss_mb']:.0f} | {r['wrk_cpu_pct_of_machine']:.1f} | {note} |")


def two_node_rows(out_dir):
    """bench/two-node's rows (twonode.jsonl), or [] when that section did not run."""
    path = os.path.join(out_dir, "twonode.jsonl")
    return [json.loads(l) for l in open(path) if l.strip()] if os.path.exists(path) else []


def two_node_ratio(rows):
    """The ratio line(s) for the ratio table, or the skip line."""
    skipped = next((r for r in rows if r["label"] == "pg-skipped"), None)
    if skipped:
        return [f"| Two nodes ÷ one node (PostgreSQL) | skipped | {skipped['reason']} |"]
    one, two = best(rows, "pg-one"), best(rows, "pg-two")
    if not (one and two):
        return ["| Two nodes ÷ one node (PostgreSQL) | no clean run (errors or non-2xx) | see rows above |"]
    return [f"| Two nodes ÷ one node (PostgreSQL), {two['connections']} conns in all | {two['rps'] / one['rps']:.2f}× "
            f"| shown, not a target: 2 cores shared (below) |"]


def best(rows, label):
    candidates = [r for r in rows if r["label"] == label and r.get("errors", 0) == 0 and r.get("non2xx", 0) == 0]
    return max(candidates, key=lambda r: r["rps"]) if candidates else None


def section(out_dir):
    meta = json.load(open(os.path.join(out_dir, "meta.json")))
    rows = [json.loads(l) for l in open(os.path.join(out_dir, "results.jsonl")) if l.strip()]
    ceiling = meta["ceiling"]
    lines = [f"## Run {meta['started']}", "",
             f"Machine: {meta['cores']} cores, {meta['cpu']}, {meta['jdk']}; load average at start "
             f"{meta['loadavg']} (other processes share the machine). Server JVM flags: `{meta['java_opts']}`. "
             f"Commit {meta['commit']}.", "",
             *([f"**Warning: the load average ({meta['loadavg']}) exceeded the core count: other processes competed "
                f"for the CPU during this run, so the ceiling and every rate are depressed unevenly; the ratios are "
                f"unreliable and server CPU ms/req is the figure to compare.**", ""]
               if float(meta['loadavg']) > meta['cores'] else []),
             f"Ceiling ({meta['cores']} threads): **{ceiling['verifyPerSecond']:,} RS256 verifies/s**, "
             f"**{ceiling['signPerSecond']:,} RS256 signs/s**. Start to healthy: **{meta['start_to_healthy_ms']} ms** "
             f"(audit off server: {meta.get('start_to_healthy_noaudit_ms', '-')} ms). "
             f"Token pool: {meta['tokens']:,} distinct tokens ({meta['pool']}).", "",
             *TABLE]
    two = two_node_rows(out_dir)
    lines += [row(r) for r in rows + [r for r in two if r["label"] != "pg-skipped"]]
    a, m, moto, na = best(rows, "assume"), best(rows, "mint"), best(rows, "moto"), best(rows, "assume-noaudit")
    lines += ["", "| Ratio | value | target |", "|---|---:|---|"]
    if a:
        lines.append(f"| AssumeRole ÷ verify ceiling (best: {a['connections']} conns, p99 {a['p99_ms']:.2f} ms) | "
                     f"{100 * a['rps'] / ceiling['verifyPerSecond']:.1f}% | ≥ 40%, p99 < 10 ms |")
    if m:
        lines.append(f"| Minting ÷ sign ceiling (best: {m['connections']} conns) | {100 * m['rps'] / ceiling['signPerSecond']:.1f}% | ≥ 70% |")
    if a and moto:
        lines.append(f"| Keyless AssumeRole ÷ moto AssumeRole (best of each) | {a['rps'] / moto['rps']:.1f}× | ≥ 20× |")
    if a and na:
        lines.append(f"| AssumeRole audit on ÷ audit off (best of each) | {100 * a['rps'] / na['rps']:.1f}% | audit cost visible |")
    keyless_rss = max((r["rss_mb"] for r in rows if r["label"] != "moto"), default=0)
    lines.append(f"| Server RSS max under load | {keyless_rss:.0f} MB | < 300 MB |")
    lines.append(f"| Start to healthy | {meta['start_to_healthy_ms']} ms | < 2000 ms |")
    if two:
        lines += two_node_ratio(two) + ["", TWO_NODE_NOTE]
    return "\n".join(lines) + "\n"


def two_node_section(out_dir, meta):
    """bench/two-node run alone: its rows only, under a heading that says so."""
    rows = two_node_rows(out_dir)
    cores = os.cpu_count()
    lines = [f"## Two-node run {meta['started']} (bench/two-node alone: no single-node SQLite scenarios)", "",
             f"Machine: {cores} cores; load average at start {meta['loadavg']}. Two Keyless nodes "
             f"(`deploy/local-two-nodes.sh`, bench config, audit on) on one throw-away PostgreSQL; distinct "
             f"tokens from the bench pool, a disjoint slice per run and per node.", ""]
    if float(meta["loadavg"]) > cores:
        lines += [f"**Warning: the load average ({meta['loadavg']}) exceeded the core count: other processes "
                  f"competed for the CPU, so these rates are depressed unevenly.**", ""]
    shown = [r for r in rows if r["label"] != "pg-skipped"]
    if shown:
        lines += TABLE + [row(r) for r in shown] + [""]
    lines += ["| Ratio | value | note |", "|---|---:|---|", *two_node_ratio(rows), "", TWO_NODE_NOTE]
    return "\n".join(lines) + "\n"


def main(*args):
    if args[0] == "--two-node":
        out_dir, results_md, meta = args[1:]
        new = two_node_section(out_dir, json.loads(meta))
    else:
        out_dir, results_md = args
        new = section(out_dir)
    old = open(results_md).read() if os.path.exists(results_md) else HEAD
    body = old[len(HEAD):] if old.startswith(HEAD) else old
    with open(results_md, "w") as f:
        f.write(HEAD + "\n" + new + ("\n" + body.lstrip("\n") if body.strip() else ""))
    print(new)


if __name__ == "__main__":
    main(*sys.argv[1:])
