package dev.keyless.trust;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a {@code keyless test} file: {@code cases:}, a list of {@code {name, role | provider
 * [+ serviceAccount], claims, expect: allow|deny}}; an AWS case may give a compact {@code token}
 * instead of claims, and the request's {@code sessionName}, {@code durationSeconds} and {@code policy}. Every problem is reported at once, with the
 * line of the case it is in (Jackson's YAML token locations).
 */
public final class TrustCasesParser {
    private static final Set<String> KEYS = Set.of("name", "role", "provider", "serviceAccount", "claims", "expect",
            "token", "sessionName", "durationSeconds", "policy");
    private static final ObjectMapper MAPPER = new ObjectMapper(new YAMLFactory());

    private TrustCasesParser() {}

    public static List<TrustCase> parse(String yaml, String file) throws TrustCasesException {
        List<String> problems = new ArrayList<>();
        List<TrustCase> cases = new ArrayList<>();
        try (JsonParser p = MAPPER.getFactory().createParser(yaml)) {
            if (p.nextToken() != JsonToken.START_OBJECT || !seekCases(p)) {
                throw new TrustCasesException(List.of(file + ":1: expected a mapping with a \"cases:\" list"));
            }
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new TrustCasesException(List.of(at(file, p) + "\"cases\" must be a list of cases"));
            }
            int index = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                int line = p.currentTokenLocation().getLineNr();
                JsonNode node = MAPPER.readTree(p);
                index++;
                one(node, index, line, file, problems).ifPresent(cases::add);
            }
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 1 : e.getLocation().getLineNr();
            throw new TrustCasesException(List.of(file + ":" + line + ": not valid YAML: " + e.getOriginalMessage()));
        } catch (IOException e) {
            throw new TrustCasesException(List.of(file + ": cannot read: " + e.getMessage()));
        }
        if (cases.isEmpty() && problems.isEmpty()) {
            problems.add(file + ":1: no cases");
        }
        if (!problems.isEmpty()) {
            throw new TrustCasesException(problems);
        }
        return List.copyOf(cases);
    }

    /** Moves to the value of the top-level {@code cases} key, skipping other keys. */
    private static boolean seekCases(JsonParser p) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            if (p.currentName().equals("cases")) {
                return true;
            }
            p.nextToken();
            p.skipChildren();
        }
        return false;
    }

    private static Optional<TrustCase> one(JsonNode node, int index, int line, String file, List<String> problems) {
        String at = file + ":" + line + ": case " + index;
        if (!node.isObject()) {
            problems.add(at + ": must be a mapping {name, role or provider, claims, expect}");
            return Optional.empty();
        }
        int before = problems.size();
        node.fieldNames().forEachRemaining(k -> {
            if (!KEYS.contains(k)) {
                problems.add(at + ": unknown key \"" + k + "\"; allowed are " + KEYS.stream().sorted().toList());
            }
        });
        String name = text(node, "name").orElse("case " + index);
        String where = at + " (" + name + ")";
        TrustCase.Target target = target(node, where, problems);
        TrustCase.Expect expect = expect(node, where, problems);
        Optional<String> token = text(node, "token");
        if (token.isPresent() && !(target instanceof TrustCase.AwsRole)) {
            problems.add(where + ": \"token\" goes with \"role\" (AWS)");
        }
        Map<String, Object> claims = token.isPresent() && !node.has("claims") ? Map.of() : claims(node, where, problems);
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new TrustCase(name, line, target, claims, token, expect));
    }

    private static TrustCase.Target target(JsonNode node, String where, List<String> problems) {
        Optional<String> role = text(node, "role");
        Optional<String> provider = text(node, "provider");
        Optional<String> sa = text(node, "serviceAccount");
        if (role.isPresent() == provider.isPresent()) {
            problems.add(where + ": give exactly one of \"role\" (an AWS role ARN) or \"provider\" (a GCP pool provider name)");
            return null;
        }
        if (role.isPresent() && sa.isPresent()) {
            problems.add(where + ": \"serviceAccount\" goes with \"provider\", not \"role\"");
            return null;
        }
        Optional<String> duration = text(node, "durationSeconds");
        if (provider.isPresent() && (duration.isPresent() || node.has("sessionName") || node.has("policy"))) {
            problems.add(where + ": \"sessionName\", \"durationSeconds\" and \"policy\" go with \"role\" (AWS)");
            return null;
        }
        if (duration.isPresent() && !duration.get().matches("-?[0-9]{1,9}")) {
            problems.add(where + ": \"durationSeconds\" must be an integer");
            return null;
        }
        return role.<TrustCase.Target>map(r -> new TrustCase.AwsRole(r, text(node, "sessionName"),
                duration.map(Integer::valueOf), text(node, "policy")))
                .orElseGet(() -> new TrustCase.GcpProvider(provider.get(), sa));
    }

    private static TrustCase.Expect expect(JsonNode node, String where, List<String> problems) {
        String e = text(node, "expect").map(s -> s.toLowerCase(Locale.ROOT)).orElse("");
        return switch (e) {
            case "allow" -> TrustCase.Expect.ALLOW;
            case "deny" -> TrustCase.Expect.DENY;
            default -> {
                problems.add(where + ": \"expect\" must be allow or deny" + (e.isEmpty() ? "" : ", not \"" + e + "\""));
                yield null;
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> claims(JsonNode node, String where, List<String> problems) {
        JsonNode c = node.get("claims");
        if (c == null || !c.isObject()) {
            problems.add(where + ": \"claims\" must be a mapping of the token's claims, e.g. {sub: ..., aud: ...}");
            return Map.of();
        }
        return MAPPER.convertValue(c, Map.class);
    }

    private static Optional<String> text(JsonNode node, String key) {
        JsonNode v = node.get(key);
        return v != null && v.isValueNode() && !v.isNull() ? Optional.of(v.asText()) : Optional.empty();
    }

    private static String at(String file, JsonParser p) {
        return file + ":" + p.currentTokenLocation().getLineNr() + ": ";
    }
}
