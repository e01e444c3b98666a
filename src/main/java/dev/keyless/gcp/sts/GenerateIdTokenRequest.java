package dev.keyless.gcp.sts;

import java.util.List;
import java.util.Objects;

/** A parsed {@code :generateIdToken} body (IAM Credentials API). */
public record GenerateIdTokenRequest(String audience, boolean includeEmail, List<String> delegates,
                                     boolean organizationNumberIncluded) {

    public GenerateIdTokenRequest {
        Objects.requireNonNull(audience, "audience");
        delegates = List.copyOf(delegates);
    }
}
