package dev.keyless.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * google-auth's executable-source response, version 1. Field names as read by google-auth-library-python
 * {@code google/auth/pluggable.py} ({@code _parse_subject_token}: version, success, token_type,
 * id_token, expiration_time; on failure code and message) and google-auth-library-java
 * {@code ExecutableResponse} (which also requires {@code expiration_time} on success).
 */
public sealed interface ExecutableSourceResponse {
    /** The two OIDC subject token types the libraries accept for {@code id_token}. */
    enum TokenType {
        ID_TOKEN("urn:ietf:params:oauth:token-type:id_token"),
        JWT("urn:ietf:params:oauth:token-type:jwt");

        private final String urn;

        TokenType(String urn) {
            this.urn = urn;
        }

        public String urn() {
            return urn;
        }

        /** {@code id_token}, {@code jwt} or either full URN. */
        public static Optional<TokenType> parse(String s) {
            for (TokenType t : values()) {
                if (t.urn.equals(s) || t.name().toLowerCase(Locale.ROOT).equals(s)) {
                    return Optional.of(t);
                }
            }
            return Optional.empty();
        }
    }

    /** Codes in {@code code} of a failure; the libraries surface them in their RefreshError. */
    enum FailureCode {
        TOKEN_FILE_NOT_FOUND, TOKEN_FILE_EMPTY, TOKEN_FILE_UNREADABLE, TOKEN_NOT_A_JWT, TOKEN_EXPIRED
    }

    /** Version and success first, then the fields of that outcome, in this order. */
    default String toJson() {
        ObjectNode o = JsonText.object();
        o.put("version", 1);
        switch (this) {
            case Success s -> o.put("success", true).put("token_type", s.tokenType().urn())
                    .put("id_token", s.token().value()).put("expiration_time", s.expirationTime());
            case Failure f -> o.put("success", false).put("code", f.code().name()).put("message", f.message());
        }
        return JsonText.write(o);
    }

    record Success(TokenType tokenType, SubjectToken token, long expirationTime) implements ExecutableSourceResponse {
        public Success {
            Objects.requireNonNull(tokenType, "tokenType");
            Objects.requireNonNull(token, "token");
        }

        @Override
        public String toString() {
            return "Success[" + tokenType + ", " + token + ", expirationTime=" + expirationTime + "]";
        }
    }

    record Failure(FailureCode code, String message) implements ExecutableSourceResponse {
        public Failure {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }
    }
}
