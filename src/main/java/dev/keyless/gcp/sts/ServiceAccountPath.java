package dev.keyless.gcp.sts;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code /v1/projects/-/serviceAccounts/{EMAIL_OR_UNIQUEID}:generateAccessToken|:generateIdToken}
 * (IAM Credentials API; AIP-4117: the {@code -} is required; clients take the email from the text
 * between the last {@code /} and the {@code :method}).
 */
public record ServiceAccountPath(String emailOrUniqueId, Method method) {

    private static final Pattern PATH =
            Pattern.compile("/v1/projects/-/serviceAccounts/([^/:]+):(generateAccessToken|generateIdToken)");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");
    private static final Pattern UNIQUE_ID = Pattern.compile("[0-9]{1,32}");

    public enum Method { GENERATE_ACCESS_TOKEN, GENERATE_ID_TOKEN }

    public ServiceAccountPath {
        Objects.requireNonNull(emailOrUniqueId, "emailOrUniqueId");
        Objects.requireNonNull(method, "method");
    }

    /** Empty when the path is not one of the two methods (the handler answers 404). */
    public static Optional<ServiceAccountPath> parse(String rawPath) {
        if (rawPath == null) {
            return Optional.empty();
        }
        Matcher m = PATH.matcher(rawPath);
        if (!m.matches()) {
            return Optional.empty();
        }
        String id;
        try {
            id = URLDecoder.decode(m.group(1).replace("+", "%2B"), StandardCharsets.UTF_8); // %40 → @; '+' stays
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!EMAIL.matcher(id).matches() && !UNIQUE_ID.matcher(id).matches()) {
            return Optional.empty();
        }
        Method method = m.group(2).equals("generateAccessToken") ? Method.GENERATE_ACCESS_TOKEN : Method.GENERATE_ID_TOKEN;
        return Optional.of(new ServiceAccountPath(id, method));
    }

    public boolean isUniqueId() {
        return UNIQUE_ID.matcher(emailOrUniqueId).matches();
    }
}
