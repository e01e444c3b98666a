package dev.keyless.sealing;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything sealed into an AWS session token, so any node can later verify a SigV4 signature and
 * answer GetCallerIdentity with no lookup.
 *
 * @param accessKeyId   the {@code ASIA…} key id the client signs with
 * @param secret        the secret access key (the SigV4 signing secret)
 * @param account       12-digit account of the role
 * @param roleName      role name, without path
 * @param rolePath      role path, {@code /} by default (kept out of the assumed-role ARN)
 * @param roleId        {@code AROA…} id of the role
 * @param sessionName   RoleSessionName
 * @param subject       the web identity token's {@code sub}
 * @param audience      the web identity token's audience (the matched client id)
 * @param providerArn   the IAM OIDC provider ARN
 * @param sourceIdentity the token's source identity claim, if any
 * @param sessionPolicy the inline session policy JSON, if any
 * @param policyArns    managed session policy ARNs (may be empty)
 * @param sessionTags   principal tags from the token (may be empty)
 */
public record AwsSession(String accessKeyId, SecretAccessKey secret, String account, String roleName,
        String rolePath, String roleId, String sessionName, String subject, String audience,
        String providerArn, Optional<String> sourceIdentity, Instant issuedAt, Instant expiresAt,
        Optional<String> sessionPolicy, List<String> policyArns, Map<String, String> sessionTags) {

    public AwsSession {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(roleName, "roleName");
        Objects.requireNonNull(rolePath, "rolePath");
        Objects.requireNonNull(roleId, "roleId");
        Objects.requireNonNull(sessionName, "sessionName");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(providerArn, "providerArn");
        Objects.requireNonNull(sourceIdentity, "sourceIdentity");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(sessionPolicy, "sessionPolicy");
        policyArns = List.copyOf(policyArns);
        sessionTags = Map.copyOf(sessionTags);
    }

    /** {@code arn:aws:sts::ACCT:assumed-role/ROLE/SESSION} — no role path (STS API Reference, AssumeRoleWithWebIdentity). */
    public String assumedRoleArn() {
        return "arn:aws:sts::" + account + ":assumed-role/" + roleName + "/" + sessionName;
    }

    /** {@code AROA…:session}, the AssumedRoleId and GetCallerIdentity's UserId. */
    public String assumedRoleId() {
        return roleId + ":" + sessionName;
    }
}
