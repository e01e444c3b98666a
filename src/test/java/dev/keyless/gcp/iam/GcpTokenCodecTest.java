package dev.keyless.gcp.iam;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GcpTokenCodecTest {

    private final GcpTokenCodec codec = new GcpTokenCodec();

    @Test
    void decodeFederatedWhenEncodedThenRoundTrips() {
        FederatedToken t = new FederatedToken(123L, "pool", "prov", "sub", "principal://x", List.of("principalSet://a/*"),
                Map.of("attribute.ref", "main"), Instant.ofEpochSecond(1000), Instant.ofEpochSecond(4600),
                List.of("https://www.googleapis.com/auth/cloud-platform"), "https://gitlab.example", "ab12cd34");
        assertThat(codec.decodeFederated(codec.encode(t))).contains(t);
        assertThat(t.providerResourceName())
                .isEqualTo("projects/123/locations/global/workloadIdentityPools/pool/providers/prov");
    }

    @Test
    void decodeServiceAccountWhenEncodedThenRoundTrips() {
        ServiceAccountToken t = new ServiceAccountToken("sa@p.iam.gserviceaccount.com", "1234567890",
                List.of("openid"), Instant.ofEpochSecond(1000), Instant.ofEpochSecond(4600), "principal://x");
        assertThat(codec.decodeServiceAccount(codec.encode(t))).contains(t);
    }

    @Test
    void decodeWhenGarbageOrOtherKindThenEmpty() {
        ServiceAccountToken sa = new ServiceAccountToken("e", "1", List.of(), Instant.EPOCH, Instant.EPOCH, "p");
        assertThat(codec.decodeFederated(codec.encode(sa))).isEmpty();
        assertThat(codec.decodeServiceAccount("{".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(codec.decodeServiceAccount("[]".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(codec.decodeFederated(new byte[0])).isEmpty();
    }

    @Test
    void sealedPartWhenPrefixedThenStripped() {
        assertThat(GcpTokenCodec.sealedPart(GcpTokenCodec.accessToken("abc"))).contains("abc");
        assertThat(GcpTokenCodec.sealedPart("Bearer abc")).isEmpty();
        assertThat(GcpTokenCodec.sealedPart(null)).isEmpty();
    }
}
