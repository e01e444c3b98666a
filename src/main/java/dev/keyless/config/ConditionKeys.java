package dev.keyless.config;

/**
 * Which condition keys an account's trust policies may use: {@code AWS} offers exactly the keys AWS
 * provides for an OIDC provider ({@code aud}, {@code sub}, {@code amr}, …; IAM User Guide,
 * condition keys for web identity federation); {@code EXTENDED} offers every token claim as {@code HOST:claim}.
 */
public enum ConditionKeys {
    AWS, EXTENDED
}
