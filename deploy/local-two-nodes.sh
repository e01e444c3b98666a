#!/usr/bin/env bash
# Two Keyless nodes on one PostgreSQL, on this machine: for trying a multi-node setup and
# for the benchmark's two-node run. Starts a throw-away PostgreSQL with password authentication, then
# two `./keyless serve` nodes of the example keyless.yaml sharing it, each on a free port; prints their
# URLs and waits. Ctrl-C or SIGTERM stops both nodes and PostgreSQL and deletes the temporary folder.
#
#   deploy/local-two-nodes.sh [--env-file FILE] [--config YAML]
#
# --env-file FILE: once both nodes answer /readyz, write NODE_A_URL, NODE_B_URL, ISSUER_URL, CONFIG,
#   NODE_A_PID, NODE_B_PID, KEYLESS_MASTER_KEY and KEYLESS_STORE_PASSWORD as shell assignments to
#   FILE (for `. FILE`).
# --config YAML: start from YAML instead of the example keyless.yaml (the benchmark adds its own
#   issuer); its one-line `store:` and every 127.0.0.1:8080 are rewritten the same way.
# PostgreSQL binaries: $PG_BIN, else the newest /usr/lib/postgresql/*/bin (apt install postgresql).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
env_file=""
template="$here/keyless.yaml"
while [ $# -gt 0 ]; do
  case "$1" in
    --env-file) env_file="$2"; shift 2 ;;
    --config) template="$2"; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "local-two-nodes: unknown argument $1" >&2; exit 2 ;;
  esac
done

pg_bin="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}"
if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ]; then
  echo "local-two-nodes: no PostgreSQL server binaries; apt-get install postgresql, or set PG_BIN" >&2
  exit 2
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
# initdb and postgres refuse to run as root: run them as the postgres user then.
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

work="$(mktemp -d "${TMPDIR:-/tmp}/keyless-two-nodes.XXXXXX")"
chmod 755 "$work"
pids=()
cleanup() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  as_pg "$pg_bin/pg_ctl" -D "$work/pg/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# 1. PostgreSQL: a superuser for setup over the socket, user keyless with a SCRAM password over TCP.
pg_port="$(free_port)"
db_password="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
mkdir -p "$work/pg/socket"
if [ "$(id -u)" = 0 ]; then chown -R postgres "$work/pg"; fi
as_pg "$pg_bin/initdb" -D "$work/pg/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 >"$work/initdb.log"
as_pg "$pg_bin/pg_ctl" -D "$work/pg/data" -l "$work/pg/postgres.log" -w \
  -o "-p $pg_port -k $work/pg/socket -c listen_addresses=127.0.0.1 -c max_connections=100" start >/dev/null
as_pg "$pg_bin/psql" -h "$work/pg/socket" -p "$pg_port" -U postgres -q -v ON_ERROR_STOP=1 \
  -c "CREATE ROLE keyless LOGIN PASSWORD '$db_password'" -c "CREATE DATABASE keyless OWNER keyless"

# 2. One config for both nodes: the example keyless.yaml, with node A's URL as issuer and provider URL.
port_a="$(free_port)"; port_b="$(free_port)"
issuer_host="127.0.0.1:$port_a"
sed -e "s#^store: .*#store: {url: \"jdbc:postgresql://127.0.0.1:$pg_port/keyless\", username: keyless}#" \
    -e "s#127\.0\.0\.1:8080#$issuer_host#g" "$template" >"$work/keyless.yaml"
export KEYLESS_MASTER_KEY="$(head -c 32 /dev/urandom | base64)"
export KEYLESS_STORE_PASSWORD="$db_password"

# 3. The nodes. Node A first: the launcher builds the jar on first use, and A creates the first keys.
wait_ready() {
  for _ in $(seq 1 600); do
    if curl -fsS "http://127.0.0.1:$1/readyz" >/dev/null 2>&1; then return 0; fi
    kill -0 "$2" 2>/dev/null || { echo "local-two-nodes: node on port $1 exited; log:" >&2; cat "$3" >&2; exit 1; }
    sleep 0.2
  done
  echo "local-two-nodes: node on port $1 not ready after 120 s" >&2; exit 1
}
"$here/keyless" serve --config "$work/keyless.yaml" --listen "127.0.0.1:$port_a" >"$work/node-a.log" 2>&1 &
pids+=("$!"); wait_ready "$port_a" "$!" "$work/node-a.log"
"$here/keyless" serve --config "$work/keyless.yaml" --listen "127.0.0.1:$port_b" >"$work/node-b.log" 2>&1 &
pids+=("$!"); wait_ready "$port_b" "$!" "$work/node-b.log"

echo "node A:     http://127.0.0.1:$port_a   (log $work/node-a.log)"
echo "node B:     http://127.0.0.1:$port_b   (log $work/node-b.log)"
echo "issuer:     http://$issuer_host   config: $work/keyless.yaml"
echo "postgresql: 127.0.0.1:$pg_port, database keyless, user keyless (password in KEYLESS_STORE_PASSWORD)"
if [ -n "$env_file" ]; then
  umask 077
  {
    printf 'NODE_A_URL=%q\nNODE_B_URL=%q\nISSUER_URL=%q\nCONFIG=%q\n' "http://127.0.0.1:$port_a" \
      "http://127.0.0.1:$port_b" "http://$issuer_host" "$work/keyless.yaml"
    # ./keyless execs java, so these are the JVMs' pids (the benchmark samples their CPU and RSS).
    printf 'NODE_A_PID=%q\nNODE_B_PID=%q\n' "${pids[0]}" "${pids[1]}"
    printf 'KEYLESS_MASTER_KEY=%q\nKEYLESS_STORE_PASSWORD=%q\n' "$KEYLESS_MASTER_KEY" "$KEYLESS_STORE_PASSWORD"
  } >"$env_file.tmp" && mv "$env_file.tmp" "$env_file"
  echo "wrote $env_file"
fi
echo "Ctrl-C stops both nodes and PostgreSQL."
wait "${pids[@]}"
