package dev.keyless.gcp.sts;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * An STS error as sent on the wire: {@code {"error":…,"error_description":…}}, HTTP 400 (every
 * error Google's STS was seen to send is a 400, and the Node client retries 5xx). The wording is
 * {@link StsError}'s.
 */
public record OAuthError(OAuthErrorCode code, String description) implements GoogleError {

    public OAuthError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(description, "description");
    }

    @Override
    public String wireCode() {
        return code.wire();
    }

    @Override
    public String message() {
        return description;
    }

    @Override
    public int httpStatus() {
        return 400;
    }

    /** {@code {"error":"<code>","error_description":"<text>"}} in UTF-8. */
    @Override
    public byte[] toJson() {
        return JsonNodeFactory.instance.objectNode().put("error", code.wire()).put("error_description", description)
                .toString().getBytes(StandardCharsets.UTF_8);
    }
}
