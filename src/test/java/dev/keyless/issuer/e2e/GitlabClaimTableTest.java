package dev.keyless.issuer.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keyless.issuer.GitlabPaths;
import dev.keyless.testing.KeylessTestServer;
import dev.keyless.testing.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One table of job shapes; each is minted through {@code keyless ci tokens} (from a
 * {@code .gitlab-ci.yml} in a git checkout) and through the CI API (the job as a CI system would
 * send it), and every claim of both tokens, with its JSON type, must equal the value GitLab's
 * rules give. The expected values are written from GitLab's source and documentation:
 * <ul>
 * <li>claims, types, nbf = iat - 5, exp = iat + build.timeout_value:
 *     https://gitlab.com/gitlab-org/gitlab/-/blob/master/lib/gitlab/ci/jwt.rb and
 *     https://gitlab.com/gitlab-org/gitlab/-/blob/master/lib/gitlab/ci/jwt_v2.rb,
 *     https://docs.gitlab.com/ee/ci/secrets/id_token_authentication.html</li>
 * <li>job timeout = job timeout: or the project timeout (1 hour by default), capped by the runner
 *     (here issuer.maxTtl, 24h): https://docs.gitlab.com/ee/ci/yaml/#timeout,
 *     https://docs.gitlab.com/ee/ci/pipelines/settings.html#set-a-limit-for-how-long-jobs-can-run</li>
 * <li>aud expanded with the job's variables, string stays string, list stays array:
 *     app/models/ci/build.rb#expanded_id_token_aud, lib/expand_variables.rb</li>
 * <li>environment claims, tier guessed by Environment#guess_tier, action start by default:
 *     https://gitlab.com/gitlab-org/gitlab/-/blob/master/app/models/environment.rb,
 *     https://docs.gitlab.com/ee/ci/yaml/#environment</li>
 * <li>ci_config_ref_uri = host/pipeline project//config path@ref path:
 *     lib/gitlab/ci/jwt_v2/claim_mapper/repository.rb; fork merge requests: project_* claims and sub
 *     name the source (fork) project, job_project_* the project running the job (jwt.rb)</li>
 * <li>extends, inherit, !reference, anchors, include: https://docs.gitlab.com/ee/ci/yaml/</li>
 * </ul>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GitlabClaimTableTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROJECT = "mygroup/myrepo";
    private static final String FORK = "mygroup/myrepo-fork";
    private static final String HOST = "gitlab.example.com";
    private static final String SHA = "714a629c0b401fdce83e847fc9589983fc6f46bc";
    private static final long PROJECT_TIMEOUT = 3600;

    private Path dir;
    private Path repo;
    private KeylessTestServer server;
    private CiApi api;

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("keyless-claim-table");
        server = KeylessTestServer.startExample(dir.resolve("server"));
        api = new CiApi(server.url(), "dev-secret-change-me");
        repo = dir.resolve("checkout");
        Files.createDirectories(repo);
        for (List<String> git : List.of(List.of("git", "init", "-q", "-b", "main"),
                List.of("git", "remote", "add", "origin", "git@" + HOST + ":" + PROJECT + ".git"))) {
            var r = Processes.run(git, Map.of("HOME", dir.toString()), repo, Duration.ofSeconds(30), null);
            assertThat(r.exitCode()).as(r.all()).isZero();
        }
    }

    @AfterAll
    void stop() {
        server.close();
    }

    /**
     * @param files    the checkout's files (.gitlab-ci.yml and what it includes)
     * @param cliArgs  flags after {@code ci tokens --job deploy}
     * @param apiJob   changes to the CI API's {@code job} object
     * @param token    the token name the job declares
     * @param aud      the aud the CI system would send (the expanded YAML value)
     * @param expected changes to the always-present claims GitLab gives a push pipeline on main
     * @param lifetime exp - iat
     */
    record Shape(String name, Map<String, String> files, List<String> cliArgs, Consumer<ObjectNode> apiJob,
            String token, JsonNode aud, Consumer<ObjectNode> expected, long lifetime) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static Map<String, String> ci(String yaml) {
        return Map.of(".gitlab-ci.yml", yaml);
    }

    private static Consumer<ObjectNode> none() {
        return n -> {};
    }

    private static Consumer<ObjectNode> environment(String name, String tier, String action) {
        return c -> {
            c.put("environment", name);
            c.put("environment_protected", "false"); // FOSS: always "false"; EE: environment.protected?
            c.put("deployment_tier", tier);
            c.put("environment_action", action);
        };
    }

    static Stream<Shape> shapes() {
        String simple = "deploy:\n  id_tokens: {T: {aud: sts.amazonaws.com}}\n  script: [echo]\n";
        JsonNode sts = json("\"sts.amazonaws.com\"");
        return Stream.of(
                new Shape("branch", ci(simple), List.of("--ref", "main"), none(), "T", sts, none(), PROJECT_TIMEOUT),
                new Shape("protected branch", ci(simple), List.of("--ref", "main", "--ref-protected"),
                        j -> j.put("ref_protected", true), "T", sts, c -> c.put("ref_protected", "true"), PROJECT_TIMEOUT),
                new Shape("tag", ci(simple), List.of("--ref", "v1.0", "--ref-type", "tag"),
                        j -> j.put("ref", "v1.0").put("ref_type", "tag"), "T", sts, c -> {
                            c.put("ref", "v1.0").put("ref_type", "tag").put("ref_path", "refs/tags/v1.0");
                            c.put("sub", "project_path:" + PROJECT + ":ref_type:tag:ref:v1.0");
                            c.put("ci_config_ref_uri", HOST + "/" + PROJECT + "//.gitlab-ci.yml@refs/tags/v1.0");
                        }, PROJECT_TIMEOUT),
                new Shape("merge request", ci(simple), List.of("--ref", "feature", "--merge-request", "main"),
                        j -> j.put("ref", "feature").put("pipeline_source", "merge_request_event"), "T", sts, c -> {
                            // ref is the source branch, ref_type stays branch (build_runner_presenter.rb#ref_type)
                            c.put("ref", "feature").put("ref_path", "refs/heads/feature");
                            c.put("pipeline_source", "merge_request_event").put("job_source", "merge_request_event");
                            c.put("sub", "project_path:" + PROJECT + ":ref_type:branch:ref:feature");
                            c.put("ci_config_ref_uri", HOST + "/" + PROJECT + "//.gitlab-ci.yml@refs/heads/feature");
                        }, PROJECT_TIMEOUT),
                new Shape("fork merge request", ci(simple), List.of("--ref", "feature", "--merge-request", "main", "--fork", FORK),
                        j -> j.put("ref", "feature").put("pipeline_source", "merge_request_event")
                                .put("project_path", FORK).put("job_project_path", PROJECT), "T", sts, c -> {
                            c.put("project_path", FORK).put("project_id", GitlabPaths.projectIdOf(FORK));
                            c.put("ref", "feature").put("ref_path", "refs/heads/feature");
                            c.put("pipeline_source", "merge_request_event").put("job_source", "merge_request_event");
                            c.put("sub", "project_path:" + FORK + ":ref_type:branch:ref:feature");
                            // the pipeline's (parent) project, not the fork
                            c.put("ci_config_ref_uri", HOST + "/" + PROJECT + "//.gitlab-ci.yml@refs/heads/feature");
                        }, PROJECT_TIMEOUT),
                new Shape("environment, tier guessed", ci(simple.replace("  script", "  environment: production\n  script")),
                        List.of("--ref", "main"), j -> j.putObject("environment").put("name", "production"), "T", sts,
                        environment("production", "production", "start"), PROJECT_TIMEOUT),
                new Shape("environment with tier and action, name from variables",
                        ci(simple.replace("  script", "  environment: {name: review/$CI_COMMIT_REF_SLUG, deployment_tier: staging,"
                                + " action: prepare}\n  script")),
                        List.of("--ref", "main"), j -> j.putObject("environment").put("name", "review/main")
                                .put("deployment_tier", "staging").put("action", "prepare"), "T", sts,
                        environment("review/main", "staging", "prepare"), PROJECT_TIMEOUT),
                new Shape("environment matching no tier pattern", ci(simple.replace("  script", "  environment: sandbox\n  script")),
                        List.of("--ref", "main"), j -> j.putObject("environment").put("name", "sandbox"), "T", sts,
                        environment("sandbox", "other", "start"), PROJECT_TIMEOUT),
                new Shape("job timeout", ci(simple.replace("  script", "  timeout: 2h 30m\n  script")), List.of("--ref", "main"),
                        j -> j.put("timeout", 9000), "T", sts, none(), 9000),
                new Shape("job timeout above the runner cap (maxTtl 24h)", ci(simple.replace("  script", "  timeout: 3 days\n  script")),
                        List.of("--ref", "main"), j -> j.put("timeout", 3 * 86400), "T", sts, none(), 86400),
                new Shape("default id_tokens and timeout inherited", ci("""
                        default:
                          timeout: 10m
                          id_tokens: {DEF: {aud: default-aud}}
                        deploy:
                          script: [echo]
                        """), List.of("--ref", "main"), j -> j.put("timeout", 600), "DEF", json("\"default-aud\""), none(), 600),
                new Shape("inherit default false", ci("""
                        default:
                          timeout: 10m
                          id_tokens: {DEF: {aud: default-aud}}
                        deploy:
                          inherit: {default: false}
                          id_tokens: {OWN: {aud: own}}
                          script: [echo]
                        """), List.of("--ref", "main"), none(), "OWN", json("\"own\""), none(), PROJECT_TIMEOUT),
                new Shape("extends", ci("""
                        .aws:
                          id_tokens: {AWS: {aud: [sts.amazonaws.com]}}
                          environment: {name: staging}
                        deploy:
                          extends: .aws
                          script: [echo]
                        """), List.of("--ref", "main"), j -> j.putObject("environment").put("name", "staging"), "AWS",
                        json("[\"sts.amazonaws.com\"]"), environment("staging", "staging", "start"), PROJECT_TIMEOUT),
                new Shape("!reference", ci("""
                        .tokens:
                          id_tokens: {T: {aud: referenced}}
                        deploy:
                          id_tokens: !reference [.tokens, id_tokens]
                          script: [echo]
                        """), List.of("--ref", "main"), none(), "T", json("\"referenced\""), none(), PROJECT_TIMEOUT),
                new Shape("anchors and merge key", ci("""
                        .common: &common
                          timeout: 45m
                          id_tokens: {T: {aud: anchored}}
                        deploy:
                          <<: *common
                          script: [echo]
                        """), List.of("--ref", "main"), j -> j.put("timeout", 2700), "T", json("\"anchored\""), none(), 2700),
                new Shape("local include", Map.of(".gitlab-ci.yml", """
                        include:
                          - local: ci/tokens.yml
                        deploy:
                          extends: .tokens
                          script: [echo]
                        """, "ci/tokens.yml", """
                        variables: {AUD: included}
                        .tokens:
                          id_tokens: {T: {aud: $AUD}}
                        """), List.of("--ref", "main"), none(), "T", json("\"included\""), none(), PROJECT_TIMEOUT),
                new Shape("$CI_SERVER_URL and $CI_PROJECT_PATH in aud", ci("""
                        deploy:
                          id_tokens: {T: {aud: [$CI_SERVER_URL, "${CI_PROJECT_PATH}"]}}
                          script: [echo]
                        """), List.of("--ref", "main"), none(), "T",
                        json("[\"https://" + HOST + "\", \"" + PROJECT + "\"]"), none(), PROJECT_TIMEOUT),
                new Shape("nested variables and %VAR%", ci("""
                        variables:
                          BASE: $CI_SERVER_URL
                          VAULT: ${BASE}/vault
                        deploy:
                          variables: {SUFFIX: v1}
                          id_tokens: {T: {aud: "%VAULT%/$SUFFIX"}}
                          script: [echo]
                        """), List.of("--ref", "main"), none(), "T", json("\"https://" + HOST + "/vault/v1\""), none(),
                        PROJECT_TIMEOUT),
                new Shape("project variable overrides the file; the shell does not", ci("""
                        variables: {AUD: from-file, OTHER: from-file}
                        deploy:
                          id_tokens: {T: {aud: $AUD/$OTHER}}
                          script: [echo]
                        """), List.of("--ref", "main", "--variable", "AUD=from-project"), none(), "T",
                        json("\"from-project/from-file\""), none(), PROJECT_TIMEOUT),
                new Shape("empty aud string", ci("deploy:\n  id_tokens: {T: {aud: \"\"}}\n  script: [echo]\n"),
                        List.of("--ref", "main"), none(), "T", json("\"\""), none(), PROJECT_TIMEOUT),
                new Shape("empty aud list", ci("deploy:\n  id_tokens: {T: {aud: []}}\n  script: [echo]\n"),
                        List.of("--ref", "main"), none(), "T", json("[]"), none(), PROJECT_TIMEOUT));
    }

    /** Every claim GitLab always sends, for a push pipeline of {@link #PROJECT} on main without a user or runner. */
    private ObjectNode base() {
        ObjectNode c = JSON.createObjectNode();
        c.put("namespace_id", GitlabPaths.namespaceIdOf("mygroup")).put("namespace_path", "mygroup");
        c.put("project_id", GitlabPaths.projectIdOf(PROJECT)).put("project_path", PROJECT);
        c.put("user_id", ""); // user&.id.to_s
        c.putNull("user_login").putNull("user_email").putNull("user_access_level"); // predefined claims are not compacted
        c.put("job_project_id", GitlabPaths.projectIdOf(PROJECT)).put("job_project_path", PROJECT);
        c.put("job_namespace_id", GitlabPaths.namespaceIdOf("mygroup")).put("job_namespace_path", "mygroup");
        c.put("pipeline_id", "0").put("pipeline_source", "push").put("job_id", "0");
        c.put("ref", "main").put("ref_type", "branch").put("ref_path", "refs/heads/main").put("ref_protected", "false");
        c.put("job_source", "push");
        c.put("sha", SHA).put("project_visibility", "private");
        c.put("ci_config_ref_uri", HOST + "/" + PROJECT + "//.gitlab-ci.yml@refs/heads/main").put("ci_config_sha", SHA);
        c.put("iss", server.url());
        c.put("sub", "project_path:" + PROJECT + ":ref_type:branch:ref:main");
        return c;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void tokenWhenMintedByCiTokensAndByCiApiThenEveryClaimIsGitlabs(Shape shape) throws Exception {
        ObjectNode expected = base();
        shape.expected().accept(expected);
        expected.set("aud", shape.aud());

        JsonNode fromFile = claims(ciTokens(shape));
        JsonNode fromApi = claims(ciApi(shape));

        for (JsonNode actual : List.of(fromFile, fromApi)) {
            var keys = new TreeSet<String>();
            actual.fieldNames().forEachRemaining(keys::add);
            var expectedKeys = new TreeSet<String>();
            expected.fieldNames().forEachRemaining(expectedKeys::add);
            expectedKeys.addAll(List.of("jti", "iat", "nbf", "exp"));
            assertThat(keys).as(shape.name() + ": claim names").isEqualTo(expectedKeys);
            expected.fields().forEachRemaining(e -> assertThat(actual.get(e.getKey()))
                    .as(shape.name() + ": " + e.getKey()).isEqualTo(e.getValue()));
            assertThat(actual.get("iat").isIntegralNumber()).isTrue();
            assertThat(actual.get("nbf").asLong()).as("nbf").isEqualTo(actual.get("iat").asLong() - 5);
            assertThat(actual.get("exp").asLong() - actual.get("iat").asLong()).as(shape.name() + ": lifetime")
                    .isEqualTo(shape.lifetime());
            assertThat(actual.get("jti").textValue()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        }
    }

    private String ciTokens(Shape shape) throws Exception {
        try (var old = Files.walk(repo)) {
            for (Path p : old.sorted(java.util.Comparator.reverseOrder()).toList()) {
                if (!p.equals(repo) && !repo.relativize(p).startsWith(".git")) {
                    Files.delete(p);
                }
            }
        }
        for (var f : shape.files().entrySet()) {
            Path file = repo.resolve(f.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, f.getValue());
        }
        List<String> args = new ArrayList<>(List.of("ci", "tokens", "--job", "deploy", "--config",
                server.configFile().toString(), "--sha", SHA));
        args.addAll(shape.cliArgs());
        // A variable of the local shell is not a GitLab variable: it must not reach aud.
        var run = IssuerClients.cli(repo, Map.of("AUD", "from-shell", "OTHER", "from-shell"), args.toArray(String[]::new));
        assertThat(run.exit()).as(shape.name() + ": " + run.err()).isZero();
        String line = run.out().strip();
        assertThat(line).startsWith("export " + shape.token() + "='");
        return line.substring(line.indexOf('\'') + 1, line.length() - 1);
    }

    private String ciApi(Shape shape) throws Exception {
        ObjectNode job = JSON.createObjectNode();
        job.put("project_path", PROJECT).put("ref", "main").put("sha", SHA).put("ci_server_host", HOST)
                .put("timeout", PROJECT_TIMEOUT);
        shape.apiJob().accept(job);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("job", job);
        body.put("id_tokens", Map.of(shape.token(), Map.of("aud", shape.aud())));
        var response = api.post(JSON.writeValueAsString(body));
        assertThat(response.statusCode()).as(shape.name() + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).get("id_tokens").get(shape.token()).textValue();
    }

    private static JsonNode claims(String jwt) throws Exception {
        return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }
}
