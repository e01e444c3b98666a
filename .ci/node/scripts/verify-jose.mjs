// Independent verifier for Keyless tokens: only the discovery URL is given; keys come from the
// jwks_uri it names (npm `jose`, createRemoteJWKSet + jwtVerify with issuer and audience).
// Usage: node verify-jose.mjs DISCOVERY_URL ISSUER AUDIENCE < tokens (one per line)
import * as jose from 'jose';
import { readFileSync } from 'node:fs';

const [discoveryUrl, issuer, audience] = process.argv.slice(2);
const discovery = await (await fetch(discoveryUrl)).json();
const jwks = jose.createRemoteJWKSet(new URL(discovery.jwks_uri));
const tokens = readFileSync(0, 'utf8').split('\n').map((t) => t.trim()).filter((t) => t.length > 0);
for (const token of tokens) {
  try {
    const { payload, protectedHeader } = await jose.jwtVerify(token, jwks, { issuer, audience, algorithms: ['RS256', 'ES256'] });
    console.log(JSON.stringify({ ok: true, kid: protectedHeader.kid, sub: payload.sub, jti: payload.jti }));
  } catch (e) {
    console.log(JSON.stringify({ ok: false, code: e.code || e.name, message: e.message }));
  }
}
