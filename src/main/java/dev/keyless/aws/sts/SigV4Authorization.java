package dev.keyless.aws.sts;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The signature parameters of a request, from the {@code Authorization} header or from the
 * presigned query (IAM User Guide, Signature Version 4), before any cryptography.
 */
record SigV4Authorization(String accessKeyId, String scopeDate, String region, String service,
        List<String> signedHeaders, String signedHeadersText, String signature, boolean presigned,
        Optional<String> expires) {

    /** A parsed authorization, or why it is incomplete. */
    sealed interface Parse {
        record Ok(SigV4Authorization authorization) implements Parse {}

        record Bad(StsFailure failure) implements Parse {}
    }

    static final String SIGV4A = "AWS4-ECDSA-P256-SHA256";

    static Parse fromHeader(String header) {
        String value = header.strip();
        int space = value.indexOf(' ');
        String algorithm = space < 0 ? value : value.substring(0, space);
        if (!SigV4Signing.ALGORITHM.equals(algorithm)) {
            return unsupported(algorithm);
        }
        Map<String, String> parts = new LinkedHashMap<>();
        for (String part : value.substring(space + 1).split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                parts.put(part.substring(0, eq).strip(), part.substring(eq + 1).strip());
            }
        }
        List<String> missing = new ArrayList<>();
        for (String required : List.of("Credential", "Signature", "SignedHeaders")) {
            if (!parts.containsKey(required)) {
                missing.add("Authorization header requires '" + required + "' parameter.");
            }
        }
        if (!missing.isEmpty()) {
            // AWS lists every missing part, then echoes the header (common SigV4 IncompleteSignature text).
            return bad(String.join(" ", missing) + " Authorization=" + header);
        }
        return build(parts.get("Credential"), parts.get("SignedHeaders"), parts.get("Signature"), false,
                Optional.empty());
    }

    static Parse fromQuery(Map<String, String> query) {
        String algorithm = query.getOrDefault("X-Amz-Algorithm", "");
        if (!SigV4Signing.ALGORITHM.equals(algorithm)) {
            return unsupported(algorithm);
        }
        for (String required : List.of("X-Amz-Credential", "X-Amz-SignedHeaders", "X-Amz-Signature", "X-Amz-Date")) {
            if (!query.containsKey(required)) {
                return bad("Query-string authentication requires the " + required + " parameter.");
            }
        }
        return build(query.get("X-Amz-Credential"), query.get("X-Amz-SignedHeaders"), query.get("X-Amz-Signature"),
                true, Optional.ofNullable(query.get("X-Amz-Expires")));
    }

    private static Parse build(String credential, String signedHeaders, String signature, boolean presigned,
            Optional<String> expires) {
        String[] scope = credential.split("/", -1);
        if (scope.length != 5 || scope[0].isEmpty()) {
            return bad("Credential should be scoped to a valid region, not '" + credential + "'. ");
        }
        if (!"aws4_request".equals(scope[4])) {
            return bad("Credential should be scoped with a valid terminator: 'aws4_request', not '" + scope[4] + "'. ");
        }
        List<String> names = Arrays.stream(signedHeaders.split(";")).filter(s -> !s.isEmpty()).toList();
        return new Parse.Ok(new SigV4Authorization(scope[0], scope[1], scope[2], scope[3], names, signedHeaders,
                signature, presigned, expires));
    }

    /** SigV4a (IAM User Guide, Signature Version 4: "a server may reject AWS4-ECDSA-P256-SHA256") and anything unknown. */
    private static Parse unsupported(String algorithm) {
        if (SIGV4A.equals(algorithm)) {
            return bad("Unsupported signing algorithm " + SIGV4A
                    + " (SigV4a); this STS accepts AWS4-HMAC-SHA256 (SigV4) only.");
        }
        return bad("Unsupported AWS 'algorithm': '" + algorithm + "'");
    }

    private static Parse bad(String message) {
        return new Parse.Bad(new StsFailure(StsError.INCOMPLETE_SIGNATURE, message));
    }

    String scope(String date) {
        return date + "/" + region + "/" + service + "/aws4_request";
    }
}
