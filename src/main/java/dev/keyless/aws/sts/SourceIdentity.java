package dev.keyless.aws.sts;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code https://aws.amazon.com/source_identity} claim of a web identity token becomes the
 * session's SourceIdentity, so it must fit the STS model of that member: 2 to 64 characters of
 * {@code [\w+=,.@-]} (STS API reference, AssumeRole {@code SourceIdentity}; IAM User Guide,
 * "Monitor and control actions taken with assumed roles"). Refused as AWS refuses such a member.
 */
public final class SourceIdentity {
    private static final Pattern PATTERN = Pattern.compile("[\\w+=,.@-]*");

    private SourceIdentity() {}

    /** Empty when {@code claim} (any JSON value from the token) is a valid source identity. */
    public static Optional<StsFailure> check(Object claim) {
        ValidationErrors errors = new ValidationErrors();
        if (!(claim instanceof String value)) {
            errors.violated("sourceIdentity", String.valueOf(claim), "Member must be a string");
            return errors.failure();
        }
        errors.length("sourceIdentity", value, 2, 64, false);
        if (!PATTERN.matcher(value).matches()) {
            errors.violated("sourceIdentity", value, "Member must satisfy regular expression pattern: [\\w+=,.@-]*");
        }
        return errors.failure();
    }
}
