package dev.keyless.gcp.iam.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The member and id checks of the IAM API: any input is accepted or refused with
 * {@code INVALID_ARGUMENT} naming the field (never another exception), and every well-formed
 * federated member yields the pool it names.
 */
class IamValidationPropertiesTest {

    @Property
    void anyMemberIsAcceptedOrRefusedNamingTheField(@ForAll String member) {
        try {
            IamValidation.member(member, 2);
        } catch (IamApiError e) {
            assertThat(e.status()).isEqualTo("INVALID_ARGUMENT");
            assertThat(e.getMessage()).contains("policy.bindings[2].members");
            assertThat(e.getMessage()).doesNotContainPattern("\\p{Cntrl}");
        }
    }

    @Provide
    Arbitrary<String> poolIds() {
        return Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789-").ofMinLength(4).ofMaxLength(32)
                .filter(s -> !s.startsWith("gcp-"));
    }

    @Property
    void wellFormedFederatedMembersNameTheirPool(@ForAll("poolIds") String pool,
            @ForAll("numbers") long number, @ForAll("suffixes") String suffix) {
        String member = (suffix.startsWith("subject/") ? "principal://" : "principalSet://")
                + "iam.googleapis.com/projects/" + number + "/locations/global/workloadIdentityPools/" + pool + "/"
                + suffix;
        assertThat(IamValidation.member(member, 0)).isEqualTo(Optional.of(new IamValidation.PoolRef(number, pool)));
    }

    @Provide
    Arbitrary<Long> numbers() {
        return Arbitraries.longs().between(1, 999_999_999_999L);
    }

    @Provide
    Arbitrary<String> suffixes() {
        Arbitrary<String> value = Arbitraries.strings().alpha().numeric().withChars("/:-_.").ofMinLength(1).ofMaxLength(40);
        return Arbitraries.oneOf(value.map(v -> "subject/" + v), value.map(v -> "group/" + v),
                value.map(v -> "attribute.repository/" + v), Arbitraries.just("*"));
    }

    @Property
    void anyPoolIdIsAcceptedOrRefusedNamingTheField(@ForAll String id) {
        try {
            IamValidation.resourceId("workloadIdentityPoolId", id);
            assertThat(id).matches("[a-z0-9-]{4,32}").doesNotStartWith("gcp-");
        } catch (IamApiError e) {
            assertThat(e.status()).isEqualTo("INVALID_ARGUMENT");
            assertThat(e.getMessage()).contains("workloadIdentityPoolId");
        }
    }

    @Property
    void principalSetWithoutAKnownSuffixIsRefused(@ForAll("poolIds") String pool) {
        String member = "principalSet://iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/" + pool
                + "/subject/x";
        assertThatThrownBy(() -> IamValidation.member(member, 0)).isInstanceOf(IamApiError.class)
                .hasMessageContaining("principalSet:// member in /group/GROUP");
    }
}
