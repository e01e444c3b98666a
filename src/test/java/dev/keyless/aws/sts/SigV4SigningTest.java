package dev.keyless.aws.sts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * AWS's published SigV4 test suite (docs.aws.amazon.com/general/latest/gr/signature-v4-test-suite.html):
 * credentials AKIDEXAMPLE / wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY, 20150830T123600Z,
 * us-east-1, service "service". Expected values are the suite's .creq and .authz files.
 */
class SigV4SigningTest {

    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static final String DATE = "20150830T123600Z";
    private static final String SCOPE = "20150830/us-east-1/service/aws4_request";

    private static String sign(String method, String rawQuery, Map<String, List<String>> headers, String body) {
        SigV4Request request = new SigV4Request(method, "/", rawQuery, headers, body.getBytes(StandardCharsets.UTF_8));
        List<String> names = headers.keySet().stream().map(n -> n.toLowerCase(java.util.Locale.ROOT)).sorted().toList();
        String canonical = SigV4Signing.canonicalRequest(method, "/", SigV4Signing.queryPairs(rawQuery),
                SigV4Signing.canonicalHeaders(request, names), String.join(";", names),
                SigV4Signing.sha256Hex(body.getBytes(StandardCharsets.UTF_8)));
        return SigV4Signing.signature(SECRET, "20150830", "us-east-1", "service",
                SigV4Signing.stringToSign(DATE, SCOPE, canonical));
    }

    private static Map<String, List<String>> baseHeaders() {
        return Map.of("Host", List.of("example.amazonaws.com"), "X-Amz-Date", List.of(DATE));
    }

    @Test
    void signatureWhenGetVanillaThenSuiteValue() {
        assertThat(sign("GET", "", baseHeaders(), ""))
                .isEqualTo("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
    }

    @Test
    void canonicalRequestWhenGetVanillaThenSuiteCreq() {
        SigV4Request request = new SigV4Request("GET", "/", "", baseHeaders(), new byte[0]);
        String canonical = SigV4Signing.canonicalRequest("GET", "/", List.of(),
                SigV4Signing.canonicalHeaders(request, List.of("host", "x-amz-date")), "host;x-amz-date",
                SigV4Signing.EMPTY_SHA256);

        assertThat(canonical).isEqualTo("GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
                + "host;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(SigV4Signing.stringToSign(DATE, SCOPE, canonical)).endsWith(
                "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63");
    }

    @Test
    void signatureWhenPostVanillaThenSuiteValue() {
        assertThat(sign("POST", "", baseHeaders(), ""))
                .isEqualTo("5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b");
    }

    @Test
    void signatureWhenQueryOrderKeyCaseThenSortedSuiteValue() {
        assertThat(sign("GET", "Param2=value2&Param1=value1", baseHeaders(), ""))
                .isEqualTo("b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500");
    }

    @Test
    void signatureWhenHeaderValueCaseThenSuiteValue() {
        Map<String, List<String>> headers = new java.util.HashMap<>(baseHeaders());
        headers.put("My-Header1", List.of("VALUE1"));

        assertThat(sign("POST", "", headers, ""))
                .isEqualTo("cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d");
    }

    @Test
    void signatureWhenHeaderValuesNeedTrimmingThenSuiteValue() {
        Map<String, List<String>> headers = new java.util.HashMap<>(baseHeaders());
        headers.put("My-Header1", List.of(" value1"));
        headers.put("My-Header2", List.of("\"a   b   c\""));

        assertThat(sign("GET", "", headers, ""))
                .isEqualTo("acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736");
    }

    @Test
    void uriEncodeWhenReservedCharactersThenPercentEncodedUpperCase() {
        assertThat(SigV4Signing.uriEncode("a b+c/=~", true)).isEqualTo("a%20b%2Bc%2F%3D~");
        assertThat(SigV4Signing.canonicalQuery(SigV4Signing.queryPairs("b=2&a=x%2By&a=%20"))).isEqualTo("a=%20&a=x%2By&b=2");
    }

    @Provide
    Arbitrary<String> headerValues() {
        return Arbitraries.strings().withChars(" \t\n\u000B\f\r\u00A0\u2003\u001Cab,;=").ofMaxLength(30);
    }

    /** The hand-written collapse is the regular expression it replaced, on every kind of white space. */
    @Property(tries = 3000)
    void canonicalHeadersWhenWhiteSpaceRunsThenAsTheRegularExpression(@ForAll("headerValues") String a,
            @ForAll("headerValues") String b) {
        SigV4Request request = new SigV4Request("GET", "/", "", Map.of("X-Amz-Meta", List.of(a, b)), new byte[0]);

        assertThat(SigV4Signing.canonicalHeaders(request, List.of("x-amz-meta"))).isEqualTo("x-amz-meta:"
                + a.strip().replaceAll("\\s+", " ") + "," + b.strip().replaceAll("\\s+", " ") + "\n");
    }
}
