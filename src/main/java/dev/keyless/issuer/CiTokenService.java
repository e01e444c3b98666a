package dev.keyless.issuer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code POST /api/v1/ci/id_tokens} without HTTP. A checklist: authenticate the
 * client (401) → bound the body (413) → parse (400) → authorize the project paths (403) → build
 * every token's claims (400 on a refused {@code sub}) → sign. Nothing is signed unless every step
 * before signing passed for every requested token.
 */
public final class CiTokenService {
    /** Matches the server's default request body limit. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    private record Client(CiApiClient config, byte[] digest, List<ProjectGlob> globs) {}

    private final List<Client> clients;
    private final TokenMinter minter;
    private final CiRequestParser parser;
    private final ObjectMapper json = new ObjectMapper();

    public CiTokenService(List<CiApiClient> clients, TokenMinter minter, IssuerSettings settings) {
        Objects.requireNonNull(clients, "clients");
        this.minter = Objects.requireNonNull(minter, "minter");
        this.parser = new CiRequestParser(Objects.requireNonNull(settings, "settings").maxTtl());
        this.clients = clients.stream().map(c -> new Client(c, c.secretDigest(),
                c.projects().stream().map(ProjectGlob::compile).toList())).toList();
    }

    public CiApiResult handle(String authorization, byte[] body) {
        Objects.requireNonNull(body, "body");
        Optional<Client> client = authenticate(authorization);
        if (client.isEmpty()) {
            return error(CiError.UNAUTHORIZED, "missing or unknown bearer secret", "", Optional.empty());
        }
        Optional<String> name = Optional.of(client.get().config().name());
        if (body.length > MAX_BODY_BYTES) {
            return error(CiError.REQUEST_TOO_LARGE, "the body exceeds " + MAX_BODY_BYTES + " bytes", "", name);
        }
        return switch (parser.parse(body)) {
            case CiRequest.Invalid invalid -> error(CiError.INVALID_REQUEST, invalid.message(), invalid.field(), name);
            case CiRequest.Valid valid -> authorizeAndMint(client.get(), valid);
        };
    }

    private CiApiResult authorizeAndMint(Client client, CiRequest.Valid request) {
        Optional<String> name = Optional.of(client.config().name());
        for (String[] path : new String[][] {{"job.project_path", request.job().projectPath()},
                {"job.job_project_path", request.job().jobProjectPath()}}) {
            if (client.globs().stream().noneMatch(glob -> glob.matches(path[1]))) {
                return error(CiError.FORBIDDEN, "client " + client.config().name()
                        + " may not mint tokens for project " + path[1], path[0], name);
            }
        }
        Map<String, ClaimResult.Claims> prepared = new LinkedHashMap<>();
        for (var token : request.tokens().entrySet()) {
            switch (minter.prepare(request.job(), token.getValue())) {
                case ClaimResult.Refused refused -> {
                    return error(CiError.INVALID_REQUEST, refused.message(), refused.field(), name);
                }
                case ClaimResult.Claims claims -> prepared.put(token.getKey(), claims);
            }
        }
        Map<String, String> tokens = new LinkedHashMap<>();
        List<String> jtis = new ArrayList<>();
        for (var entry : prepared.entrySet()) {
            MintResult.Minted minted = minter.sign(entry.getValue());
            tokens.put(entry.getKey(), minted.token());
            jtis.add(minted.jti());
        }
        return new CiApiResult(200, write(Map.of("id_tokens", tokens)), name, jtis);
    }

    /**
     * Compares SHA-256(secret) with every client's digest using {@link MessageDigest#isEqual}
     * (constant time for equal lengths) and without stopping at a match, so timing reveals neither
     * the secret nor which client matched.
     */
    private Optional<Client> authenticate(String authorization) {
        if (authorization == null || authorization.length() < 8
                || !authorization.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            return Optional.empty();
        }
        String secret = authorization.substring(7).strip();
        if (secret.isEmpty()) {
            return Optional.empty();
        }
        byte[] digest = sha256(secret.getBytes(StandardCharsets.UTF_8));
        Client found = null;
        for (Client client : clients) {
            if (MessageDigest.isEqual(digest, client.digest())) {
                found = client;
            }
        }
        return Optional.ofNullable(found);
    }

    private CiApiResult error(CiError error, String message, String field, Optional<String> client) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", error.code);
        body.put("message", message);
        if (!field.isEmpty()) {
            body.put("field", field);
        }
        return new CiApiResult(error.status, write(body), client, List.of());
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
