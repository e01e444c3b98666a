package dev.keyless.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Redaction recognises secrets by their form, so every legal workload identity name passes whole,
 * whatever its length: pool and provider ids are 4 to 32 lowercase letters, digits or hyphens and
 * project numbers are digits (Google Cloud IAM, "Manage workload identity pools and providers"); Git
 * branch names here use the characters GitLab's own branch names commonly do (git-check-ref-format).
 */
class RedactionPropertiesTest {
    private static final Instant T = Instant.parse("2026-03-01T12:00:00Z");

    @Provide
    Arbitrary<String> ids() {
        return Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789-").ofMinLength(4).ofMaxLength(32)
                .filter(s -> Character.isLetter(s.charAt(0)) && !s.endsWith("-"));
    }

    @Provide
    Arbitrary<String> projectNumbers() {
        return Arbitraries.longs().between(100_000_000_000L, 999_999_999_999L).map(String::valueOf);
    }

    @Provide
    Arbitrary<String> branches() {
        return Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789/-_.").ofMinLength(1).ofMaxLength(200)
                .filter(s -> Character.isLetterOrDigit(s.charAt(0)));
    }

    @Property(tries = 300)
    void auditEventWhenLegalPoolProviderAndSubjectThenStoredWhole(@ForAll("ids") String pool,
            @ForAll("ids") String provider, @ForAll("projectNumbers") String number, @ForAll("branches") String branch) {
        String sub = "project_path:mygroup/myrepo:ref_type:branch:ref:" + branch;
        String audience = "//iam.googleapis.com/projects/" + number + "/locations/global/workloadIdentityPools/" + pool
                + "/providers/" + provider;
        String principal = "principal://iam.googleapis.com/projects/" + number + "/locations/global/workloadIdentityPools/"
                + pool + "/subject/" + sub;

        AuditEvent event = AuditEvent.builder(T, "req", AuditKind.GCP_TOKEN_EXCHANGE, AuditDecision.ALLOW)
                .subject(sub).audience(audience).role(principal).message("federated token issued for " + principal)
                .build();

        assertThat(event.audience()).isEqualTo(audience);
        assertThat(event.role()).isEqualTo(principal);
        assertThat(event.subject()).isEqualTo(sub);
        assertThat(event.message()).isEqualTo("federated token issued for " + principal);
    }
}
