package dev.keyless.aws.iam;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An IAM OIDC provider created through the API, as kept in the store (kind {@link IamKinds#PROVIDER},
 * scope the account, name key the URL without its scheme).
 *
 * @param createDate ISO-8601 instant, as the API returns it
 */
public record StoredProvider(String url, List<String> clientIds, List<String> thumbprints, Map<String, String> tags,
        String createDate) {

    public StoredProvider {
        Objects.requireNonNull(url, "url");
        clientIds = List.copyOf(clientIds);
        thumbprints = List.copyOf(thumbprints);
        tags = java.util.Collections.unmodifiableMap(new TreeMap<>(tags));
        Objects.requireNonNull(createDate, "createDate");
    }

    StoredProvider withClientIds(List<String> ids) {
        return new StoredProvider(url, ids, thumbprints, tags, createDate);
    }

    StoredProvider withThumbprints(List<String> list) {
        return new StoredProvider(url, clientIds, list, tags, createDate);
    }

    StoredProvider withTags(Map<String, String> newTags) {
        return new StoredProvider(url, clientIds, thumbprints, newTags, createDate);
    }
}
