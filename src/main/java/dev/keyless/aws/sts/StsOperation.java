package dev.keyless.aws.sts;

/** The parameters of one parsed STS action. */
public sealed interface StsOperation permits AssumeRoleWithWebIdentityParams, GetCallerIdentityParams {

    /** The {@code Action} name on the wire. */
    String action();
}
