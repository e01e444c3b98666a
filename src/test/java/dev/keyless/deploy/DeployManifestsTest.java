package dev.keyless.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.keyless.config.ConfigLoader;
import dev.keyless.config.KeylessConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Kubernetes manifests in deploy/kubernetes parse and hold what a multi-node deployment needs (docs/architecture.md). */
class DeployManifestsTest {
    private static final Path DIR = Path.of("deploy", "kubernetes");
    private static final List<JsonNode> DOCS = new ArrayList<>();

    @BeforeAll
    static void parseAll() throws IOException {
        YAMLMapper yaml = new YAMLMapper();
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                try (MappingIterator<JsonNode> it = yaml.readerFor(JsonNode.class).readValues(f.toFile())) {
                    it.readAll().stream().filter(n -> n != null && !n.isNull() && !n.isMissingNode()).forEach(DOCS::add);
                }
            }
        }
    }

    private static JsonNode only(String kind) {
        List<JsonNode> found = DOCS.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
        assertThat(found).as("exactly one %s in %s", kind, DIR).hasSize(1);
        return found.getFirst();
    }

    private static JsonNode container() {
        JsonNode containers = only("Deployment").at("/spec/template/spec/containers");
        assertThat(containers.size()).isEqualTo(1);
        return containers.get(0);
    }

    @Test
    void manifestsWhenParsedThenEveryDocumentNamesApiVersionKindNameAndNamespace() {
        assertThat(DOCS).hasSizeGreaterThanOrEqualTo(6);
        for (JsonNode d : DOCS) {
            assertThat(d.path("apiVersion").asText()).as("apiVersion of %s", d.path("kind")).isNotEmpty();
            assertThat(d.at("/metadata/name").asText()).as("name of %s", d.path("kind")).isNotEmpty();
            if (!"Namespace".equals(d.path("kind").asText())) {
                assertThat(d.at("/metadata/namespace").asText()).isEqualTo("keyless");
            }
        }
    }

    @Test
    void deploymentWhenReadThenAtLeastTwoReplicasAndProbesOnReadyzAndHealthz() {
        assertThat(only("Deployment").at("/spec/replicas").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(container().at("/readinessProbe/httpGet/path").asText()).isEqualTo("/readyz");
        assertThat(container().at("/livenessProbe/httpGet/path").asText()).isEqualTo("/healthz");
        assertThat(container().at("/resources/requests/cpu").asText()).isNotEmpty();
        assertThat(container().at("/resources/limits/memory").asText()).isNotEmpty();
    }

    @Test
    void deploymentWhenReadThenRunsAsNonRootOnAReadOnlyRootFilesystem() {
        assertThat(only("Deployment").at("/spec/template/spec/securityContext/runAsNonRoot").asBoolean()).isTrue();
        JsonNode sc = container().path("securityContext");
        assertThat(sc.path("readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(sc.path("allowPrivilegeEscalation").asBoolean(true)).isFalse();
        assertThat(sc.at("/capabilities/drop").toString()).contains("ALL");
    }

    @Test
    void deploymentWhenReadThenMasterKeyComesFromAKeyOfTheSecret() {
        JsonNode masterKey = null;
        for (JsonNode e : container().path("env")) {
            if ("KEYLESS_MASTER_KEY".equals(e.path("name").asText())) {
                masterKey = e;
            }
        }
        assertThat(masterKey).as("env KEYLESS_MASTER_KEY").isNotNull();
        assertThat(masterKey.has("value")).as("the master key must not be a literal value").isFalse();
        JsonNode ref = masterKey.at("/valueFrom/secretKeyRef");
        JsonNode secret = only("Secret");
        assertThat(ref.path("name").asText()).isEqualTo(secret.at("/metadata/name").asText());
        assertThat(secret.path("stringData").has(ref.path("key").asText())).isTrue();
    }

    @Test
    void deploymentWhenReadThenStorePasswordComesFromAKeyOfTheSecret() {
        JsonNode password = null;
        for (JsonNode e : container().path("env")) {
            if ("KEYLESS_STORE_PASSWORD".equals(e.path("name").asText())) {
                password = e;
            }
        }
        assertThat(password).as("env KEYLESS_STORE_PASSWORD").isNotNull();
        assertThat(password.has("value")).as("the database password must not be a literal value").isFalse();
        JsonNode ref = password.at("/valueFrom/secretKeyRef");
        assertThat(ref.path("name").asText()).isEqualTo(only("Secret").at("/metadata/name").asText());
        assertThat(only("Secret").path("stringData").has(ref.path("key").asText())).isTrue();
    }

    @Test
    void deploymentWhenReadThenConfigMapIsMountedAsEtcKeylessYaml() {
        JsonNode mount = null;
        for (JsonNode m : container().path("volumeMounts")) {
            if ("/etc/keyless/keyless.yaml".equals(m.path("mountPath").asText())) {
                mount = m;
            }
        }
        assertThat(mount).isNotNull();
        String volume = mount.path("name").asText();
        JsonNode source = null;
        for (JsonNode v : only("Deployment").at("/spec/template/spec/volumes")) {
            if (volume.equals(v.path("name").asText())) {
                source = v;
            }
        }
        assertThat(source).isNotNull();
        assertThat(source.at("/configMap/name").asText()).isEqualTo(only("ConfigMap").at("/metadata/name").asText());
        assertThat(only("ConfigMap").at("/data").has(mount.path("subPath").asText())).isTrue();
        assertThat(container().path("args").toString()).contains("/etc/keyless/keyless.yaml");
    }

    @Test
    void podDisruptionBudgetWhenReadThenKeepsOneAndSelectsTheDeploymentsPods() {
        JsonNode pdb = only("PodDisruptionBudget");
        assertThat(pdb.at("/spec/minAvailable").asInt()).isEqualTo(1);
        assertThat(pdb.at("/spec/selector/matchLabels")).isEqualTo(only("Deployment").at("/spec/selector/matchLabels"));
    }

    @Test
    void serviceWhenReadThenSelectsThePodsAndTargetsANamedContainerPort() {
        JsonNode svc = only("Service");
        JsonNode podLabels = only("Deployment").at("/spec/template/metadata/labels");
        svc.at("/spec/selector").properties().forEach(e -> assertThat(podLabels.path(e.getKey())).isEqualTo(e.getValue()));
        String target = svc.at("/spec/ports/0/targetPort").asText();
        assertThat(container().path("ports").findValuesAsText("name")).contains(target);
    }

    @Test
    void configMapWhenLoadedThenIsAValidKeylessConfigOnPostgresql() {
        String text = only("ConfigMap").at("/data/keyless.yaml").asText();

        assertThatCode(() -> ConfigLoader.parse(text, "configmap.yaml#keyless.yaml")).doesNotThrowAnyException();
        assertThat(text).contains("url: jdbc:postgresql://").doesNotContain("password:");
    }

    @Test
    void configMapWhenLoadedThenListensOnAllInterfacesWithThePublicUrlAsIssuerAndSharedPostgresql() throws Exception {
        KeylessConfig cfg = ConfigLoader.parse(only("ConfigMap").at("/data/keyless.yaml").asText(), "keyless.yaml");

        assertThat(cfg.server().listenHost()).isEqualTo("0.0.0.0");
        assertThat(cfg.server().listenPort()).isEqualTo(container().at("/ports/0/containerPort").asInt());
        assertThat(cfg.issuer().url()).isEqualTo(cfg.server().publicUrl());
        assertThat(cfg.issuer().url().getScheme()).isEqualTo("https");
        assertThat(cfg.store().jdbcUrl()).startsWith("jdbc:postgresql://");
        assertThat(cfg.store().password()).isEmpty();
    }
}
