package dev.keyless.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/** Checks for the http(s) URLs in the config: issuer URLs, provider URLs, JWKS URLs. */
final class Uris {

    private Uris() {}

    /** An absolute http or https URL with a host and no query or fragment, or empty with a problem. */
    static Optional<URI> httpUrl(YamlNode node, KeyPath path, Problems problems) {
        Optional<String> text = Values.string(node, path, problems);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> error = checkHttpUrl(text.get());
        if (error.isPresent()) {
            problems.add(node.location(), path, "\"" + text.get() + "\" is not a usable URL: " + error.get(),
                    "write an absolute URL such as http://127.0.0.1:8080 or https://gitlab.example.com");
            return Optional.empty();
        }
        return Optional.of(URI.create(text.get()));
    }

    static Optional<String> checkHttpUrl(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            return Optional.of(e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("the scheme must be http or https");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return Optional.of("it has no host");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return Optional.of("it must not have a query or fragment");
        }
        return Optional.empty();
    }
}
