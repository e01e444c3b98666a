package dev.keyless.config;

import dev.keyless.aws.policy.PolicyDocument;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An IAM role. {@code trustPolicy} is the trust policy parsed and compiled once, at config load (a
 * malformed one is a config error); {@code assumeRolePolicyJson} is the same policy as compact JSON
 * text. {@code roleId} is {@code AROA} + 17 base-32 characters, stable for an account and name.
 */
public record RoleConfig(String accountId, String name, String path, int maxSessionDuration,
        String assumeRolePolicyJson, String roleId, Map<String, String> tags, PolicyDocument trustPolicy) {

    /** IAM CreateRole MaxSessionDuration: 3600..43200 seconds, default 3600 (IAM API Reference, CreateRole). */
    public static final int DEFAULT_MAX_SESSION_DURATION = 3600;

    public RoleConfig {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(assumeRolePolicyJson, "assumeRolePolicyJson");
        Objects.requireNonNull(roleId, "roleId");
        tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        Objects.requireNonNull(trustPolicy, "trustPolicy");
    }

    /** {@code arn:aws:iam::ACCT:role/PATH/NAME}, with the path (unlike the assumed-role ARN). */
    public String arn() {
        return "arn:aws:iam::" + accountId + ":role" + path + name;
    }
}
