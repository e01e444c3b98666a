package dev.keyless.oidc;

import java.net.URI;
import java.util.Objects;
import java.util.function.Supplier;

/** Where an issuer's verification keys come from. */
public sealed interface KeySource {

    /** OIDC discovery: {@code <issuer>/.well-known/openid-configuration} then its {@code jwks_uri}. */
    record Discovery(URI issuer) implements KeySource {
        public Discovery {
            Objects.requireNonNull(issuer, "issuer");
        }
    }

    /** A configured JWKS URL, no discovery. */
    record JwksUrl(URI url) implements KeySource {
        public JwksUrl {
            Objects.requireNonNull(url, "url");
        }
    }

    /** Static keys (file or inline JWKS) for air-gapped use and tests. */
    record StaticJwks(String jwksJson) implements KeySource {
        public StaticJwks {
            Objects.requireNonNull(jwksJson, "jwksJson");
        }

        @Override
        public String toString() {
            return "StaticJwks[" + jwksJson.length() + " chars]";
        }
    }

    /** Keys supplied in-process: the built-in issuer's key ring, verified through the same path. */
    record Supplied(Supplier<String> jwksJson) implements KeySource {
        public Supplied {
            Objects.requireNonNull(jwksJson, "jwksJson");
        }
    }
}
