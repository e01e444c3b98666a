package dev.keyless.aws.sts;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * AssumeRoleWithWebIdentity's parameters, checked line by line against the model
 * [botocore STS service model; STS API Reference, AssumeRoleWithWebIdentity errors]. Member names in messages are the model's, in camelCase.
 */
public final class AssumeRoleWithWebIdentityParser {

    private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]*");
    private static final String SESSION_NAME_TEXT = "[\\w+=,.@-]*";
    private static final Pattern POLICY_CHARS = Pattern.compile("[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+");
    private static final String POLICY_TEXT = "[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+";
    private static final Pattern POLICY_ARN = Pattern.compile("PolicyArns\\.member\\.([1-9][0-9]{0,8})\\.arn");
    private static final int MAX_POLICY_ARNS = 10;

    private AssumeRoleWithWebIdentityParser() {}

    static StsParse parse(QueryParameters q) {
        ValidationErrors v = new ValidationErrors();
        // (REQUIRED) RoleArn: arnType, 20..2048
        Optional<String> roleArn = q.get("RoleArn");
        roleArn.ifPresentOrElse(a -> v.length("roleArn", a, 20, 2048, false), () -> v.missing("roleArn"));
        // (REQUIRED) RoleSessionName: 2..64, [\w+=,.@-]*
        Optional<String> sessionName = q.get("RoleSessionName");
        sessionName.ifPresentOrElse(n -> sessionName(v, n), () -> v.missing("roleSessionName"));
        // (REQUIRED) WebIdentityToken: 4..20000, sensitive. Clients send the token file raw, trailing
        // newline included (AWS SDKs and Tools Reference Guide), so surrounding whitespace is stripped first.
        Optional<String> token = q.get("WebIdentityToken").map(String::strip);
        token.ifPresentOrElse(t -> webIdentityToken(v, tokenLength(t)), () -> v.missing("webIdentityToken"));
        // (OPTIONAL) ProviderId: 4..2048
        Optional<String> providerId = q.get("ProviderId");
        providerId.ifPresent(p -> v.length("providerId", p, 4, 2048, false));
        // (OPTIONAL) PolicyArns.member.N.arn: at most 10, each 20..2048; "PolicyArns=" is an empty list
        List<String> policyArns = policyArns(q, v);
        // (OPTIONAL) Policy: 1..2048 of [\t\n\r\u0020-\u00FF]
        Optional<String> policy = q.get("Policy");
        policy.ifPresent(p -> policy(v, p));
        // (OPTIONAL) DurationSeconds: integer 900..43200, default 3600
        Optional<Integer> duration = duration(q, v);
        if (duration.isEmpty()) {
            return new StsParse.Rejected(new StsFailure(StsError.INVALID_PARAMETER_VALUE,
                    "Invalid value for parameter DurationSeconds: " + q.get("DurationSeconds").orElse("")));
        }
        return v.failure().<StsParse>map(StsParse.Rejected::new).orElseGet(() -> new StsParse.Parsed(
                new AssumeRoleWithWebIdentityParams(roleArn.orElseThrow(), sessionName.orElseThrow(),
                        token.orElseThrow(), providerId, policyArns, policy, duration.get())));
    }

    /** The WebIdentityToken's length as the model counts it (code points), surrounding whitespace stripped. */
    public static int tokenLength(String token) {
        String t = token.strip();
        return t.codePointCount(0, t.length());
    }

    private static void webIdentityToken(ValidationErrors v, int length) {
        v.length("webIdentityToken", length, null, 4, 20000);
    }

    private static void sessionName(ValidationErrors v, String name) {
        v.length("roleSessionName", name, 2, 64, false);
        if (!SESSION_NAME.matcher(name).matches()) {
            v.violated("roleSessionName", name, "Member must satisfy regular expression pattern: " + SESSION_NAME_TEXT);
        }
    }

    private static void policy(ValidationErrors v, String policy) {
        v.length("policy", policy, 1, 2048, false);
        if (!policy.isEmpty() && !POLICY_CHARS.matcher(policy).matches()) {
            v.violated("policy", policy, "Member must satisfy regular expression pattern: " + POLICY_TEXT);
        }
    }

    private static List<String> policyArns(QueryParameters q, ValidationErrors v) {
        TreeMap<Integer, String> byIndex = new TreeMap<>();
        for (String name : q.names()) {
            Matcher m = POLICY_ARN.matcher(name);
            if (m.matches()) {
                byIndex.put(Integer.parseInt(m.group(1)), q.get(name).orElseThrow());
            }
        }
        List<String> arns = new ArrayList<>(byIndex.values());
        policyArns(v, arns);
        return arns;
    }

    private static void policyArns(ValidationErrors v, List<String> arns) {
        int position = 1;
        for (String arn : arns) {
            v.length("policyArns." + position++ + ".member.arn", arn, 20, 2048, false);
        }
        if (arns.size() > MAX_POLICY_ARNS) {
            v.violated("policyArns", arns.toString(), "Member must have length less than or equal to " + MAX_POLICY_ARNS);
        }
    }

    /** Empty when the value is not an integer; range violations go to {@code v}. */
    private static Optional<Integer> duration(QueryParameters q, ValidationErrors v) {
        Optional<String> text = q.get("DurationSeconds");
        if (text.isEmpty()) {
            return Optional.of(AssumeRoleWithWebIdentityParams.DEFAULT_DURATION_SECONDS);
        }
        int seconds;
        try {
            seconds = Integer.parseInt(text.get());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        durationRange(v, text.get(), seconds);
        return Optional.of(seconds);
    }

    private static void durationRange(ValidationErrors v, String text, int seconds) {
        if (seconds < 900) {
            v.violated("durationSeconds", text, "Member must have value greater than or equal to 900");
        } else if (seconds > 43200) {
            v.violated("durationSeconds", text, "Member must have value less than or equal to 43200");
        }
    }

    /**
     * The same model constraints for a request that did not come over the wire ({@code keyless
     * explain}, {@code keyless test}), as the parser checks them: the token by its length (a
     * {@code keyless test} case may give claims instead of a token, then its length is empty).
     */
    public static Optional<StsFailure> validate(String roleArn, String sessionName, OptionalInt tokenLength,
            Optional<String> policy, List<String> policyArns, int durationSeconds) {
        ValidationErrors v = new ValidationErrors();
        v.length("roleArn", roleArn, 20, 2048, false);
        sessionName(v, sessionName);
        tokenLength.ifPresent(n -> webIdentityToken(v, n));
        policyArns(v, policyArns);
        policy.ifPresent(p -> policy(v, p));
        durationRange(v, String.valueOf(durationSeconds), durationSeconds);
        return v.failure();
    }
}
