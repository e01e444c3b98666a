package dev.keyless.aws.sts;

import dev.keyless.sealing.AwsSession;
import dev.keyless.sealing.SessionLookup;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Server-side SigV4 verification, header and presigned-query forms (IAM User Guide, Signature Version 4). Pure: the
 * request view, the clock and a {@link SessionResolver} are all it uses. Checks, in order:
 * authorization present and complete → {@code host} among the signed headers → scope (service {@code sts}, any region) → time window →
 * session token → signature (constant-time compare).
 */
public final class SigV4Verifier {

    /** STS's window, both ways (IAM User Guide, Signature Version 4, aws/aws-cli#6676). */
    static final Duration SKEW = Duration.ofMinutes(15);
    static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final String STS = "sts";
    /** AWS's wording, for the header and the presigned form alike. */
    static final String HOST_NOT_SIGNED = "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.";

    private final Clock clock;
    private final String service;

    public SigV4Verifier(Clock clock) {
        this(clock, STS);
    }

    /** For another service on the same port (IAM signs with service {@code iam}, any region). */
    public SigV4Verifier(Clock clock, String service) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.service = Objects.requireNonNull(service, "service");
    }

    public SigV4Outcome verify(SigV4Request request, SessionResolver sessions) {
        Map<String, String> query = new LinkedHashMap<>();
        SigV4Signing.queryPairs(request.rawQuery()).forEach(e -> query.putIfAbsent(e.getKey(), e.getValue()));
        Optional<String> header = request.header("Authorization");
        SigV4Authorization.Parse parse;
        if (header.isPresent()) {
            parse = SigV4Authorization.fromHeader(header.get());
        } else if (query.containsKey("X-Amz-Algorithm") || query.containsKey("X-Amz-Signature")) {
            parse = SigV4Authorization.fromQuery(query);
        } else {
            return failed(StsFailure.of(StsError.MISSING_AUTHENTICATION_TOKEN));
        }
        if (parse instanceof SigV4Authorization.Parse.Bad bad) {
            return failed(bad.failure());
        }
        SigV4Authorization auth = ((SigV4Authorization.Parse.Ok) parse).authorization();
        if (!auth.signedHeaders().contains("host")) {
            // Without a signed Host a signature made for one endpoint verifies at any other that shares
            // the credentials. AWS refuses it before any credential lookup, header and presigned form
            // alike, as an invalid signature (STS's query protocol names that SignatureDoesNotMatch).
            return failed(new StsFailure(StsError.SIGNATURE_DOES_NOT_MATCH, HOST_NOT_SIGNED));
        }
        if (!service.equals(auth.service())) {
            return failed(new StsFailure(StsError.SIGNATURE_DOES_NOT_MATCH,
                    "Credential should be scoped to correct service: '" + service + "'. "));
        }
        String amzDate = auth.presigned() ? query.get("X-Amz-Date") : request.header("X-Amz-Date").orElse(null);
        Optional<Instant> signedAt = signedAt(amzDate, request.header("Date"));
        if (signedAt.isEmpty()) {
            return failed(new StsFailure(StsError.INCOMPLETE_SIGNATURE, amzDate == null && request.header("Date").isEmpty()
                    ? "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=" + header.orElse("")
                    : "Date must be in ISO-8601 'basic format'. Got '" + (amzDate != null ? amzDate : request.header("Date").get()) + "'."));
        }
        String dateText = AMZ_DATE.format(signedAt.get());
        Optional<StsFailure> timing = TimeWindow.check(signedAt.get(), clock.instant(), auth);
        if (timing.isPresent()) {
            return failed(timing.get());
        }
        if (!dateText.startsWith(auth.scopeDate())) {
            return failed(new StsFailure(StsError.SIGNATURE_DOES_NOT_MATCH,
                    "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '"
                            + auth.scopeDate() + "' != '" + dateText.substring(0, 8) + "', from '" + dateText + "'."));
        }
        Optional<String> token = auth.presigned() ? Optional.ofNullable(query.get("X-Amz-Security-Token"))
                : request.header("X-Amz-Security-Token");
        SessionLookup lookup = sessions.resolve(auth.accessKeyId(), token);
        return switch (lookup) {
            case SessionLookup.Invalid invalid -> failed(StsFailure.of(StsError.INVALID_CLIENT_TOKEN_ID));
            case SessionLookup.Expired expired -> failed(StsFailure.of(StsError.EXPIRED_TOKEN));
            case SessionLookup.Valid valid -> checkSignature(request, auth, dateText, valid.session());
        };
    }

    private SigV4Outcome checkSignature(SigV4Request request, SigV4Authorization auth, String amzDate,
            AwsSession session) {
        List<Map.Entry<String, String>> query = SigV4Signing.queryPairs(request.rawQuery()).stream()
                .filter(e -> !(auth.presigned() && e.getKey().equals("X-Amz-Signature"))).toList();
        // Presigned (non-S3): the payload hash is that of the empty string (IAM User Guide, Signature Version 4). Header form:
        // the X-Amz-Content-SHA256 header if present (the AWS SDK for Java v2 sends it), else SHA-256 of
        // the body. The header is only a claim about the body, so it must equal the body's real hash —
        // otherwise a signed header would let any body through (UNSIGNED-PAYLOAD is an S3 feature).
        String bodyHash = SigV4Signing.sha256Hex(request.body());
        String payloadHash = auth.presigned() ? SigV4Signing.EMPTY_SHA256
                : request.header("X-Amz-Content-SHA256").orElse(bodyHash);
        if (!auth.presigned() && !payloadHash.equals(bodyHash)) {
            return failed(StsFailure.of(StsError.SIGNATURE_DOES_NOT_MATCH));
        }
        String canonical = SigV4Signing.canonicalRequest(request.method(), request.rawPath(), query,
                SigV4Signing.canonicalHeaders(request, auth.signedHeaders()), auth.signedHeadersText(), payloadHash);
        String stringToSign = SigV4Signing.stringToSign(amzDate, auth.scope(auth.scopeDate()), canonical);
        String expected = SigV4Signing.signature(session.secret().value(), auth.scopeDate(), auth.region(),
                auth.service(), stringToSign);
        boolean same = MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                auth.signature().getBytes(StandardCharsets.US_ASCII));
        return same ? new SigV4Outcome.Authenticated(session) : failed(StsFailure.of(StsError.SIGNATURE_DOES_NOT_MATCH));
    }

    /** {@code X-Amz-Date} ({@code yyyyMMdd'T'HHmmss'Z'}), else an RFC 1123 {@code Date} header (IAM User Guide, Signature Version 4). */
    private static Optional<Instant> signedAt(String amzDate, Optional<String> date) {
        try {
            if (amzDate != null) {
                return Optional.of(Instant.from(AMZ_DATE.parse(amzDate)));
            }
            return date.map(d -> ZonedDateTime.parse(d, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static SigV4Outcome failed(StsFailure failure) {
        return new SigV4Outcome.Failed(failure);
    }
}
