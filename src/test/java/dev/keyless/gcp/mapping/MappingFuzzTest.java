package dev.keyless.gcp.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Jazzer target over {@link CompiledMapping#apply}: arbitrary JSON-like claims (strings, numbers,
 * booleans, nulls, lists, maps) must always give a typed outcome, never an exception. Corpus:
 * {@code src/test/resources/dev/keyless/gcp/mapping/MappingFuzzTestInputs/apply/}.
 */
class MappingFuzzTest {

    private final CompiledMapping mapping;

    MappingFuzzTest() throws MappingCompileException {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("google.subject", "assertion.sub");
        m.put("google.groups", "assertion.groups");
        m.put("attribute.ref", "assertion.sub.extract('ref:{ref}')");
        m.put("attribute.user", "assertion.email.split('@')[0].lowerAscii()");
        m.put("attribute.joined", "assertion.groups.join('.')");
        this.mapping = AttributeMapping.compile("fuzz", m,
                Optional.of("'admins' in google.groups && (!has(assertion.n) || assertion.n > 1)"));
    }

    @FuzzTest
    void apply(FuzzedDataProvider data) {
        Map<String, Object> claims = new LinkedHashMap<>();
        for (String key : List.of("sub", "groups", "email", "n")) {
            claims.put(key, value(data, 2));
        }
        assertThat(mapping.apply(claims)).isNotNull();
    }

    private static Object value(FuzzedDataProvider data, int depth) {
        int kind = data.consumeInt(0, depth > 0 ? 7 : 5);
        return switch (kind) {
            case 0 -> null;
            case 1 -> data.consumeBoolean();
            case 2 -> data.consumeLong();
            case 3 -> data.consumeDouble();
            case 4 -> data.consumeInt();
            case 5 -> data.consumeString(200);
            case 6 -> {
                List<Object> list = new ArrayList<>();
                for (int i = data.consumeInt(0, 4); i > 0; i--) {
                    list.add(value(data, depth - 1));
                }
                yield list;
            }
            default -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = data.consumeInt(0, 3); i > 0; i--) {
                    map.put(data.consumeString(10), value(data, depth - 1));
                }
                yield map;
            }
        };
    }
}
