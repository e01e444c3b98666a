"""Runs one wrk measurement and records what wrk alone cannot: the server's peak RSS during the
run (VmRSS from /proc/PID/status, sampled every 100 ms) and wrk's own CPU time (rusage of the
child), so a saturated load generator is visible in the results.
usage: load.py SERVER_PID LABEL CONNECTIONS SECONDS URL [ENV=VALUE ...]  -> one JSON line on stdout
"""
import json
import os
import subprocess
import sys
import time

LUA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lua", "bodies.lua")
THREADS = 2


def rss_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return 0
    return 0


def cpu_s(pid):
    """utime + stime of the whole process (all threads), /proc/PID/stat fields 14 and 15."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except OSError:
        return 0.0


def main(pid, label, connections, seconds, url, *env_pairs):
    env = dict(os.environ, WRK_THREADS=str(THREADS))
    env.update(p.split("=", 1) for p in env_pairs)
    cmd = ["wrk", f"-t{THREADS}", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s", "-s", LUA, url]
    peak = rss_kb(pid)
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
        peak = max(peak, rss_kb(pid))
        time.sleep(0.1)
    proc.returncode = 0
    server_cpu = cpu_s(pid) - cpu_before
    out = proc.stdout.read()
    last = [l for l in out.splitlines() if l.startswith("{")]
    result = json.loads(last[-1]) if last else {"requests": 0, "seconds": float(seconds), "errors": -1}
    result.update(label=label, connections=int(connections), rss_mb=round(peak / 1024, 1),
                  wrk_cpu_s=round(usage.ru_utime + usage.ru_stime, 2))
    result["rps"] = round(result["requests"] / result["seconds"], 1) if result["seconds"] else 0
    result["wrk_cpu_pct_of_machine"] = round(100 * result["wrk_cpu_s"] / (result["seconds"] * os.cpu_count()), 1)
    # Server CPU per request: the figure that stays meaningful when other processes share the cores.
    result["server_cpu_ms_per_req"] = round(1000 * server_cpu / result["requests"], 3) if result["requests"] else 0
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
