"""Pre-mints distinct RS256 tokens from the bench issuer on all cores (OpenSSL through python
cryptography), before any clock starts. Writes the JWKS and one request body per line.
usage: mint.py KEY_DIR COUNT OUT_TOKENS      (KEY_DIR gets key.pem and jwks.json, reused if present)
"""
import base64
import json
import os
import sys
import time
from multiprocessing import Pool

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

ISSUER = "https://bench-issuer.keyless.test"
KID = "bench-1"
_key = None


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def load_key(key_dir):
    pem = os.path.join(key_dir, "key.pem")
    if not os.path.exists(pem):
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        with open(pem, "wb") as f:
            f.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                      serialization.NoEncryption()))
    with open(pem, "rb") as f:
        key = serialization.load_pem_private_key(f.read(), password=None)
    nums = key.public_key().public_numbers()
    jwk = {"kty": "RSA", "kid": KID, "use": "sig", "alg": "RS256",
           "n": b64(nums.n.to_bytes((nums.n.bit_length() + 7) // 8, "big")), "e": b64(nums.e.to_bytes(3, "big"))}
    with open(os.path.join(key_dir, "jwks.json"), "w") as f:
        json.dump({"keys": [jwk]}, f)
    return key


def init(key_dir):
    global _key
    _key = load_key(key_dir)


def sign(args):
    start, end, now = args
    header = b64(json.dumps({"alg": "RS256", "typ": "JWT", "kid": KID}, separators=(",", ":")).encode())
    out = []
    for i in range(start, end):
        claims = {"iss": ISSUER, "sub": "project_path:mygroup/myrepo:ref_type:branch:ref:main",
                  "aud": "sts.amazonaws.com", "iat": now, "nbf": now - 5, "exp": now + 6 * 3600,
                  "jti": f"bench-{now}-{i}", "project_path": "mygroup/myrepo", "namespace_path": "mygroup",
                  "ref": "main", "ref_type": "branch", "project_id": "42", "pipeline_id": str(i)}
        signing_input = header + "." + b64(json.dumps(claims, separators=(",", ":")).encode())
        sig = _key.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
        out.append(signing_input + "." + b64(sig))
    return out


def main(key_dir, count, out_path):
    count = int(count)
    load_key(key_dir)
    now = int(time.time())
    chunk = 2000
    tasks = [(s, min(s + chunk, count), now) for s in range(0, count, chunk)]
    started = time.time()
    with Pool(os.cpu_count(), initializer=init, initargs=(key_dir,)) as pool, open(out_path, "w") as f:
        for tokens in pool.imap(sign, tasks):
            f.write("\n".join(tokens) + "\n")
    print(json.dumps({"tokens": count, "seconds": round(time.time() - started, 1)}))


if __name__ == "__main__":
    main(*sys.argv[1:])
