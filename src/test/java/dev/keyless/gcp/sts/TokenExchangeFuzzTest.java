package dev.keyless.gcp.sts;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer target over the token-exchange parser; runs the committed corpus in regression mode
 * ({@code src/test/resources/dev/keyless/gcp/sts/TokenExchangeFuzzTestInputs/parse/}).
 */
class TokenExchangeFuzzTest {

    private final TokenExchangeRequestParser parser = new TokenExchangeRequestParser();

    @FuzzTest
    void parse(FuzzedDataProvider data) {
        String contentType = data.pickValue(new String[] {"application/x-www-form-urlencoded",
                "application/x-www-form-urlencoded; charset=UTF-8", "application/json", "text/plain"});
        OAuthResult<TokenExchangeRequest> result = parser.parse(contentType, data.consumeRemainingAsBytes());
        assertThat(result).isNotNull();
    }
}
