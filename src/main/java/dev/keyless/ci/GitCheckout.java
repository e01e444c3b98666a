package dev.keyless.ci;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Project path, ref, ref type, sha, GitLab's URL and default branch of a local git checkout, as a
 * GitLab job would see them (the origin remote names the project and its server).
 */
public record GitCheckout(Optional<String> projectPath, Optional<String> ref, Optional<String> refType, Optional<String> sha,
        Optional<String> serverUrl, Optional<String> defaultBranch) {
    private static final Pattern REMOTE_PATH = Pattern.compile("(?:[:/])([^:/][^:]*?/[^:]+?)(?:\\.git)?/?$");

    public static GitCheckout read(Path dir) {
        Optional<String> sha = git(dir, "rev-parse", "HEAD");
        Optional<String> tag = git(dir, "describe", "--exact-match", "--tags", "HEAD");
        Optional<String> branch = git(dir, "symbolic-ref", "--short", "-q", "HEAD");
        Optional<String> remote = git(dir, "remote", "get-url", "origin");
        Optional<String> ref = branch.isPresent() ? branch : tag;
        Optional<String> refType = branch.isPresent() ? Optional.of("branch") : tag.map(t -> "tag");
        Optional<String> originHead = git(dir, "symbolic-ref", "--short", "-q", "refs/remotes/origin/HEAD")
                .map(h -> h.startsWith("origin/") ? h.substring("origin/".length()) : h);
        return new GitCheckout(remote.flatMap(GitCheckout::projectPathOf), ref, refType, sha,
                remote.flatMap(GitCheckout::serverUrlOf), originHead);
    }

    /**
     * {@code git@gitlab.com:g/p.git} and {@code ssh://git@host:2222/g/p} → {@code https://host} (SSH
     * remotes do not say GitLab's web port); {@code https://host:8443/g/p.git} → {@code https://host:8443}.
     */
    static Optional<String> serverUrlOf(String remoteUrl) {
        String url = remoteUrl.trim();
        int scheme = url.indexOf("://");
        if (scheme >= 0) {
            String protocol = url.substring(0, scheme);
            String rest = url.substring(scheme + 3);
            int slash = rest.indexOf('/');
            String authority = slash < 0 ? rest : rest.substring(0, slash);
            authority = authority.substring(authority.lastIndexOf('@') + 1);
            if (authority.isEmpty()) {
                return Optional.empty();
            }
            if (protocol.equals("http") || protocol.equals("https")) {
                return Optional.of(protocol + "://" + authority);
            }
            int colon = authority.indexOf(':');
            return Optional.of("https://" + (colon < 0 ? authority : authority.substring(0, colon)));
        }
        int colon = url.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        String host = url.substring(url.lastIndexOf('@', colon) + 1, colon);
        return host.isEmpty() ? Optional.empty() : Optional.of("https://" + host);
    }

    /** {@code git@gitlab.com:group/sub/proj.git} or {@code https://host/group/proj.git} → {@code group/sub/proj}. */
    static Optional<String> projectPathOf(String remoteUrl) {
        String url = remoteUrl.trim();
        int scheme = url.indexOf("://");
        if (scheme >= 0) {
            int slash = url.indexOf('/', scheme + 3);
            if (slash < 0) {
                return Optional.empty();
            }
            String path = url.substring(slash + 1).replaceAll("\\.git/?$", "").replaceAll("/$", "");
            return path.contains("/") ? Optional.of(path) : Optional.empty();
        }
        Matcher m = REMOTE_PATH.matcher(url);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private static Optional<String> git(Path dir, String... args) {
        try {
            Process p = new ProcessBuilder(concat(args)).directory(dir.toFile()).redirectErrorStream(false).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.getErrorStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            return p.exitValue() == 0 && !out.isEmpty() ? Optional.of(out) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static List<String> concat(String... args) {
        var list = new java.util.ArrayList<String>();
        list.add("git");
        list.addAll(List.of(args));
        return list;
    }
}
