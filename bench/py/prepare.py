"""Builds the wrk request files from the pre-minted tokens, before any clock starts:
  assume.txt  AssumeRoleWithWebIdentity form bodies, one distinct token each
  gcptoken.txt  GCP STS /v1/token form bodies, one distinct token each (same tokens, other endpoint)
  gci.txt     GetCallerIdentity bodies with SigV4 headers (botocore SigV4Auth), from session
              credentials of real AssumeRole calls; sign right before the run (valid +-15 min)
  gat.txt     generateAccessToken JSON bodies with a federated access token from real /v1/token calls
usage: prepare.py BASE_URL TOKENS_FILE SPARE_COUNT OUT_DIR
The last SPARE_COUNT tokens of TOKENS_FILE are spent here; the rest become assume/gcptoken lines.
"""
import json
import os
import sys
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

ROLE = "arn:aws:iam::111122223333:role/bench-deployer"
AUDIENCE = "//iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/gitlab-pool/providers/bench"
FORM = "application/x-www-form-urlencoded; charset=utf-8"
NS = {"s": "https://sts.amazonaws.com/doc/2011-06-15/"}


def assume_body(token):
    return urllib.parse.urlencode({"Action": "AssumeRoleWithWebIdentity", "Version": "2011-06-15",
                                   "RoleArn": ROLE, "RoleSessionName": "bench", "WebIdentityToken": token})


def gcp_body(token):
    return urllib.parse.urlencode({
        "grant_type": "urn:ietf:params:oauth:grant-type:token-exchange", "audience": AUDIENCE,
        "scope": "https://www.googleapis.com/auth/cloud-platform",
        "requested_token_type": "urn:ietf:params:oauth:token-type:access_token",
        "subject_token_type": "urn:ietf:params:oauth:token-type:jwt", "subject_token": token})


def post(url, body, ctype=FORM):
    req = urllib.request.Request(url, data=body.encode(), headers={"Content-Type": ctype}, method="POST")
    with urllib.request.urlopen(req, timeout=30) as resp:
        return resp.read()


def session(base, token):
    root = ET.fromstring(post(base + "/", assume_body(token)))
    c = root.find("s:AssumeRoleWithWebIdentityResult/s:Credentials", NS)
    return Credentials(c.find("s:AccessKeyId", NS).text, c.find("s:SecretAccessKey", NS).text,
                       c.find("s:SessionToken", NS).text)


def gci_line(base, creds):
    body = "Action=GetCallerIdentity&Version=2011-06-15"
    request = AWSRequest(method="POST", url=base + "/", data=body, headers={"Content-Type": FORM})
    SigV4Auth(creds, "sts", "us-east-1").add_auth(request)
    headers = [f"{k}: {v}" for k, v in request.headers.items() if k.lower() != "content-type"]
    return "\t".join([body] + headers)


def federated(base, token):
    return json.loads(post(base + "/v1/token", gcp_body(token)))["access_token"]


def main(base, tokens_file, spare, out_dir):
    tokens = open(tokens_file).read().split()
    spare = int(spare)
    run_tokens, prep = tokens[:-spare], tokens[-spare:]
    with open(os.path.join(out_dir, "assume.txt"), "w") as f:
        f.write("\n".join(assume_body(t) for t in run_tokens) + "\n")
    with open(os.path.join(out_dir, "gcptoken.txt"), "w") as f:
        f.write("\n".join(gcp_body(t) for t in run_tokens) + "\n")
    half = spare // 2
    with ThreadPoolExecutor(8) as pool:
        sessions = list(pool.map(lambda t: session(base, t), prep[:half]))
        access = list(pool.map(lambda t: federated(base, t), prep[half:]))
    with open(os.path.join(out_dir, "gci.txt"), "w") as f:
        # Several signed requests per session: distinct signatures, all sessions exercised.
        f.write("\n".join(gci_line(base, s) for s in sessions for _ in range(4)) + "\n")
    gat = json.dumps({"scope": ["https://www.googleapis.com/auth/cloud-platform"]}, separators=(",", ":"))
    with open(os.path.join(out_dir, "gat.txt"), "w") as f:
        f.write("\n".join(f"{gat}\tAuthorization: Bearer {a}" for a in access) + "\n")
    print(json.dumps({"assume": len(run_tokens), "sessions": len(sessions), "federated": len(access)}))


if __name__ == "__main__":
    main(*sys.argv[1:])
