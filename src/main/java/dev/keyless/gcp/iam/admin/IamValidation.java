package dev.keyless.gcp.iam.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keyless.gcp.mapping.AttributeMapping;
import dev.keyless.gcp.mapping.MappingCompileException;
import dev.keyless.json.MalformedJsonException;
import dev.keyless.json.UntrustedJson;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Google's validation of the IAM v1 resources, enforced here because gcloud checks almost nothing
 * (IAM API reference: projects.locations.workloadIdentityPools, …providers, projects.serviceAccounts;
 * IAM principal identifiers). Pure: each check returns or throws {@link IamApiError} with a message
 * naming the field.
 */
public final class IamValidation {
    private static final Pattern POOL_OR_PROVIDER_ID = Pattern.compile("[a-z0-9-]{4,32}");
    private static final Pattern ACCOUNT_ID = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])");
    private static final Pattern DURATION = Pattern.compile("[0-9]{1,12}(\\.[0-9]{1,9})?s");
    private static final Pattern ROLE = Pattern.compile("(roles/[a-zA-Z0-9_.]{1,64}|projects/[a-z0-9-]{4,30}/roles/"
            + "[a-zA-Z0-9_.]{1,64}|organizations/[0-9]{1,20}/roles/[a-zA-Z0-9_.]{1,64})");
    private static final Pattern POOL_MEMBER = Pattern.compile("(principal|principalSet)://iam\\.googleapis\\.com/"
            + "projects/([0-9]{1,19})/locations/global/workloadIdentityPools/([a-z0-9-]{4,32})/(.+)");
    private static final Pattern ATTRIBUTE_SET = Pattern.compile("attribute\\.[a-z0-9_]{1,100}/.+");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Set<String> JWK_FIELDS = Set.of("kty", "alg", "use", "kid", "n", "e", "x", "y", "crv");
    static final int MAX_AUDIENCES = 10;
    static final int MAX_POLICY_MEMBERS = 1500;

    private IamValidation() {
    }

    /** A pool or provider id: 4–32 of {@code [a-z0-9-]}, not starting with the reserved {@code gcp-}. */
    public static void resourceId(String field, String id) {
        if (id == null || id.isEmpty()) {
            throw IamApiError.invalid("Field " + field + " is required.");
        }
        if (!POOL_OR_PROVIDER_ID.matcher(id).matches()) {
            throw IamApiError.invalid("Invalid " + field + " '" + printable(id) + "': it must be 4 to 32 characters "
                    + "of lowercase letters, digits and hyphens.");
        }
        if (id.startsWith("gcp-")) {
            throw IamApiError.invalid("Invalid " + field + " '" + id + "': the prefix gcp- is reserved by Google.");
        }
    }

    /** A service account's {@code accountId}: 6–30 characters, {@code [a-z]([-a-z0-9]*[a-z0-9])}. */
    public static void accountId(String id) {
        if (id == null || id.isEmpty()) {
            throw IamApiError.invalid("Field accountId is required.");
        }
        if (id.length() < 6 || id.length() > 30 || !ACCOUNT_ID.matcher(id).matches()) {
            throw IamApiError.invalid("Invalid accountId '" + printable(id) + "': it must be 6 to 30 characters, "
                    + "start with a lowercase letter, contain only lowercase letters, digits and hyphens, and not "
                    + "end with a hyphen.");
        }
    }

    public static void maxChars(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw IamApiError.invalid("Field " + field + " is " + value.length() + " characters long; at most " + max
                    + " are allowed.");
        }
    }

    public static void maxBytes(String field, String value, int max) {
        if (value != null && value.getBytes(StandardCharsets.UTF_8).length > max) {
            throw IamApiError.invalid("Field " + field + " is longer than " + max + " bytes.");
        }
    }

    /** A JSON duration between 2 minutes and 12 hours; returns it normalised to whole seconds. */
    public static String sessionDuration(String value) {
        if (value == null) {
            return null;
        }
        if (!DURATION.matcher(value).matches()) {
            throw IamApiError.invalid("Invalid sessionDuration '" + printable(value) + "': expected seconds with an "
                    + "s suffix, e.g. 3600s.");
        }
        BigDecimal seconds = new BigDecimal(value.substring(0, value.length() - 1));
        if (seconds.compareTo(BigDecimal.valueOf(120)) < 0 || seconds.compareTo(BigDecimal.valueOf(43200)) > 0) {
            throw IamApiError.invalid("Invalid sessionDuration '" + value + "': it must be between 120s (2 minutes) "
                    + "and 43200s (12 hours).");
        }
        return seconds.longValue() + "s";
    }

    /**
     * {@code oidc.issuerUri}: an absolute https URL with a host and no query or fragment. Plain http
     * is accepted for Keyless's own issuer only, as the file configuration's local issuer.
     */
    public static void issuerUri(String value, String ownIssuer) {
        if (value == null || value.isEmpty()) {
            throw IamApiError.invalid("Field oidc.issuerUri is required.");
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw IamApiError.invalid("Invalid oidc.issuerUri '" + printable(value) + "': " + e.getReason() + ".");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean own = value.equals(ownIssuer);
        if (!scheme.equals("https") && !(own && scheme.equals("http"))) {
            throw IamApiError.invalid("Invalid oidc.issuerUri '" + printable(value) + "': the issuer URI must use "
                    + "the https scheme.");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty() || uri.getRawQuery() != null
                || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw IamApiError.invalid("Invalid oidc.issuerUri '" + printable(value) + "': expected an absolute URL "
                    + "with a host and no user info, query or fragment.");
        }
        maxChars("oidc.issuerUri", value, 2048);
    }

    public static void allowedAudiences(List<String> audiences) {
        if (audiences.size() > MAX_AUDIENCES) {
            throw IamApiError.invalid("Field oidc.allowedAudiences has " + audiences.size() + " entries; at most "
                    + MAX_AUDIENCES + " are allowed.");
        }
        for (String a : audiences) {
            if (a.isEmpty() || a.length() > 256) {
                throw IamApiError.invalid("Invalid oidc.allowedAudiences entry: each audience must be 1 to 256 "
                        + "characters.");
            }
        }
    }

    /** {@code oidc.jwksJson}: a JWK set of RSA or EC keys with only the fields Google accepts. */
    public static void jwksJson(String value) {
        if (value == null) {
            return;
        }
        JsonNode root;
        try {
            root = UntrustedJson.readObject(value);
        } catch (MalformedJsonException e) {
            throw IamApiError.invalid("Invalid oidc.jwksJson: not a JSON object (" + e.getMessage() + ").");
        }
        JsonNode keys = root.get("keys");
        if (keys == null || !keys.isArray() || keys.isEmpty()) {
            throw IamApiError.invalid("Invalid oidc.jwksJson: expected {\"keys\": [ … ]} with at least one key.");
        }
        for (JsonNode key : keys) {
            if (!key.isObject()) {
                throw IamApiError.invalid("Invalid oidc.jwksJson: each entry of keys must be a JSON object.");
            }
            String kty = key.path("kty").asText("");
            if (!kty.equals("RSA") && !kty.equals("EC")) {
                throw IamApiError.invalid("Invalid oidc.jwksJson: kty must be RSA or EC, got '" + printable(kty) + "'.");
            }
            for (Iterator<String> it = key.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!JWK_FIELDS.contains(name)) {
                    throw IamApiError.invalid("Invalid oidc.jwksJson: unsupported key field '" + printable(name)
                            + "'; allowed are " + JWK_FIELDS.stream().sorted().toList() + ".");
                }
            }
        }
    }

    /**
     * {@code attributeMapping} and {@code attributeCondition}, compiled by the compiler the exchange
     * uses: the first problem is the message, naming the attribute and the CEL position.
     */
    public static void mapping(String resourceName, Map<String, String> mapping, Optional<String> condition) {
        if (mapping.isEmpty()) {
            throw IamApiError.invalid("Field attributeMapping is required for OIDC providers and must map "
                    + "google.subject.");
        }
        try {
            AttributeMapping.compile(resourceName, new LinkedHashMap<>(mapping), condition);
        } catch (MappingCompileException e) {
            String first = e.problems().get(0);
            String field = first.startsWith("attributeCondition") ? "attributeCondition" : "attributeMapping";
            throw IamApiError.invalid("Invalid " + field + ": " + first
                    + (e.problems().size() > 1 ? " (and " + (e.problems().size() - 1) + " more)" : "") + ".");
        }
    }

    /** An IAM role name. */
    public static void role(String role, int index) {
        if (role == null || !ROLE.matcher(role).matches()) {
            throw IamApiError.invalid("Invalid policy.bindings[" + index + "].role '" + printable(String.valueOf(role))
                    + "': expected roles/NAME, projects/PROJECT/roles/NAME or organizations/ORG/roles/NAME.");
        }
    }

    /** What a federated member names: its project number and pool. */
    public record PoolRef(long projectNumber, String poolId) {
    }

    /**
     * A binding member (IAM principal identifiers): {@code principal://…/subject/S},
     * {@code principalSet://…/group/G}, {@code …/attribute.NAME/VALUE}, {@code …/*},
     * {@code serviceAccount:}, {@code user:}, {@code group:}, {@code domain:}. Returns the pool a
     * federated member names, so the caller can check that it exists.
     */
    public static Optional<PoolRef> member(String member, int binding) {
        String field = "policy.bindings[" + binding + "].members";
        if (member == null || member.isEmpty()) {
            throw IamApiError.invalid("Invalid " + field + ": a member is empty.");
        }
        var m = POOL_MEMBER.matcher(member);
        if (m.matches()) {
            String rest = m.group(4);
            boolean ok = m.group(1).equals("principal") ? rest.startsWith("subject/") && rest.length() > 8
                    : rest.equals("*") || (rest.startsWith("group/") && rest.length() > 6)
                            || ATTRIBUTE_SET.matcher(rest).matches();
            if (!ok) {
                throw IamApiError.invalid("Invalid " + field + " '" + printable(member) + "': a principal:// member "
                        + "ends in /subject/SUBJECT; a principalSet:// member in /group/GROUP, "
                        + "/attribute.NAME/VALUE or /*.");
            }
            try {
                return Optional.of(new PoolRef(Long.parseLong(m.group(2)), m.group(3)));
            } catch (NumberFormatException e) {
                throw IamApiError.invalid("Invalid " + field + " '" + printable(member) + "': project number.");
            }
        }
        int colon = member.indexOf(':');
        String type = colon < 0 ? "" : member.substring(0, colon);
        String id = colon < 0 ? "" : member.substring(colon + 1);
        boolean valid = switch (type) {
            case "serviceAccount", "user", "group" -> EMAIL.matcher(id).matches();
            case "domain" -> !id.isEmpty() && !id.contains("@");
            default -> false;
        };
        if (!valid) {
            throw IamApiError.invalid("Invalid " + field + " '" + printable(member) + "': expected "
                    + "principal://iam.googleapis.com/projects/NUMBER/locations/global/workloadIdentityPools/POOL/"
                    + "subject/SUBJECT, principalSet://…/POOL/attribute.NAME/VALUE, …/group/GROUP, …/*, "
                    + "serviceAccount:EMAIL, user:EMAIL, group:EMAIL or domain:DOMAIN.");
        }
        return Optional.empty();
    }

    /** For messages: at most 80 characters, control characters replaced. */
    static String printable(String value) {
        String cut = value.length() > 80 ? value.substring(0, 80) + "…" : value;
        StringBuilder out = new StringBuilder(cut.length());
        cut.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return out.toString();
    }
}
