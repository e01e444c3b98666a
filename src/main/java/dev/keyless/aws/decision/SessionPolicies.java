package dev.keyless.aws.decision;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keyless.aws.policy.MalformedPolicyException;
import dev.keyless.aws.policy.PolicyParser;
import dev.keyless.aws.policy.SessionTags;
import dev.keyless.aws.sts.StsError;
import dev.keyless.aws.sts.StsFailure;
import dev.keyless.json.MalformedJsonException;
import dev.keyless.json.UntrustedJson;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * The session policy, policy ARNs and token tags of one call: well-formed, and within the packed
 * limit. AWS packs (compresses) them and reports the share of the limit in {@code PackedPolicySize}
 * (STS API Reference, AssumeRoleWithWebIdentity; IAM User Guide, id_session-tags); its packing is not documented, so we measure the compact
 * plaintext against the documented 2,048-character limit — the same scale, never smaller.
 */
final class SessionPolicies {

    private static final Pattern POLICY_ARN = Pattern.compile("arn:aws[a-z-]*:iam::([0-9]{12}|aws):policy/.+");
    private static final int PACKED_LIMIT = 2048;

    sealed interface Checked {
        /** {@code packedPolicySize} is present only when a policy, policy ARNs or tags were passed. */
        record Accepted(OptionalInt packedPolicySize) implements Checked {}

        record Refused(StsFailure failure) implements Checked {
            public Refused {
                Objects.requireNonNull(failure, "failure");
            }
        }
    }

    Checked check(AssumeRoleRequest p, SessionTags tags) {
        int chars = 0;
        if (p.policy().isPresent()) {
            // Parsed once: the tree is checked as a policy and measured compacted (the packed size).
            JsonNode tree;
            try {
                tree = UntrustedJson.read(p.policy().get());
                PolicyParser.parse(tree);
            } catch (MalformedJsonException e) {
                return new Checked.Refused(new StsFailure(StsError.MALFORMED_POLICY_DOCUMENT,
                        "Syntax errors in policy: " + e.getMessage()));
            } catch (MalformedPolicyException e) {
                return new Checked.Refused(new StsFailure(StsError.MALFORMED_POLICY_DOCUMENT, e.getMessage()));
            }
            chars += tree.toString().length();
        }
        for (String arn : p.policyArns()) {
            if (!POLICY_ARN.matcher(arn).matches()) {
                return new Checked.Refused(new StsFailure(StsError.INVALID_PARAMETER_VALUE,
                        "Invalid ARN: " + arn + " is not a managed policy ARN"));
            }
            chars += arn.length();
        }
        for (var tag : tags.tags().entrySet()) {
            chars += tag.getKey().length() + tag.getValue().length();
        }
        if (p.policy().isEmpty() && p.policyArns().isEmpty() && tags.tags().isEmpty()) {
            return new Checked.Accepted(OptionalInt.empty());
        }
        int percent = (int) Math.ceil(chars * 100.0 / PACKED_LIMIT);
        if (percent > 100) {
            // Wording as AWS answers PackedPolicyTooLarge for AssumeRole with tags.
            return new Checked.Refused(new StsFailure(StsError.PACKED_POLICY_TOO_LARGE,
                    "Packed policy consumes " + percent + "% of allotted space, please use smaller policy for request."));
        }
        return new Checked.Accepted(OptionalInt.of(Math.max(percent, 1)));
    }
}
