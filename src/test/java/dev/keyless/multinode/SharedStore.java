package dev.keyless.multinode;

import dev.keyless.keys.MasterKey;
import dev.keyless.testing.Repo;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * Configuration for several Keyless nodes on one PostgreSQL: the repository's example keyless.yaml
 * with the store switched to {@code jdbcUrl} and every "this server" URL replaced by one load-balancer
 * URL, {@link #ISSUER}, so that every node mints tokens with the same {@code iss} and trusts them
 * (a node verifies its own issuer's tokens with the shared key ring, never by fetching that URL).
 */
final class SharedStore {
    static final String ISSUER_HOST = "keyless.lb.test:8443";
    static final String ISSUER = "http://" + ISSUER_HOST;
    static final String ROLE_ARN = "arn:aws:iam::111122223333:role/gitlab-deployer";
    static final String AWS_AUD = "sts.amazonaws.com";
    static final String PROJECT = "mygroup/myrepo";

    private SharedStore() {}

    /** The example config on PostgreSQL, logging in as {@code username} (password from the environment). */
    static String yaml(String jdbcUrl, String username) {
        String example = Repo.exampleYaml();
        String store = "store: jdbc:sqlite:./keyless-data/keyless.db";
        if (!example.contains(store) || !example.contains("listen: 127.0.0.1:8080")) {
            throw new IllegalStateException("keyless.yaml changed shape; update SharedStore");
        }
        return example.replace(store, "store: {url: \"" + jdbcUrl + "\", username: " + username + "}")
                .replace("listen: 127.0.0.1:8080", "listen: 127.0.0.1:0")
                .replace("127.0.0.1:8080", ISSUER_HOST);
    }

    /** A fresh operator master key, base64, as {@code openssl rand -base64 32} prints it. */
    static String newMasterKey() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    static Map<String, String> env(String masterKey) {
        return Map.of(MasterKey.ENV, masterKey);
    }
}
