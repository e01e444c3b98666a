package dev.keyless.aws.policy;

/**
 * Which token claims become condition keys: {@code AWS} offers exactly what AWS offers for OIDC
 * providers [IAM User Guide, condition keys for web identity federation]; {@code EXTENDED} adds every top-level claim.
 */
public enum ConditionKeysMode {
    AWS,
    EXTENDED
}
