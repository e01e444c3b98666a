package dev.keyless.aws.sts;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * awsQuery requests (STS API Reference, AssumeRoleWithWebIdentity): {@code POST /} with an
 * {@code application/x-www-form-urlencoded} body, or {@code GET /?…} with the same parameters in
 * the query string. Parameters from the query string and a form body are merged; a name given
 * twice is rejected. {@code Action} is dispatched by a small map once {@code Version} is
 * {@code 2011-06-15}.
 */
public final class StsQueryParser {

    public static final String VERSION = "2011-06-15";

    private final Map<String, Function<QueryParameters, StsParse>> actions = Map.of(
            AssumeRoleWithWebIdentityParams.ACTION, AssumeRoleWithWebIdentityParser::parse,
            GetCallerIdentityParams.ACTION, q -> new StsParse.Parsed(new GetCallerIdentityParams()));

    /**
     * @param rawQuery    the query string as received (without {@code ?}), or null
     * @param contentType the request's Content-Type, or null; only a form body is read
     * @param body        the request body (empty for GET)
     */
    public StsParse parse(String rawQuery, String contentType, byte[] body) {
        Objects.requireNonNull(body, "body");
        Map<String, String> pairs = new LinkedHashMap<>();
        if (rawQuery != null) {
            if (QueryDecoding.decode(rawQuery.getBytes(StandardCharsets.UTF_8), pairs)
                    instanceof QueryDecoding.Result.Malformed m) {
                return new StsParse.Rejected(m.failure());
            }
        }
        if (isForm(contentType) && QueryDecoding.decode(body, pairs) instanceof QueryDecoding.Result.Malformed m) {
            return new StsParse.Rejected(m.failure());
        }
        return dispatch(new QueryParameters(pairs));
    }

    /** Dispatches already-decoded parameters. */
    public StsParse dispatch(QueryParameters q) {
        String action = q.get("Action").orElse("");
        if (action.isEmpty()) {
            return new StsParse.Rejected(StsFailure.of(StsError.MISSING_ACTION));
        }
        String version = q.get("Version").filter(v -> !v.isEmpty()).orElse("NO_VERSION_SPECIFIED");
        Function<QueryParameters, StsParse> parser = actions.get(action);
        if (parser == null || !VERSION.equals(version)) {
            return new StsParse.Rejected(StsFailure.of(StsError.INVALID_ACTION, action, version));
        }
        return parser.apply(q);
    }

    private static boolean isForm(String contentType) {
        return contentType != null
                && contentType.strip().toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }
}
