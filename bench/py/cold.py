"""Times a command from a cold start, N times: wall milliseconds and CPU milliseconds (user +
system of the process and its children, from rusage), so the figure stays comparable when other
processes share the cores. Output: one JSON line {"wall_ms":[...],"cpu_ms":[...]}.
usage: cold.py N STDOUT_FILE CWD COMMAND [ARG ...]
"""
import json
import resource
import subprocess
import sys
import time


def main(n, stdout_file, cwd, *cmd):
    wall, cpu = [], []
    for _ in range(int(n)):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.monotonic()
        with open(stdout_file, "w") as out:
            subprocess.run(cmd, cwd=cwd, stdout=out, stderr=subprocess.DEVNULL, check=False)
        wall.append(round(1000 * (time.monotonic() - t0)))
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(round(1000 * (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)))
    print(json.dumps({"wall_ms": wall, "cpu_ms": cpu}))


if __name__ == "__main__":
    main(*sys.argv[1:])
