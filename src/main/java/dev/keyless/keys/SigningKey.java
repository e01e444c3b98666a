package dev.keyless.keys;

/** A key that signs: the JWS header carries {@code alg}, {@code kid} and {@code typ: JWT}. */
public interface SigningKey {
    String kid();

    KeyAlgorithm alg();

    /**
     * Signs {@code payload} (the exact JSON bytes of the claims, kept byte for byte so an
     * {@code aud} array of one element stays an array) and returns the compact JWS.
     */
    String sign(byte[] payload);
}
