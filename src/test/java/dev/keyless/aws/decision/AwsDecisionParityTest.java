package dev.keyless.aws.decision;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.keyless.audit.AuditQuery;
import dev.keyless.testing.InProcessCli;
import dev.keyless.testing.KeylessTestServer;
import dev.keyless.testing.Repo;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One AssumeRoleWithWebIdentity request, three ways: the STS over a socket (decision from the
 * status, decisive check from the audit event of the request id), {@code keyless explain} (its JSON)
 * and {@code keyless test} (a trust-cases file giving the same token and request). All three must
 * reach the same decision at the same decisive check, for every refusal the STS knows.
 */
class AwsDecisionParityTest {
    private static final String ACCOUNT = "111122223333";
    private static final String MAIN = "project_path:mygroup/myrepo:ref_type:branch:ref:main";
    private static final String TAGS = "https://aws.amazon.com/tags";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static KeylessTestServer server;
    static final Map<String, String> tokens = new LinkedHashMap<>();
    static final Map<String, Result> viaTest = new LinkedHashMap<>();
    static final AtomicInteger checked = new AtomicInteger();

    /** A decision as one surface reports it: allowed, or denied at a check. */
    record Result(boolean allowed, String check) {
        static Result allow() {
            return new Result(true, "");
        }

        static Result deny(String check) {
            return new Result(false, check);
        }

        @Override
        public String toString() {
            return allowed ? "allow" : "deny at " + check;
        }
    }

    /** The token's claims are the server's GitLab-shaped ones, edited; or a raw token text. */
    record Case(String name, String role, Function<Tokens, String> token, String session, int duration,
            Optional<String> policy, Result expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** Tokens signed by the server's own issuer key. */
    record Tokens(KeylessTestServer server) {
        Map<String, Object> claims() {
            long now = System.currentTimeMillis() / 1000;
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("iss", server.url());
            c.put("aud", "sts.amazonaws.com");
            c.put("sub", MAIN);
            c.put("project_path", "mygroup/myrepo");
            c.put("ref", "main");
            c.put("jti", UUID.randomUUID().toString());
            c.put("iat", now - 5);
            c.put("nbf", now - 5);
            c.put("exp", now + 600);
            return c;
        }

        String signed(Consumer<Map<String, Object>> edit) {
            Map<String, Object> c = claims();
            edit.accept(c);
            try {
                return sign(JSON.writeValueAsBytes(c));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        String sign(byte[] payload) {
            return server.keyless().keyRing().activeSigner().sign(payload);
        }

        String ref(String ref) {
            return signed(c -> c.put("sub", "project_path:mygroup/myrepo:ref_type:branch:ref:" + ref));
        }
    }

    private static final String DEPLOYER = role("gitlab-deployer");

    static String role(String name) {
        return "arn:aws:iam::" + ACCOUNT + ":role/" + name;
    }

    static Case allow(String name, String role, Function<Tokens, String> token) {
        return new Case(name, role, token, "parity", 3600, Optional.empty(), Result.allow());
    }

    static Case deny(String name, String role, Function<Tokens, String> token, String check) {
        return new Case(name, role, token, "parity", 3600, Optional.empty(), Result.deny(check));
    }

    static Case with(Case c, String session, int duration, Optional<String> policy) {
        return new Case(c.name(), c.role(), c.token(), session, duration, policy, c.expected());
    }

    static final Function<Tokens, String> MAIN_TOKEN = t -> t.signed(c -> { });

    static final List<Case> CASES = List.of(
            // Allowed variants
            allow("main-branch-allowed", DEPLOYER, MAIN_TOKEN),
            allow("string-like-feature-allowed", role("like-deployer"), t -> t.ref("feature-x")),
            allow("no-condition-allowed", role("open"), MAIN_TOKEN),
            with(allow("duration-7200-within-role-max", role("open"), MAIN_TOKEN), "parity", 7200, Optional.empty()),
            with(allow("duration-900-minimum", DEPLOYER, MAIN_TOKEN), "parity", 900, Optional.empty()),
            allow("aud-array-with-client-id", DEPLOYER, t -> t.signed(c -> c.put("aud", List.of("other", "sts.amazonaws.com")))),
            with(allow("session-policy-valid", DEPLOYER, MAIN_TOKEN), "parity", 3600, Optional.of(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}")),
            allow("session-tags-with-tag-session", role("tagged"), t -> t.signed(c -> c.put(TAGS,
                    Map.of("principal_tags", Map.of("team", List.of("blue")))))),
            allow("string-not-equals-other-ref", role("not-main"), t -> t.ref("dev")),
            allow("explicit-deny-not-matching", role("guarded"), MAIN_TOKEN),
            deny("source-identity-without-set-source-identity", role("open"), t -> t.signed(c ->
                    c.put("https://aws.amazon.com/source_identity", "alice")), "trust policy"),
            with(allow("session-name-punctuation", DEPLOYER, MAIN_TOKEN), "a+=,.@-b", 3600, Optional.empty()),
            // The trust policy refuses
            deny("string-equals-false", DEPLOYER, t -> t.ref("feature-x"), "trust policy"),
            deny("string-like-false", role("like-deployer"), t -> t.signed(c -> c.put("sub",
                    "project_path:othergroup/myrepo:ref_type:branch:ref:main")), "trust policy"),
            deny("explicit-deny", role("guarded"), t -> t.ref("feature-1"), "trust policy"),
            deny("no-statement-for-provider", role("foreign"), MAIN_TOKEN, "trust policy"),
            deny("action-sts-assume-role-only", role("assume-only"), MAIN_TOKEN, "trust policy"),
            deny("string-not-equals-false", role("not-main"), MAIN_TOKEN, "trust policy"),
            deny("tags-without-tag-session", DEPLOYER, t -> t.signed(c -> c.put(TAGS,
                    Map.of("principal_tags", Map.of("team", List.of("blue"))))), "trust policy"),
            // Claims the STS checks itself
            deny("missing-sub", DEPLOYER, t -> t.signed(c -> c.remove("sub")), "sub"),
            deny("missing-sub-open-role", role("open"), t -> t.signed(c -> c.remove("sub")), "sub"),
            deny("wrong-audience", DEPLOYER, t -> t.signed(c -> c.put("aud", "other")), "audience"),
            deny("aud-array-without-client-id", DEPLOYER, t -> t.signed(c -> c.put("aud", List.of("a", "b"))), "audience"),
            deny("invalid-session-tags", role("tagged"), t -> t.signed(c -> c.put(TAGS, Map.of("principal_tags",
                    Map.of("k".repeat(200), List.of("v"))))), "session tags"),
            // The request
            deny("unknown-role", role("nope"), MAIN_TOKEN, "role"),
            deny("invalid-role-arn", "arn:aws:iam::111122223333:user/deployer", MAIN_TOKEN, "role ARN"),
            deny("role-in-unknown-account", "arn:aws:iam::999999999999:role/gitlab-deployer", MAIN_TOKEN, "issuer"),
            with(deny("invalid-session-name", DEPLOYER, MAIN_TOKEN, "request"), "bad name!", 3600, Optional.empty()),
            with(deny("session-name-too-short", DEPLOYER, MAIN_TOKEN, "request"), "a", 3600, Optional.empty()),
            with(deny("duration-below-900", DEPLOYER, MAIN_TOKEN, "request"), "parity", 800, Optional.empty()),
            with(deny("duration-above-43200", DEPLOYER, MAIN_TOKEN, "request"), "parity", 50000, Optional.empty()),
            with(deny("duration-above-role-max", DEPLOYER, MAIN_TOKEN, "duration"), "parity", 7200, Optional.empty()),
            with(deny("policy-without-statement", DEPLOYER, MAIN_TOKEN, "session policy"), "parity", 3600,
                    Optional.of("{\"Version\":\"2012-10-17\"}")),
            with(deny("policy-not-json", DEPLOYER, MAIN_TOKEN, "session policy"), "parity", 3600, Optional.of("{")),
            with(deny("policy-outside-latin1", DEPLOYER, MAIN_TOKEN, "request"), "parity", 3600,
                    Optional.of("{\"Version\":\"2012-10-17\",\"Statement\":[],\"Sid\":\"€\"}")),
            // The token's times
            deny("expired", DEPLOYER, t -> t.signed(c -> {
                c.put("iat", (Long) c.get("iat") - 3600);
                c.put("nbf", (Long) c.get("nbf") - 3600);
                c.put("exp", (Long) c.get("exp") - 3600);
            }), "times"),
            deny("too-old", DEPLOYER, t -> t.signed(c -> {
                c.put("iat", (Long) c.get("iat") - 25 * 3600);
                c.put("nbf", (Long) c.get("nbf") - 25 * 3600);
            }), "times"),
            deny("not-yet-valid", DEPLOYER, t -> t.signed(c -> c.put("nbf", (Long) c.get("nbf") + 3600)), "times"),
            deny("issued-in-future", DEPLOYER, t -> t.signed(c -> {
                c.put("iat", (Long) c.get("iat") + 3600);
                c.put("nbf", (Long) c.get("nbf") + 3600);
                c.put("exp", (Long) c.get("exp") + 3600);
            }), "times"),
            deny("missing-exp", DEPLOYER, t -> t.signed(c -> c.remove("exp")), "times"),
            deny("missing-iat", DEPLOYER, t -> t.signed(c -> c.remove("iat")), "times"),
            deny("exp-not-integer", DEPLOYER, t -> t.signed(c -> c.put("exp", "soon")), "times"),
            // Issuer, signature, format
            deny("unknown-issuer", DEPLOYER, t -> t.signed(c -> c.put("iss", "https://gitlab.com")), "issuer"),
            deny("bad-signature", DEPLOYER, t -> tamper(t.signed(c -> { })), "signature"),
            deny("alg-none", DEPLOYER, t -> b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "."
                    + b64(new String(payload(t.signed(c -> { })), StandardCharsets.UTF_8)) + ".", "signature"),
            deny("not-a-jws", DEPLOYER, t -> "not-a-jwt", "format"),
            // The token's length is a model constraint of the request (WebIdentityToken: 4..20000)
            deny("token-under-4-characters", DEPLOYER, t -> "a.b", "request"),
            deny("token-over-20000-characters", DEPLOYER, t -> t.signed(c -> c.put("pad", "x".repeat(15000))), "request"),
            deny("payload-not-an-object", DEPLOYER, t -> t.sign("[1,2]".getBytes(StandardCharsets.UTF_8)), "format"));

    static Stream<Case> cases() {
        return CASES.stream();
    }

    static String b64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] payload(String jws) {
        return Base64.getUrlDecoder().decode(jws.split("\\.")[1]);
    }

    /** One character in the middle of the signature changed: same length, wrong bytes. */
    static String tamper(String jws) {
        int at = jws.lastIndexOf('.') + 10;
        return jws.substring(0, at) + (jws.charAt(at) == 'A' ? 'B' : 'A') + jws.substring(at + 1);
    }

    @BeforeAll
    static void start() throws IOException {
        String example = Files.readString(Repo.root().resolve("keyless.yaml"));
        String anchor = "\n# The GCP-compatible STS";
        String yaml = example.replace(anchor, ROLES + anchor);
        server = KeylessTestServer.start(dir.resolve("server"), yaml, Clock.systemUTC(), Map.of());
        Tokens t = new Tokens(server);
        List<Map<String, Object>> file = new ArrayList<>();
        for (Case c : CASES) {
            String token = c.token().apply(t);
            tokens.put(c.name(), token);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", c.name());
            entry.put("role", c.role());
            entry.put("token", token);
            entry.put("sessionName", c.session());
            entry.put("durationSeconds", c.duration());
            c.policy().ifPresent(p -> entry.put("policy", p));
            entry.put("expect", c.expected().allowed() ? "allow" : "deny");
            file.add(entry);
        }
        Files.writeString(dir.resolve("cases.yaml"), new ObjectMapper(new YAMLFactory()).writeValueAsString(Map.of("cases", file)));
        InProcessCli.Result r = InProcessCli.run(dir, Clock.systemUTC(), "", "test", "--config",
                server.configFile().toString(), dir.resolve("cases.yaml").toString());
        for (Case c : CASES) {
            viaTest.put(c.name(), fromTestOutput(r.all(), c));
        }
    }

    @AfterAll
    static void stop() {
        System.out.println("AWS decision parity: " + checked.get() + " of " + CASES.size()
                + " cases agree across the STS over HTTP, keyless explain and keyless test (decision and decisive check)");
        server.close();
    }

    /** {@code PASS name}, {@code PASS name (deny at CHECK)} or {@code FAIL name: expected X, got Y}. */
    static Result fromTestOutput(String out, Case c) {
        for (String line : out.lines().toList()) {
            if (line.equals("PASS " + c.name())) {
                return c.expected().allowed() ? Result.allow() : new Result(false, "(none printed)");
            }
            if (line.startsWith("PASS " + c.name() + " (deny at ")) {
                return Result.deny(line.substring(("PASS " + c.name() + " (deny at ").length(), line.length() - 1));
            }
            if (line.startsWith("FAIL " + c.name() + ": ")) {
                String got = line.substring(line.indexOf(", got ") + ", got ".length());
                return got.equals("allow") ? Result.allow() : got.startsWith("deny at ")
                        ? Result.deny(got.substring("deny at ".length())) : new Result(false, got);
            }
        }
        throw new AssertionError("no line for case " + c.name() + " in keyless test output:\n" + out);
    }

    static Result viaHttp(Case c) throws Exception {
        StringBuilder form = new StringBuilder("Action=AssumeRoleWithWebIdentity&Version=2011-06-15");
        Map<String, String> params = new LinkedHashMap<>();
        params.put("RoleArn", c.role());
        params.put("RoleSessionName", c.session());
        params.put("WebIdentityToken", tokens.get(c.name()));
        params.put("DurationSeconds", String.valueOf(c.duration()));
        c.policy().ifPresent(p -> params.put("Policy", p));
        params.forEach((k, v) -> form.append('&').append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.url() + "/"))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())).build(), HttpResponse.BodyHandlers.ofString());
        String requestId = response.headers().firstValue("x-amzn-RequestId").orElseThrow();
        var events = server.keyless().auditStore().query(AuditQuery.all().withRequestId(requestId));
        assertThat(events).as("audit events of " + requestId).hasSize(1);
        JsonNode explanation = JSON.readTree(events.get(0).explanation());
        if (response.statusCode() == 200) {
            assertThat(explanation.has("check")).as(explanation.toString()).isFalse();
            return Result.allow();
        }
        return Result.deny(explanation.path("check").asText("(no check in " + explanation + ")"));
    }

    static Result viaExplain(Case c) throws IOException {
        Path token = Files.writeString(dir.resolve(c.name() + ".jwt"), tokens.get(c.name()) + "\n");
        List<String> args = new ArrayList<>(List.of("explain", "--config", server.configFile().toString(), "--token",
                token.toString(), "--role-arn", c.role(), "--session-name", c.session(), "--duration-seconds",
                String.valueOf(c.duration()), "--format", "json"));
        c.policy().ifPresent(p -> args.addAll(List.of("--policy", p)));
        InProcessCli.Result r = InProcessCli.run(dir, Clock.systemUTC(), "", args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.all()).isIn(0, 1);
        JsonNode json = JSON.readTree(r.out());
        if (json.get("decision").asText().equals("allowed")) {
            return Result.allow();
        }
        for (JsonNode check : json.get("checks")) {
            if (check.get("status").asText().equals("fail")) {
                return Result.deny(check.get("name").asText());
            }
        }
        return new Result(false, "(no failed check)");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sameDecisionAndDecisiveCheckInStsExplainAndTest(Case c) throws Exception {
        Result http = viaHttp(c);
        Result explain = viaExplain(c);
        Result test = viaTest.get(c.name());

        assertThat(List.of(http, explain, test)).as("STS over HTTP, keyless explain, keyless test for " + c.name())
                .containsOnly(c.expected());
        checked.incrementAndGet();
    }

    /** Roles beside the example's gitlab-deployer, one per kind of trust-policy refusal. */
    private static final String PROVIDER = "arn:aws:iam::111122223333:oidc-provider/127.0.0.1:8080";
    private static final String ROLES = """
                    like-deployer:
                      assumeRolePolicy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"%1$s"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringLike":{"127.0.0.1:8080:sub":"project_path:mygroup/*:ref_type:branch:ref:*"}}}]}'
                    guarded:
                      assumeRolePolicy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"%1$s"},"Action":"sts:AssumeRoleWithWebIdentity"},{"Effect":"Deny","Principal":{"Federated":"%1$s"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringLike":{"127.0.0.1:8080:sub":"*:ref:feature-*"}}}]}'
                    foreign:
                      assumeRolePolicy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRoleWithWebIdentity"}]}'
                    assume-only:
                      assumeRolePolicy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"%1$s"},"Action":"sts:AssumeRole"}]}'
                    open:
                      maxSessionDuration: 7200
                      assumeRolePolicy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"%1$s"},"Action":"sts:AssumeRoleWithWebIdentity"}]}'
                    tagged:
                      assumeRolePolicy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"%1$s"},"Action":["sts:AssumeRoleWithWebIdentity","sts:TagSession"]}]}'
                    not-main:
                      assumeRolePolicy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"%1$s"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringNotEquals":{"127.0.0.1:8080:sub":"project_path:mygroup/myrepo:ref_type:branch:ref:main"}}}]}'
            """.formatted(PROVIDER);
}
