package dev.keyless.aws.sts;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The request-time checks of SigV4 at STS (IAM User Guide, Signature Version 4).
 *
 * <p>±15 minutes, with STS's exact messages, code {@code SignatureDoesNotMatch} (403):
 * {@code Signature expired: 20220127T001427Z is now earlier than 20220127T014428Z (20220127T015928Z - 15 min.)}
 * (aws/aws-cli#6676) and {@code Signature not yet current: … is still later than … (… + 15 min.)}.
 *
 * <p>Presigned requests must also satisfy {@code now ≤ X-Amz-Date + X-Amz-Expires}. No source
 * quotes STS's answer for a presigned URL past its {@code X-Amz-Expires}; aws/aws-sdk-go#2167
 * reports that STS applies its 15-minute signature-expiry check to presigned GetCallerIdentity,
 * which answers {@code SignatureDoesNotMatch} "Signature expired: …". We therefore answer the same
 * code and the same sentence, with the X-Amz-Expires window in place of "15 min." when it is
 * shorter (S3's {@code AccessDenied} "Request has expired" is S3-specific).
 */
final class TimeWindow {

    private TimeWindow() {}

    static Optional<StsFailure> check(Instant signedAt, Instant now, SigV4Authorization auth) {
        Duration window = SigV4Verifier.SKEW;
        if (auth.presigned() && auth.expires().isPresent()) {
            Optional<Long> seconds = parseExpires(auth.expires().get());
            if (seconds.isEmpty()) {
                return Optional.of(new StsFailure(StsError.INCOMPLETE_SIGNATURE,
                        "X-Amz-Expires must be an integer between 1 and 604800, got '" + auth.expires().get() + "'."));
            }
            window = seconds.get() < window.toSeconds() ? Duration.ofSeconds(seconds.get()) : window;
        }
        String signed = SigV4Verifier.AMZ_DATE.format(signedAt);
        String nowText = SigV4Verifier.AMZ_DATE.format(now);
        if (signedAt.isBefore(now.minus(window))) {
            return Optional.of(new StsFailure(StsError.SIGNATURE_DOES_NOT_MATCH, "Signature expired: " + signed
                    + " is now earlier than " + SigV4Verifier.AMZ_DATE.format(now.minus(window)) + " (" + nowText
                    + " - " + describe(window) + ")"));
        }
        if (signedAt.isAfter(now.plus(SigV4Verifier.SKEW))) {
            return Optional.of(new StsFailure(StsError.SIGNATURE_DOES_NOT_MATCH, "Signature not yet current: "
                    + signed + " is still later than " + SigV4Verifier.AMZ_DATE.format(now.plus(SigV4Verifier.SKEW))
                    + " (" + nowText + " + 15 min.)"));
        }
        return Optional.empty();
    }

    private static String describe(Duration window) {
        return window.equals(SigV4Verifier.SKEW) ? "15 min." : window.toSeconds() + " sec.";
    }

    private static Optional<Long> parseExpires(String text) {
        try {
            long seconds = Long.parseLong(text);
            return seconds >= 1 && seconds <= 604800 ? Optional.of(seconds) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
