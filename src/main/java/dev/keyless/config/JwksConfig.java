package dev.keyless.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/** Where a provider's keys come from when discovery is bypassed: a file, a URL, or inline JSON. */
public sealed interface JwksConfig {

    /** A JWKS file, resolved against the config folder; read by the verifier (it may be rotated on disk). */
    record FromFile(Path file) implements JwksConfig {
        public FromFile {
            Objects.requireNonNull(file, "file");
        }
    }

    /** A JWKS URL fetched directly, without the discovery document. */
    record FromUrl(URI url) implements JwksConfig {
        public FromUrl {
            Objects.requireNonNull(url, "url");
        }
    }

    /** A JWKS document written in the config; checked to be a JSON object with a {@code keys} array. */
    record Inline(String json) implements JwksConfig {
        public Inline {
            Objects.requireNonNull(json, "json");
        }
    }
}
