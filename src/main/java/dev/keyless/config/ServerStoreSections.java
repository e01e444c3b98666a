package dev.keyless.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Checks {@code server:} and {@code store:}, and resolves the file paths written in the config. */
final class ServerStoreSections {

    private static final KeyPath SERVER = KeyPath.ROOT.key("server");
    private static final List<String> STORE_SCHEMES = List.of("jdbc:sqlite:", "jdbc:postgresql:");

    private final Checks checks;
    private final Path baseDir;

    ServerStoreSections(Checks checks, Path baseDir) {
        this.checks = checks;
        this.baseDir = baseDir;
    }

    ServerConfig server(ConfigFile.Server server) {
        ConfigFile.Server s = server == null ? new ConfigFile.Server(null, null, null, null) : server;
        String host = ServerConfig.DEFAULT_HOST;
        int port = ServerConfig.DEFAULT_PORT;
        if (s.listen() != null) {
            int colon = s.listen().lastIndexOf(':');
            Optional<Integer> parsedPort = colon < 0 ? Optional.empty() : port(s.listen().substring(colon + 1));
            if (colon <= 0 || parsedPort.isEmpty()) {
                checks.problems().add(SERVER.key("listen"), "\"" + s.listen() + "\" is not HOST:PORT",
                        "write e.g. 127.0.0.1:8080 (port 0..65535; 0 picks a free port)");
            } else {
                host = s.listen().substring(0, colon).replace("[", "").replace("]", "");
                port = parsedPort.get();
            }
        }
        long maxBody = checks.integer(s.maxBodyBytes(), SERVER.key("maxBodyBytes"), 1024, 16L * 1024 * 1024,
                "number of bytes").orElse(ServerConfig.DEFAULT_MAX_BODY_BYTES);
        Optional<TlsConfig> tls = Optional.ofNullable(s.tls()).flatMap(t -> {
            Optional<String> cert = checks.required(t.certificate(), SERVER.key("tls").key("certificate"),
                    "give the PEM certificate chain file");
            Optional<String> key = checks.required(t.privateKey(), SERVER.key("tls").key("privateKey"),
                    "give the PEM private key file");
            return cert.flatMap(c -> key.map(k -> new TlsConfig(resolve(c), resolve(k))));
        });
        if ((host.equals("0.0.0.0") || host.equals("::")) && s.publicUrl() == null) {
            checks.problems().add(SERVER.key("publicUrl"),
                    "publicUrl is required when listening on all interfaces (" + host + ")",
                    "set publicUrl to the URL clients use to reach this server; it becomes the issuer's iss");
        }
        String shownHost = host.contains(":") ? "[" + host + "]" : host;
        URI publicUrl = checks.httpUrl(s.publicUrl(), SERVER.key("publicUrl"))
                .orElse(URI.create((tls.isPresent() ? "https" : "http") + "://" + shownHost + ":" + port));
        return new ServerConfig(host, port, publicUrl, maxBody, tls);
    }

    StoreConfig store(ConfigFile.Store store) {
        ConfigFile.Store s = store == null ? ConfigFile.Store.of(null) : store;
        String url = Optional.ofNullable(s.url()).filter(u -> {
            boolean known = STORE_SCHEMES.stream().anyMatch(u::startsWith);
            if (!known) {
                checks.problems().add(KeyPath.ROOT.key("store").key("url"),
                        "unsupported store URL \"" + u + "\"",
                        "use jdbc:sqlite:./keyless-data/keyless.db (embedded) or jdbc:postgresql://HOST/DB");
            }
            return known;
        }).orElse(StoreConfig.DEFAULT_JDBC_URL);
        return new StoreConfig(resolveJdbc(url), Optional.ofNullable(s.masterKeyFile()).map(this::resolve),
                Optional.ofNullable(s.username()), Optional.ofNullable(s.password()));
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
