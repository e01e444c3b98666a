"""Runs one wrk measurement and records what wrk alone cannot: the server's CPU time over the run
(utime + stime of the whole process from /proc/PID/stat, and per thread group from
/proc/PID/task/*/stat), its peak RSS (VmRSS, sampled every 100 ms) and wrk's own CPU time (rusage of
the child), so a saturated load generator is visible in the results.
With BENCH_JFR=DIR in the environment, a flight recording (bench/jfc/bench.jfc, started with jcmd
before the CPU clock starts and stopped after it ends) is written to DIR/LABEL-CONNS.jfr and
summarised (bench/src/JfrSummary.java: allocation, top frames, JIT churn) into the JSON line.
usage: load.py SERVER_PID LABEL CONNECTIONS SECONDS URL [ENV=VALUE ...]  -> one JSON line on stdout
"""
import json
import os
import re
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
LUA = os.path.join(HERE, "..", "lua", "bodies.lua")
JFC = os.path.join(HERE, "..", "jfc", "bench.jfc")
SUMMARY = os.path.join(HERE, "..", "src", "JfrSummary.java")
THREADS = 2
TICK = os.sysconf("SC_CLK_TCK")


def rss_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return 0
    return 0


def stat_cpu(path):
    """(comm, utime + stime in seconds) from a /proc stat file (fields 14 and 15)."""
    with open(path) as f:
        text = f.read()
    comm = text[text.index("(") + 1:text.rindex(")")]
    fields = text.rsplit(")", 1)[1].split()
    return comm, (int(fields[11]) + int(fields[12])) / TICK


def cpu_s(pid):
    try:
        return stat_cpu(f"/proc/{pid}/stat")[1]
    except OSError:
        return 0.0


def thread_groups(pid):
    """CPU seconds per thread group: the thread name with its numbers dropped (C2 CompilerThre,
    ForkJoinPool-1-worker-3 -> ForkJoinPool--worker-)."""
    groups = {}
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return groups
    for tid in tasks:
        try:
            comm, cpu = stat_cpu(f"/proc/{pid}/task/{tid}/stat")
        except OSError:
            continue
        key = re.sub(r"[0-9]+", "", comm).strip() or comm
        groups[key] = groups.get(key, 0.0) + cpu
    return groups


def jcmd(pid, *args):
    java_home = os.environ.get("JAVA_HOME", "")
    exe = os.path.join(java_home, "bin", "jcmd") if java_home else "jcmd"
    subprocess.run([exe, str(pid), *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main(pid, label, connections, seconds, url, *env_pairs):
    env = dict(os.environ, WRK_THREADS=str(THREADS))
    env.update(p.split("=", 1) for p in env_pairs)
    jfr_dir = os.environ.get("BENCH_JFR")
    jfr_file = os.path.join(jfr_dir, f"{label}-{connections}.jfr") if jfr_dir else None
    if jfr_file:
        jcmd(pid, "JFR.start", "name=bench", f"settings={JFC}")
    done_file = None
    if env.get("DISTINCT") == "1":
        # bodies.lua touches DONE_FILE.<thread> when a thread has sent its last distinct line; wrk
        # itself would sleep out -d, so it is interrupted (SIGINT: wrk stops and reports the time
        # actually run) once every thread is through.
        done_file = os.path.join(jfr_dir or "/tmp", f".done-{os.getpid()}")
        env["DONE_FILE"] = done_file
    cmd = ["wrk", f"-t{THREADS}", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s", "-s", LUA, url]
    peak = rss_kb(pid)
    groups_before = thread_groups(pid)
    cpu_before = cpu_s(pid)
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + float(seconds) + 60  # wrk bounds itself; this bounds a hung wrk
    # Reap with wait4 (not poll) to get wrk's rusage; wrk's output is small, so the pipe cannot fill.
    while True:
        done, _, usage = os.wait4(proc.pid, os.WNOHANG)
        if done:
            break
        if time.time() > deadline:
            proc.kill()
        if done_file and all(os.path.exists(f"{done_file}.{t}") for t in range(THREADS)):
            proc.send_signal(signal.SIGINT)
            done_file_hit = True
        peak = max(peak, rss_kb(pid))
        time.sleep(0.1)
    proc.returncode = 0
    if done_file:
        for t in range(THREADS):
            if os.path.exists(f"{done_file}.{t}"):
                os.remove(f"{done_file}.{t}")
    server_cpu = cpu_s(pid) - cpu_before
    groups_after = thread_groups(pid)
    if jfr_file:
        jcmd(pid, "JFR.stop", "name=bench", f"filename={jfr_file}")
    out = proc.stdout.read()
    last = [l for l in out.splitlines() if l.startswith("{")]
    result = json.loads(last[-1]) if last else {"requests": 0, "seconds": float(seconds), "errors": -1}
    result.update(label=label, connections=int(connections), rss_mb=round(peak / 1024, 1),
                  wrk_cpu_s=round(usage.ru_utime + usage.ru_stime, 2))
    n = result["requests"]
    result["rps"] = round(n / result["seconds"], 1) if result["seconds"] else 0
    result["wrk_cpu_pct_of_machine"] = round(100 * result["wrk_cpu_s"] / (result["seconds"] * os.cpu_count()), 1)
    # Server CPU per request: the figure that stays meaningful when other processes share the cores.
    result["server_cpu_ms_per_req"] = round(1000 * server_cpu / n, 3) if n else 0
    result["server_cpu_us_per_req"] = round(1e6 * server_cpu / n, 1) if n else 0
    result["wrk_cpu_us_per_req"] = round(1e6 * result["wrk_cpu_s"] / n, 1) if n else 0
    if n:
        per = {k: 1e6 * (v - groups_before.get(k, 0.0)) / n for k, v in groups_after.items()}
        result["thread_us_per_req"] = {k: round(v, 1) for k, v in sorted(per.items(), key=lambda kv: -kv[1]) if v >= 0.5}
    if jfr_file:
        java = os.path.join(os.environ.get("JAVA_HOME", ""), "bin", "java") if os.environ.get("JAVA_HOME") else "java"
        summary = subprocess.run([java, SUMMARY, jfr_file], capture_output=True, text=True)
        lines = [l for l in summary.stdout.splitlines() if l.startswith("{")]
        if lines:
            jfr = json.loads(lines[-1])
            jfr["alloc_kb_per_req"] = round(jfr["alloc_bytes"] / 1024 / n, 1) if n else 0
            jfr["sampled_alloc_kb_per_req"] = round(jfr["sampled_alloc_bytes"] / 1024 / n, 1) if n else 0
            result["jfr"] = jfr
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
