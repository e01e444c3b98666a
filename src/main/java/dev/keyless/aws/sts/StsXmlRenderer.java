package dev.keyless.aws.sts;

import dev.keyless.sealing.AwsSession;
import dev.keyless.sealing.SessionCredentials;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * STS response bodies in the shapes of STS API Reference, AssumeRoleWithWebIdentity: the {@code …Response}/{@code …Result}
 * wrappers (botocore finds the result by name), {@code ResponseMetadata/RequestId}, and the query
 * protocol's {@code ErrorResponse}. Every text value is XML-escaped.
 */
public final class StsXmlRenderer {

    public static final String NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";
    /** STS answers {@code text/xml} (STS API Reference, AssumeRoleWithWebIdentity, observed in awslabs/aws-sdk-rust#827). */
    public static final String CONTENT_TYPE = "text/xml";
    /** Every response carries this header with the request id. */
    public static final String REQUEST_ID_HEADER = "x-amzn-RequestId";

    /**
     * @param packedPolicySize percent of the packed policy limit; present only when a session
     *                         policy or tags were passed
     */
    public String assumeRoleWithWebIdentity(AwsSession session, SessionCredentials credentials,
            OptionalInt packedPolicySize, String requestId) {
        Objects.requireNonNull(session, "session");
        StringBuilder x = new StringBuilder(2048);
        x.append("<AssumeRoleWithWebIdentityResponse xmlns=\"").append(NAMESPACE).append("\">\n");
        x.append("  <AssumeRoleWithWebIdentityResult>\n");
        element(x, 4, "SubjectFromWebIdentityToken", session.subject());
        element(x, 4, "Audience", session.audience());
        x.append("    <AssumedRoleUser>\n");
        element(x, 6, "Arn", session.assumedRoleArn());
        element(x, 6, "AssumedRoleId", session.assumedRoleId());
        x.append("    </AssumedRoleUser>\n");
        x.append("    <Credentials>\n");
        element(x, 6, "AccessKeyId", credentials.accessKeyId());
        element(x, 6, "SecretAccessKey", credentials.secret().value());
        element(x, 6, "SessionToken", credentials.sessionToken().value());
        element(x, 6, "Expiration", credentials.expirationText());
        x.append("    </Credentials>\n");
        element(x, 4, "Provider", session.providerArn());
        session.sourceIdentity().ifPresent(s -> element(x, 4, "SourceIdentity", s));
        packedPolicySize.ifPresent(p -> element(x, 4, "PackedPolicySize", Integer.toString(p)));
        x.append("  </AssumeRoleWithWebIdentityResult>\n");
        metadata(x, requestId);
        return x.append("</AssumeRoleWithWebIdentityResponse>\n").toString();
    }

    /** GetCallerIdentity for an assumed-role session: Arn, UserId ({@code AROA…:session}), Account. */
    public String getCallerIdentity(AwsSession session, String requestId) {
        StringBuilder x = new StringBuilder(512);
        x.append("<GetCallerIdentityResponse xmlns=\"").append(NAMESPACE).append("\">\n");
        x.append("  <GetCallerIdentityResult>\n");
        element(x, 4, "Arn", session.assumedRoleArn());
        element(x, 4, "UserId", session.assumedRoleId());
        element(x, 4, "Account", session.account());
        x.append("  </GetCallerIdentityResult>\n");
        metadata(x, requestId);
        return x.append("</GetCallerIdentityResponse>\n").toString();
    }

    /** The query-protocol error envelope (STS API Reference, Common Errors). */
    public String error(StsFailure failure, String requestId) {
        StringBuilder x = new StringBuilder(512);
        x.append("<ErrorResponse xmlns=\"").append(NAMESPACE).append("\">\n");
        x.append("  <Error>\n");
        element(x, 4, "Type", failure.error().faultType());
        element(x, 4, "Code", failure.error().code());
        element(x, 4, "Message", failure.message());
        x.append("  </Error>\n");
        element(x, 2, "RequestId", requestId);
        return x.append("</ErrorResponse>\n").toString();
    }

    private static void metadata(StringBuilder x, String requestId) {
        x.append("  <ResponseMetadata>\n");
        element(x, 4, "RequestId", requestId);
        x.append("  </ResponseMetadata>\n");
    }

    private static void element(StringBuilder x, int indent, String name, String text) {
        x.append(" ".repeat(indent)).append('<').append(name).append('>');
        escape(x, Objects.requireNonNull(text, name));
        x.append("</").append(name).append(">\n");
    }

    /** XML 1.0 escaping; characters XML cannot carry at all become U+FFFD. */
    static void escape(StringBuilder x, String text) {
        // Runs of characters that need no escaping are appended whole: a session token is about
        // 1 KB with nothing to escape, and appending it a character at a time was 3.5% of an
        // AssumeRoleWithWebIdentity request's CPU (bench/RESULTS.md, round 5).
        int unwritten = 0;
        for (int i = 0; i < text.length(); i++) {
            String replacement = replacement(text.charAt(i));
            if (replacement != null) {
                x.append(text, unwritten, i).append(replacement);
                unwritten = i + 1;
            }
        }
        x.append(text, unwritten, text.length());
    }

    /** What stands for {@code c} in XML text, or null when it stands for itself. */
    private static String replacement(char c) {
        return switch (c) {
            case '<' -> "&lt;";
            case '>' -> "&gt;";
            case '&' -> "&amp;";
            case '"' -> "&quot;";
            case '\'' -> "&apos;";
            case '\r' -> "&#13;";
            // Not allowed in XML 1.0 (section 2.2, Char): replaced, never passed on.
            default -> c < 0x20 && c != '\t' && c != '\n' || c == 0xFFFE || c == 0xFFFF ? "\uFFFD" : null;
        };
    }
}
