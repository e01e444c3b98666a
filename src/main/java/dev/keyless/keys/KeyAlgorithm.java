package dev.keyless.keys;

/** Signing algorithms the issuer can use (RFC 7518 §3.1 names). Asymmetric only. */
public enum KeyAlgorithm {
    /** RSASSA-PKCS1-v1_5 with SHA-256, 2048-bit keys: what GitLab signs with (GitLab docs, ID token authentication). */
    RS256,
    /** ECDSA P-256 with SHA-256. */
    ES256
}
