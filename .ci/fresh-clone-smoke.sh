#!/usr/bin/env bash
# On a fresh clone, `./keyless serve` builds on first use and serves discovery
# and JWKS. Clones the committed tree into a temporary folder (no target/, no keyless-data/) and
# runs the README's first command there, on a free loopback port.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tmp="$(mktemp -d)"
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT
git clone -q "$repo" "$tmp/clone"
cd "$tmp/clone"
[ ! -e target ] || { echo "smoke: the clone already has target/"; exit 1; }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
./keyless serve --listen "127.0.0.1:$port" > serve.log 2>&1 &
pid=$!
for _ in $(seq 1 300); do
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { echo "smoke: ./keyless serve exited"; cat serve.log; exit 1; }
  sleep 1
done
discovery=$(curl -fs "http://127.0.0.1:$port/.well-known/openid-configuration")
jwks=$(curl -fs -D headers.txt "http://127.0.0.1:$port/oauth/discovery/keys")
echo "$discovery" | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["jwks_uri"].endswith("/oauth/discovery/keys"), d; assert "sub" in d["claims_supported"]'
echo "$jwks" | python3 -c 'import json,sys; k=json.load(sys.stdin)["keys"]; assert len(k)>=1 and k[0]["alg"]=="RS256" and len(k[0]["kid"])==43, k'
grep -qi '^cache-control:' headers.txt
[ -f target/keyless.jar ] || { echo "smoke: no jar was built"; exit 1; }
echo "smoke: fresh clone built and served discovery + JWKS on port $port: 1 passed, 0 failed"
