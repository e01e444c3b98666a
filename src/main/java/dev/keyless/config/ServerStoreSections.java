package dev.keyless.config;

import dev.keyless.config.YamlNode.MapNode;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Reads {@code server:} and {@code store:}. */
final class ServerStoreSections {

    private static final List<String> SERVER_KEYS = List.of("listen", "publicUrl", "maxBodyBytes", "tls");
    private static final List<String> TLS_KEYS = List.of("certificate", "privateKey");
    private static final List<String> STORE_KEYS = List.of("url", "masterKeyFile", "username", "password");
    private static final List<String> STORE_SCHEMES = List.of("jdbc:sqlite:", "jdbc:postgresql:");

    private final Problems problems;
    private final Path baseDir;

    ServerStoreSections(Problems problems, Path baseDir) {
        this.problems = problems;
        this.baseDir = baseDir;
    }

    ServerConfig server(Optional<MapReader> section) {
        String host = ServerConfig.DEFAULT_HOST;
        int port = ServerConfig.DEFAULT_PORT;
        Optional<String> listen = section.flatMap(r -> r.string("listen"));
        if (listen.isPresent()) {
            int colon = listen.get().lastIndexOf(':');
            Optional<Integer> parsedPort = colon < 0 ? Optional.empty() : port(listen.get().substring(colon + 1));
            if (colon <= 0 || parsedPort.isEmpty()) {
                section.get().problem("listen", "\"" + listen.get() + "\" is not HOST:PORT",
                        "write e.g. 127.0.0.1:8080 (port 0..65535; 0 picks a free port)");
            } else {
                host = listen.get().substring(0, colon).replace("[", "").replace("]", "");
                port = parsedPort.get();
            }
        }
        long maxBody = section.flatMap(r -> r.integer("maxBodyBytes", 1024, 16L * 1024 * 1024, "number of bytes"))
                .orElse(ServerConfig.DEFAULT_MAX_BODY_BYTES);
        Optional<TlsConfig> tls = section.flatMap(r -> r.section("tls", TLS_KEYS)).flatMap(this::tls);
        URI publicUrl = section.flatMap(r -> r.node("publicUrl").flatMap(n -> Uris.httpUrl(n, r.path("publicUrl"), problems)))
                .orElse(defaultPublicUrl(section, host, port, tls.isPresent()));
        return new ServerConfig(host, port, publicUrl, maxBody, tls);
    }

    private URI defaultPublicUrl(Optional<MapReader> section, String host, int port, boolean tls) {
        if ((host.equals("0.0.0.0") || host.equals("::")) && section.isPresent()
                && section.get().node("publicUrl").isEmpty()) {
            section.get().problem("publicUrl", "publicUrl is required when listening on all interfaces (" + host + ")",
                    "set publicUrl to the URL clients use to reach this server; it becomes the issuer's iss");
        }
        String shownHost = host.contains(":") ? "[" + host + "]" : host;
        return URI.create((tls ? "https" : "http") + "://" + shownHost + ":" + port);
    }

    private Optional<TlsConfig> tls(MapReader r) {
        Optional<String> cert = r.requiredString("certificate", "give the PEM certificate chain file");
        Optional<String> key = r.requiredString("privateKey", "give the PEM private key file");
        if (cert.isEmpty() || key.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new TlsConfig(resolve(cert.get()), resolve(key.get())));
    }

    StoreConfig store(Optional<YamlNode> node) {
        if (node.isEmpty()) {
            return new StoreConfig(resolveJdbc(StoreConfig.DEFAULT_JDBC_URL), Optional.empty(), Optional.empty(),
                    Optional.empty());
        }
        KeyPath path = KeyPath.ROOT.key("store");
        if (!(node.get() instanceof MapNode)) {
            String url = Values.string(node.get(), path, problems).flatMap(u -> checkJdbc(u, node.get(), path))
                    .orElse(StoreConfig.DEFAULT_JDBC_URL);
            return new StoreConfig(resolveJdbc(url), Optional.empty(), Optional.empty(), Optional.empty());
        }
        Optional<MapReader> r = MapReader.of(node.get(), path, problems, STORE_KEYS);
        String url = r.flatMap(m -> m.node("url").flatMap(n -> Values.string(n, m.path("url"), problems)
                .flatMap(u -> checkJdbc(u, n, m.path("url"))))).orElse(StoreConfig.DEFAULT_JDBC_URL);
        return new StoreConfig(resolveJdbc(url),
                r.flatMap(m -> m.string("masterKeyFile")).map(this::resolve),
                r.flatMap(m -> m.string("username")),
                r.flatMap(m -> m.string("password")));
    }

    private Optional<String> checkJdbc(String url, YamlNode node, KeyPath path) {
        if (STORE_SCHEMES.stream().anyMatch(url::startsWith)) {
            return Optional.of(url);
        }
        problems.add(node.location(), path, "unsupported store URL \"" + url + "\"",
                "use jdbc:sqlite:./keyless-data/keyless.db (embedded) or jdbc:postgresql://HOST/DB");
        return Optional.empty();
    }

    /** A relative SQLite file is relative to the config file's folder, not to the working directory. */
    private String resolveJdbc(String url) {
        String prefix = "jdbc:sqlite:";
        if (!url.startsWith(prefix)) {
            return url;
        }
        String rest = url.substring(prefix.length());
        if (rest.startsWith(":memory:") || rest.startsWith("file:") || rest.isEmpty()) {
            return url;
        }
        int query = rest.indexOf('?');
        String file = query < 0 ? rest : rest.substring(0, query);
        String params = query < 0 ? "" : rest.substring(query);
        return prefix + resolve(file) + params;
    }

    Path resolve(String file) {
        return baseDir.resolve(file).normalize();
    }

    private static Optional<Integer> port(String text) {
        try {
            int port = Integer.parseInt(text);
            return port >= 0 && port <= 65535 ? Optional.of(port) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
