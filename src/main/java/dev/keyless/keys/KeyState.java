package dev.keyless.keys;

/** Where a key is in its life; derived from its times and the clock (see {@link SigningKeyRing}). */
public enum KeyState {
    /** Published in the JWKS, not signing yet (publish-then-use). */
    NEXT,
    /** Published and signing new tokens. */
    ACTIVE,
    /** Published, no longer signing, until every token it signed has expired. */
    RETIRED,
    /** No longer published; its tokens have all expired. Removed at the next rotation. */
    EXPIRED
}
