package dev.keyless.aws.sts;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

class StsQueryParserPropertyTest {

    private final StsQueryParser parser = new StsQueryParser();

    @Property(tries = 2000)
    void parseWhenArbitraryBytesThenParsedOrRejectedNeverThrows(@ForAll byte[] body, @ForAll String query) {
        StsParse parse = parser.parse(query, "application/x-www-form-urlencoded", body);

        assertThat(parse).isNotNull();
        if (parse instanceof StsParse.Rejected rejected) {
            assertThat(rejected.failure().message()).isNotBlank();
        }
    }
}
