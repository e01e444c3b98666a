package dev.keyless.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.keyless.testing.Processes;
import dev.keyless.testing.RealClients;
import dev.keyless.testing.Repo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container image Maven builds without a Docker daemon ({@code ./mvnw -B -Pimage -DskipTests package},
 * Jib to an OCI tarball, target/keyless-image.tar): its config (OCI Image Format Specification, image
 * configuration) has the entrypoint, the non-root user and the port the Kubernetes Deployment relies on,
 * and, where this machine can chroot, the image's own Java runs {@code keyless --version} as that user.
 * CI builds the tarball before the tests (.ci/run); without it the test fails under CI=true.
 */
class ContainerImageTest {
    private static final Path TARBALL = Repo.root().resolve("target/keyless-image.tar");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theImageRunsKeylessServeAsANonRootUserOnTheDeploymentsPort(@TempDir Path dir) throws Exception {
        if (!Files.isRegularFile(TARBALL)) {
            RealClients.missing("the container image target/keyless-image.tar (./mvnw -B -Pimage -DskipTests package)");
        }
        Map<String, byte[]> blobs = read(TARBALL);
        JsonNode index = JSON.readTree(blobs.get("index.json"));
        JsonNode manifest = JSON.readTree(blob(blobs, index.at("/manifests/0/digest").asText()));
        JsonNode config = JSON.readTree(blob(blobs, manifest.at("/config/digest").asText())).path("config");

        List<String> entrypoint = strings(config.path("Entrypoint"));
        List<String> cmd = strings(config.path("Cmd"));
        String user = config.path("User").asText();
        assertThat(entrypoint).startsWith("/opt/java/bin/java").contains("-cp", "@/app/jib-classpath-file")
                .endsWith("dev.keyless.cli.Main");
        assertThat(cmd).containsExactly("serve", "--config", "/etc/keyless/keyless.yaml");
        assertThat(user).isEqualTo("10001:10001");
        assertThat(config.path("ExposedPorts").has("8080/tcp")).as(config.toString()).isTrue();

        // The Deployment uses this image, as this user, with these arguments and this port.
        JsonNode deployment = deployment();
        JsonNode container = deployment.at("/spec/template/spec/containers/0");
        assertThat(container.path("image").asText()).isEqualTo("keyless:0.1.0");
        assertThat(strings(container.path("args"))).isEqualTo(cmd);
        assertThat(container.at("/ports/0/containerPort").asInt()).isEqualTo(8080);
        assertThat(deployment.at("/spec/template/spec/securityContext/runAsUser").asText() + ":"
                + deployment.at("/spec/template/spec/securityContext/runAsGroup").asText()).isEqualTo(user);
        System.out.println("image config: Entrypoint " + entrypoint + ", Cmd " + cmd + ", User " + user + ", ExposedPorts "
                + config.path("ExposedPorts").properties().stream().map(Map.Entry::getKey).toList() + ", "
                + manifest.path("layers").size() + " layers, " + Files.size(TARBALL) / (1024 * 1024) + " MiB");

        runInChrootWhenPossible(dir, blobs, manifest, entrypoint, user);
    }

    /** Unpacks the layers in order and runs the entrypoint with --version in them, as the image's user. */
    private static void runInChrootWhenPossible(Path dir, Map<String, byte[]> blobs, JsonNode manifest, List<String> entrypoint,
            String user) throws IOException {
        Path unshare = RealClients.onPath("unshare");
        Path chroot = RealClients.onPath("chroot");
        if (!"root".equals(System.getProperty("user.name")) || unshare == null || chroot == null) {
            System.out.println("image not run: chroot needs root and unshare");
            return;
        }
        Path root = Files.createDirectories(dir.resolve("rootfs"));
        for (JsonNode layer : manifest.path("layers")) {
            Path file = dir.resolve("layer.tar.gz");
            Files.write(file, blob(blobs, layer.path("digest").asText()));
            Processes.Result untar = Processes.run(List.of("tar", "-xzf", file.toString(), "-C", root.toString()), Map.of(), dir,
                    Duration.ofSeconds(120), null);
            assertThat(untar.exitCode()).as(untar.all()).isZero();
        }
        Files.createDirectories(root.resolve("proc"));
        List<String> command = new ArrayList<>(List.of(unshare.toString(), "--mount", "--pid", "--fork",
                "--mount-proc=" + root.resolve("proc"), chroot.toString(), "--userspec=" + user, root.toString()));
        command.addAll(entrypoint);
        command.add("--version");
        Processes.Result version = Processes.run(command, Map.of(), dir, Duration.ofSeconds(120), null);
        assertThat(version.exitCode()).as(version.all()).isZero();
        assertThat(version.stdout()).contains("keyless 0.1.0");
        System.out.println("image run (chroot, user " + user + "): " + version.stdout().strip());
    }

    private static JsonNode deployment() throws IOException {
        try (MappingIterator<JsonNode> it = new YAMLMapper().readerFor(JsonNode.class)
                .readValues(Repo.root().resolve("deploy/kubernetes/deployment.yaml").toFile())) {
            for (JsonNode doc : it.readAll()) {
                if ("Deployment".equals(doc.path("kind").asText())) {
                    return doc;
                }
            }
        }
        throw new AssertionError("no Deployment in deploy/kubernetes/deployment.yaml");
    }

    private static byte[] blob(Map<String, byte[]> blobs, String digest) {
        byte[] b = blobs.get("blobs/" + digest.replace(':', '/'));
        assertThat(b).as("blob %s in the tarball", digest).isNotNull();
        return b;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static Map<String, byte[]> read(Path tarball) throws IOException {
        Map<String, byte[]> entries = new HashMap<>();
        try (InputStream in = Files.newInputStream(tarball); TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                if (e.isFile()) {
                    entries.put(e.getName(), tar.readAllBytes());
                }
            }
        }
        return entries;
    }
}
