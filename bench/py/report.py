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
NAMES.update({"healthz": "Empty route GET /healthz (HTTP floor)"})
# Acceptance targets (server CPU µs per request); mint's is 1.2 × the measured sign floor.
TARGETS = {"assume": 150, "gcptoken": 150, "gci": 60, "gat": 50}
CPU_TABLE = ["| Scenario | conns | **server CPU µs/req** | target | ÷ floor | above HTTP floor µs | alloc KB/req | "
             "deopts / compiles / young GCs | CPU µs/req by thread (top 4) | req/s | p50 / p99 ms | wrk CPU µs/req | errors/non-2xx |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|"]
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


def floor_for(label, floor):
    """The crypto the scenario cannot avoid: one verify per exchange, one signature per minted token."""
    if label in ("assume", "gcptoken", "assume-noaudit", "moto", "pg-one", "pg-two-a", "pg-two-b", "pg-two"):
        return floor["verifyCpuUs"], "verify"
    if label == "mint":
        return floor["signCpuUs"], "sign"
    return None, None


def target_for(label, floor):
    if label == "mint":
        return 1.2 * floor["signCpuUs"]
    return TARGETS.get(label)


def cpu_row(r, floor, http_floor):
    us = r.get("server_cpu_us_per_req", 1000 * r.get("server_cpu_ms_per_req", 0))
    f, kind = floor_for(r["label"], floor)
    ratio = f"{us / f:.2f}× {kind}" if f else "–"
    target = target_for(r["label"], floor)
    tgt = f"≤ {target:,.0f}" if target else "–"
    mark = (" ✅" if us <= target else " ❌") if target else ""
    above = f"{us - http_floor:,.0f}" if http_floor is not None and r["label"] != "healthz" else "–"
    jfr = r.get("jfr", {})
    alloc = f"{jfr['alloc_kb_per_req']:.1f}" if jfr else "–"
    churn = f"{jfr.get('deopts', 0)} / {jfr.get('compilations', 0)} / {jfr.get('gcs', 0)}" if jfr else "–"
    threads = ", ".join(f"{k} {v:.0f}" for k, v in list(r.get("thread_us_per_req", {}).items())[:4])
    return (f"| {NAMES.get(r['label'], r['label'])} | {r['connections']} | **{us:,.0f}**{mark} | {tgt} | {ratio} | {above} | "
            f"{alloc} | {churn} | {threads} | {r['rps']:,.0f} | {r.get('p50_ms', 0):.2f} / {r.get('p99_ms', 0):.2f} | "
            f"{r.get('wrk_cpu_us_per_req', 0):,.0f} | {r.get('errors', 0)}/{r.get('non2xx', 0)} |")


def frames_table(rows):
    """Top five frames per scenario from its flight recording at the middle connection count."""
    lines = ["| Scenario (conns) | top 5 leaf frames (% of CPU samples) | top 5 Keyless frames (first dev.keyless frame, %) | deoptimized (count) |",
             "|---|---|---|---|"]
    seen = set()
    by_label = {}
    for r in rows:
        by_label.setdefault(r["label"], []).append(r)
    for label, rs in by_label.items():
        if label in seen or not any("jfr" in r for r in rs):
            continue
        seen.add(label)
        r = [x for x in rs if "jfr" in x][len([x for x in rs if "jfr" in x]) // 2]
        j = r["jfr"]
        fmt = lambda items, pct=True: "<br>".join(f"{n} {p:.1f}%" if pct else f"{n} ({c})" for n, c, p in items) or "–"
        lines.append(f"| {NAMES.get(label, label)} ({r['connections']}) | {fmt(j['top_leaf'])} | {fmt(j['top_keyless'])} | "
                     f"{'<br>'.join(f'{n} ({c})' for n, c, _ in j['top_deopt']) or '–'} |")
    return lines


def section(out_dir):
    meta = json.load(open(os.path.join(out_dir, "meta.json")))
    rows = [json.loads(l) for l in open(os.path.join(out_dir, "results.jsonl")) if l.strip()]
    floor = meta["floor"]
    hz = [r for r in rows if r["label"] == "healthz"]
    http_floor = min(r["server_cpu_us_per_req"] for r in hz) if hz else None
    lines = [f"## Run {meta['started']}", "",
             f"Machine: {meta['cores']} cores, {meta['cpu']}, {meta['jdk']}; load average at start "
             f"{meta['loadavg']} (other processes share the machine: rates and latencies are depressed, server CPU per "
             f"request is the figure to compare). Server JVM flags: `{meta['java_opts']}`. Commit {meta['commit']}.", "",
             f"Floor (one thread, same flags, CPU time): **RS256 verify {floor['verifyCpuUs']:.0f} µs**, "
             f"**RS256 sign {floor['signCpuUs']:.0f} µs**. HTTP floor (empty route, best of the connection counts): "
             f"**{http_floor:.0f} µs**." if http_floor is not None else "", "",
             f"Cold start, through the launcher: **start to healthy {meta['start_to_healthy_ms']} ms** wall "
             f"(`./keyless serve`, median of 3: {meta.get('start_to_healthy_all', '')}; "
             f"{meta.get('start_cpu_ms', '–')} ms CPU); **`keyless explain` {meta['explain_ms']} ms** wall (median of 5: "
             f"{meta.get('explain_all', '')}; {meta.get('explain_cpu_ms', '–')} ms CPU); **`keyless token` "
             f"{meta['token_ms']} ms** wall ({meta.get('token_all', '')}; {meta.get('token_cpu_ms', '–')} ms CPU).", "",
             f"Token exchanges: {meta['per_run']:,} distinct tokens per run, none sent twice ({meta['pool']}). "
             f"Server CPU = utime + stime of the server process (/proc/PID/stat) over the run ÷ requests; "
             f"by thread from /proc/PID/task/*/stat (numbers dropped from the names); alloc from "
             f"jdk.ObjectAllocationSample weights; deopts/compiles/GCs counted by JFR during the run.", "",
             *CPU_TABLE]
    lines += [cpu_row(r, floor, http_floor) for r in rows if r["label"] in NAMES and "server_cpu_us_per_req" in r]
    lines += ["", *frames_table(rows), ""]
    two = two_node_rows(out_dir)
    if two:
        lines += [*TABLE, *[row(r) for r in two if r["label"] != "pg-skipped"], "", "| Ratio | value | note |",
                  "|---|---:|---|", *two_node_ratio(two), "", TWO_NODE_NOTE]
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
