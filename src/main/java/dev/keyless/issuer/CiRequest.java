package dev.keyless.issuer;

import java.util.Map;

/** Outcome of {@link CiRequestParser#parse}. */
sealed interface CiRequest {
    /** {@code tokens}: token name → requested audience, in request order. */
    record Valid(JobContext job, Map<String, Audience> tokens) implements CiRequest {}

    record Invalid(String field, String message) implements CiRequest {}
}
