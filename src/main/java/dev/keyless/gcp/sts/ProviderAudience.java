package dev.keyless.gcp.sts;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code audience} of a token exchange: a workload identity provider's full resource name
 * (Google STS API, token): {@code //iam.googleapis.com/projects/NUMBER/locations/global/
 * workloadIdentityPools/POOL/providers/PROV}, also accepted with an {@code https:} prefix (the
 * default-audience form, §2). The project must be a number; pool and provider ids follow §2
 * ({@code [a-z0-9-]}, 4–32 characters).
 */
public record ProviderAudience(long projectNumber, String poolId, String providerId) {

    private static final Pattern FORMAT = Pattern.compile("(?:https:)?//iam\\.googleapis\\.com/projects/([0-9]{1,19})"
            + "/locations/global/workloadIdentityPools/([a-z0-9-]{4,32})/providers/([a-z0-9-]{4,32})");

    public ProviderAudience {
        Objects.requireNonNull(poolId, "poolId");
        Objects.requireNonNull(providerId, "providerId");
    }

    public static Optional<ProviderAudience> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        Matcher m = FORMAT.matcher(value);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ProviderAudience(Long.parseLong(m.group(1)), m.group(2), m.group(3)));
        } catch (NumberFormatException e) { // more than a long holds: not a project number
            return Optional.empty();
        }
    }

    /** As {@link #parse}, and also the bare resource name {@code projects/N/…/providers/X} (test cases may write it). */
    public static Optional<ProviderAudience> parseName(String value) {
        return parse(value != null && value.startsWith("projects/") ? "//iam.googleapis.com/" + value : value);
    }

    /** {@code projects/N/locations/global/workloadIdentityPools/P/providers/X}. */
    public String providerResourceName() {
        return "projects/" + projectNumber + "/locations/global/workloadIdentityPools/" + poolId
                + "/providers/" + providerId;
    }

    /** {@code //iam.googleapis.com/} + the resource name. */
    public String fullName() {
        return "//iam.googleapis.com/" + providerResourceName();
    }
}
