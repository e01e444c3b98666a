package dev.keyless.trust;

import dev.keyless.config.ConfigException;
import dev.keyless.config.ConfigLoader;
import dev.keyless.config.KeylessConfig;

/** Small keyless.yaml texts for trust tests: one AWS account with one role, and one GCP pool. */
final class TrustConfigs {
    static final String PROVIDER_ARN = "arn:aws:iam::111122223333:oidc-provider/127.0.0.1:8080";
    static final String ROLE_ARN = "arn:aws:iam::111122223333:role/deployer";
    static final String GCP_PROVIDER =
            "//iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/gitlab-pool/providers/gitlab";
    static final String POOL_SET = "principalSet://iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/gitlab-pool/";
    static final String SA = "deployer@my-project.iam.gserviceaccount.com";
    static final String CLEAN_CONDITION = "{\"StringEquals\":{\"127.0.0.1:8080:aud\":\"sts.amazonaws.com\","
            + "\"127.0.0.1:8080:sub\":\"project_path:mygroup/myrepo:ref_type:branch:ref:main\"}}";

    private TrustConfigs() {}

    /** A trust policy with one Allow statement for the local issuer and the given Condition JSON. */
    static String policy(String conditionJson) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Federated\":\""
                + PROVIDER_ARN + "\"},\"Action\":\"sts:AssumeRoleWithWebIdentity\",\"Condition\":" + conditionJson + "}]}";
    }

    static String aws(String conditionKeys, String policyJson) {
        return """
                aws:
                  accounts:
                    "111122223333":
                      conditionKeys: %s
                      openIdConnectProviders:
                        - url: http://127.0.0.1:8080
                          clientIds: [sts.amazonaws.com]
                      roles:
                        deployer:
                          assumeRolePolicy: '%s'
                """.formatted(conditionKeys, policyJson);
    }

    /** One pool provider with the given condition line (or none) and the deployer SA bound to {@code member}. */
    static String gcp(String conditionLine, String member) {
        return """
                gcp:
                  projects:
                    my-project:
                      number: "123456789012"
                      workloadIdentityPools:
                        gitlab-pool:
                          providers:
                            gitlab:
                              issuerUri: http://127.0.0.1:8080
                              attributeMapping:
                                google.subject: assertion.sub
                                attribute.project_path: assertion.project_path
                                attribute.namespace_path: assertion.namespace_path
                %s
                      serviceAccounts:
                        deployer:
                          bindings:
                            roles/iam.workloadIdentityUser:
                              - %s
                """.formatted(conditionLine.isEmpty() ? "" : "              " + conditionLine, member);
    }

    static KeylessConfig load(String yaml) {
        try {
            return ConfigLoader.parse(yaml, "keyless.yaml");
        } catch (ConfigException e) {
            throw new AssertionError("test config does not load:\n" + e.getMessage(), e);
        }
    }
}
