package dev.keyless.aws.sts;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/** Regression mode in {@code mvn test}; the corpus is committed under StsQueryParserFuzzTestInputs. */
class StsQueryParserFuzzTest {

    private final StsQueryParser parser = new StsQueryParser();

    @FuzzTest
    void fuzzParse(FuzzedDataProvider data) {
        String query = data.consumeString(512);
        byte[] body = data.consumeRemainingAsBytes();
        if (parser.parse(query, "application/x-www-form-urlencoded", body) == null) {
            throw new IllegalStateException("null outcome");
        }
    }
}
