#!/usr/bin/env bash
# Installs the real clients the tests drive, idempotently: Debian's AWS CLI v2 (as /usr/bin/aws,
# beside the AWS CLI v1 on PATH), PyJWT for Debian's python3, wrk for the benchmark, Debian's chromium
# for the console's browser test, and the npm
# packages into .ci/node (inside the repository, never global).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
need=()
[ -x /usr/bin/aws ] || need+=(awscli)
/usr/bin/python3 -c 'import jwt, cryptography' 2>/dev/null || need+=(python3-jwt python3-cryptography)
command -v wrk >/dev/null 2>&1 || need+=(wrk)
# Debian's chromium for the console's browser test (driven by npm playwright-core; no browser download).
[ -x /usr/bin/chromium ] || need+=(chromium chromium-driver)
if [ ${#need[@]} -gt 0 ]; then
  echo "install-clients: apt-get install ${need[*]}"
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    sudo apt-get update -qq >/dev/null && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  fi
fi
cd "$here/.ci/node"
if [ ! -d node_modules ] || [ package.json -nt node_modules ] || [ package-lock.json -nt node_modules ]; then
  echo "install-clients: npm ci in .ci/node"
  if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --loglevel=error; else npm install --no-audit --no-fund --loglevel=error; fi
  touch node_modules
fi
