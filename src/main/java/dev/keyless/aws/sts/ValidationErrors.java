package dev.keyless.aws.sts;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Collects model-constraint violations and phrases them as AWS does, e.g.
 * {@code 1 validation error detected: Value 'a:b' at 'roleSessionName' failed to satisfy
 * constraint: Member must satisfy regular expression pattern: [\w+=,.@-]*} (STS API Reference, AssumeRoleWithWebIdentity,
 * JuliaCloud/AWSCore.jl#38); a missing member is {@code Value null at 'webIdentityToken' failed to
 * satisfy constraint: Member must not be null} (fog/fog-aws#550). Several are joined with "; ".
 */
final class ValidationErrors {

    private final List<String> errors = new ArrayList<>();

    void missing(String member) {
        errors.add("Value null at '" + member + "' failed to satisfy constraint: Member must not be null");
    }

    void violated(String member, String value, String constraint) {
        errors.add("Value '" + value + "' at '" + member + "' failed to satisfy constraint: " + constraint);
    }

    /**
     * For sensitive members (WebIdentityToken). AWS redacts sensitive values in these messages,
     * but its exact placeholder was not found in any source, so the value is simply omitted.
     */
    void violatedSensitive(String member, String constraint) {
        errors.add("Value at '" + member + "' failed to satisfy constraint: " + constraint);
    }

    /** Length in Unicode code points, as the model's min/max count characters. */
    void length(String member, String value, int min, int max, boolean sensitive) {
        length(member, value.codePointCount(0, value.length()), sensitive ? null : value, min, max);
    }

    /** A length already measured; {@code value} is null for a sensitive member (it is then not quoted). */
    void length(String member, int length, String value, int min, int max) {
        String constraint = length < min ? "Member must have length greater than or equal to " + min
                : length > max ? "Member must have length less than or equal to " + max : null;
        if (constraint != null) {
            if (value == null) {
                violatedSensitive(member, constraint);
            } else {
                violated(member, value, constraint);
            }
        }
    }

    Optional<StsFailure> failure() {
        if (errors.isEmpty()) {
            return Optional.empty();
        }
        String count = errors.size() == 1 ? "1 validation error detected: " : errors.size() + " validation errors detected: ";
        return Optional.of(new StsFailure(StsError.VALIDATION_ERROR, count + String.join("; ", errors)));
    }
}
