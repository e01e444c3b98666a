package dev.keyless.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the real clients on this machine. Under {@code CI=true} a missing client FAILS the test:
 * a skipped real-client test would be a hidden red. Elsewhere the test is skipped with a note.
 */
public final class RealClients {
    private RealClients() {}

    public static boolean ci() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    public static Path require(String what, Path candidate) {
        if (candidate != null && Files.isExecutable(candidate)) {
            return candidate;
        }
        missing(what);
        return candidate;
    }

    public static Path requireDir(String what, Path candidate) {
        if (candidate != null && Files.isDirectory(candidate)) {
            return candidate;
        }
        missing(what);
        return candidate;
    }

    public static void missing(String what) {
        String msg = what + " is not installed (run .ci/install-clients.sh)";
        if (ci()) {
            throw new AssertionError("CI=true and " + msg);
        }
        Assumptions.abort(msg);
    }

    /** The first executable named {@code name} on PATH. */
    public static Path onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** AWS CLI v1: pip-installed on the machine's Python (first `aws` on PATH, not /usr/bin/aws). */
    public static Path awsCliV1() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(dir, "aws");
            if (Files.isExecutable(p) && !p.toString().equals("/usr/bin/aws")) {
                return require("AWS CLI v1", p);
            }
        }
        return require("AWS CLI v1", null);
    }

    /** AWS CLI v2 from Debian's awscli package. */
    public static Path awsCliV2() {
        return require("AWS CLI v2 (Debian awscli)", Path.of("/usr/bin/aws"));
    }

    public static Path node() {
        return require("node", onPath("node"));
    }

    public static Path nodeModules() {
        return requireDir("npm test clients (.ci/node/node_modules)", Repo.nodeModules());
    }

    public static Path gcloud() {
        return require("gcloud", onPath("gcloud"));
    }

    /** The machine's Python with boto3 (pyenv). */
    public static Path python() {
        return require("python3", onPath("python3"));
    }
}
