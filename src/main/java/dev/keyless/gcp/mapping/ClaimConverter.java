package dev.keyless.gcp.mapping;

import dev.cel.common.values.NullValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns JSON-like Java values (String, Long, Double, Boolean, List, Map, null — what the OIDC
 * verifier returns) into the values CEL expects: every integral number to {@code Long}, every
 * other number to {@code Double}, {@code null} to {@link NullValue#NULL_VALUE}
 * (cel-java: Integer and Java null break the standard runtime).
 */
final class ClaimConverter {

    private ClaimConverter() {
    }

    static Map<String, Object> convertMap(Map<?, ?> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            out.put(String.valueOf(e.getKey()), convert(e.getValue()));
        }
        return Collections.unmodifiableMap(out);
    }

    static Object convert(Object value) {
        return switch (value) {
            case null -> NullValue.NULL_VALUE;
            case String s -> s;
            case Boolean b -> b;
            case Long l -> l;
            case Integer i -> i.longValue();
            case Short s -> s.longValue();
            case Byte b -> b.longValue();
            case BigInteger b -> b.bitLength() < 64 ? (Object) b.longValue() : (Object) b.doubleValue();
            case BigDecimal d -> d.doubleValue();
            case Number n -> n.doubleValue();
            case Map<?, ?> m -> convertMap(m);
            case List<?> l -> convertList(l);
            default -> String.valueOf(value);
        };
    }

    private static List<Object> convertList(List<?> list) {
        List<Object> out = new ArrayList<>(list.size());
        for (Object o : list) {
            out.add(convert(o));
        }
        return Collections.unmodifiableList(out);
    }
}
