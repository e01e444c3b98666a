package dev.keyless.aws.sts;

/** GetCallerIdentity takes no parameters [botocore STS service model GetCallerIdentityRequest]. */
public record GetCallerIdentityParams() implements StsOperation {

    public static final String ACTION = "GetCallerIdentity";

    @Override
    public String action() {
        return ACTION;
    }
}
