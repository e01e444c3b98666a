# Independent verifier for Keyless tokens with PyJWT's PyJWKClient: only the discovery URL is given.
# Usage: python3 verify_pyjwt.py DISCOVERY_URL ISSUER AUDIENCE < tokens (one per line)
import json
import sys
import urllib.request

import jwt

discovery_url, issuer, audience = sys.argv[1:4]
with urllib.request.urlopen(discovery_url) as response:
    discovery = json.load(response)
client = jwt.PyJWKClient(discovery["jwks_uri"])
for line in sys.stdin:
    token = line.strip()
    if not token:
        continue
    try:
        key = client.get_signing_key_from_jwt(token)
        claims = jwt.decode(token, key.key, algorithms=["RS256", "ES256"], audience=audience, issuer=issuer)
        print(json.dumps({"ok": True, "kid": key.key_id, "sub": claims["sub"], "jti": claims["jti"]}))
    except Exception as e:  # report every failure as a line, the test asserts on them
        print(json.dumps({"ok": False, "code": type(e).__name__, "message": str(e)}))
