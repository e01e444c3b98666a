package dev.keyless.issuer;

import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A CI system allowed to call {@code POST /api/v1/ci/id_tokens}: it presents a bearer secret whose
 * SHA-256 is {@code secretSha256} (hex; the config never holds the secret itself) and may mint only
 * for project paths matching one of {@code projects}.
 */
public record CiApiClient(String name, String secretSha256, List<String> projects) {
    public CiApiClient {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(secretSha256, "secretSha256");
        projects = List.copyOf(Objects.requireNonNull(projects, "projects"));
        secretSha256 = secretSha256.toLowerCase(Locale.ROOT);
        if (!secretSha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("issuer.clients[" + name + "].secretSha256: expected 64 hex digits"
                    + " (e.g. `printf %s \"$SECRET\" | sha256sum`)");
        }
    }

    byte[] secretDigest() {
        return HexFormat.of().parseHex(secretSha256);
    }

    @Override
    public String toString() {
        return "CiApiClient[" + name + ", secretSha256=" + secretSha256.substring(0, 8) + "…, projects=" + projects + "]";
    }
}
