"""Writes the bench config: the root keyless.yaml on a free port with its own store under bench/out,
plus a second OIDC provider ("the bench issuer") whose static JWKS is the key mint.py signs with.

Why a second issuer: the benchmark needs ~10^5 distinct tokens before the clock starts, and the JDK
signs RS256 at ~500/s per core (the sign ceiling), so minting them through the CI API would take
minutes. OpenSSL (python cryptography) signs ~3.5x faster. The server verifies bench-issuer tokens
through the same TokenVerifier / JWKS cache path as the built-in issuer's; only the signer differs.
usage: config.py ROOT_YAML OUT_YAML PORT STORE_DIR JWKS_FILE AUDIT(on|off)
"""
import copy
import sys

import yaml

BENCH_ISSUER = "https://bench-issuer.keyless.test"
BENCH_HOST = BENCH_ISSUER.removeprefix("https://")


def main(root, out, port, store_dir, jwks_file, audit):
    text = open(root).read().replace("127.0.0.1:8080", f"127.0.0.1:{port}")
    cfg = yaml.safe_load(text)
    cfg["store"] = f"jdbc:sqlite:{store_dir}/keyless.db"
    cfg["audit"]["enabled"] = audit == "on"
    cfg["logging"] = {"format": "text", "level": "INFO"}
    account = cfg["aws"]["accounts"]["111122223333"]
    account["openIdConnectProviders"].append(
        {"url": BENCH_ISSUER, "clientIds": ["sts.amazonaws.com"], "thumbprints": [], "jwks": {"file": jwks_file}})
    account["roles"]["bench-deployer"] = {
        "maxSessionDuration": 3600,
        "assumeRolePolicy": {"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow",
            "Principal": {"Federated": f"arn:aws:iam::111122223333:oidc-provider/{BENCH_HOST}"},
            "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": {"StringEquals": {
                f"{BENCH_HOST}:aud": "sts.amazonaws.com",
                f"{BENCH_HOST}:sub": "project_path:mygroup/myrepo:ref_type:branch:ref:main"}}}]}}
    pool = cfg["gcp"]["projects"]["my-project"]["workloadIdentityPools"]["gitlab-pool"]
    bench_provider = copy.deepcopy(pool["providers"]["gitlab"])
    bench_provider["issuerUri"] = BENCH_ISSUER
    # One token pool serves AWS and GCP: the GCP provider accepts the AWS audience too.
    bench_provider["allowedAudiences"] = ["sts.amazonaws.com"]
    bench_provider["jwksJson"] = open(jwks_file).read()
    pool["providers"]["bench"] = bench_provider
    with open(out, "w") as f:
        f.write("# Written by bench/run from the root keyless.yaml; do not edit.\n")
        yaml.safe_dump(cfg, f, sort_keys=False)


if __name__ == "__main__":
    main(*sys.argv[1:])
