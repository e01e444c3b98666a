package dev.keyless.gcp.iam;

/** The IAM Credentials permissions Keyless checks (IAM principal identifiers; IAM Credentials API). */
public enum IamPermission {
    /** Checked by {@code :generateAccessToken}. */
    GET_ACCESS_TOKEN("iam.serviceAccounts.getAccessToken"),
    /** Checked by {@code :generateIdToken}. */
    GET_OPEN_ID_TOKEN("iam.serviceAccounts.getOpenIdToken");

    private final String permissionName;

    IamPermission(String permissionName) {
        this.permissionName = permissionName;
    }

    /** The name GCP puts in error messages and the ErrorInfo metadata. */
    public String permissionName() {
        return permissionName;
    }
}
