package dev.keyless.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.deser.ValueInstantiator;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Binds {@code keyless.yaml} onto the records of {@link ConfigFile} with Jackson databind. Scalars are
 * bound strictly (a quoted "42" is not a number, an unquoted 42 not a string); each unknown key and
 * wrong-typed value goes to a problem handler that records it and lets binding go on, so every
 * problem is reported at once. One streaming pass first indexes where each key and value is written,
 * so problems found after binding still name their line and column.
 */
final class YamlBinding {

    private static final YAMLFactory FACTORY = YAMLFactory.builder()
            // `key:` with nothing after it is "no value", not the empty string (a quoted "" stays a string).
            .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private static final ObjectReader READER = YAMLMapper.builder(FACTORY)
            .addModule(new SimpleModule()
                    .addDeserializer(String.class, strict(String.class, Set.of(JsonToken.VALUE_STRING), p -> p.getText()))
                    .addDeserializer(Long.class, strict(Long.class, Set.of(JsonToken.VALUE_NUMBER_INT), p ->
                            p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? null : p.getLongValue()))
                    .addDeserializer(Boolean.class, strict(Boolean.class,
                            Set.of(JsonToken.VALUE_TRUE, JsonToken.VALUE_FALSE), p -> p.getBooleanValue()))
                    .addDeserializer(Duration.class, strict(Duration.class, Set.of(JsonToken.VALUE_STRING),
                            p -> Durations.parse(p.getText()).orElse(null))))
            .build()
            .readerFor(ConfigFile.Root.class);

    /** 1-based line and column of the first character of a key or value. */
    record Location(int line, int column) {}

    /** Where each value ({@code values}) and each key ({@code keys}) of the document is written. */
    record Index(Map<KeyPath, Location> values, Map<KeyPath, Location> keys) {}

    private YamlBinding() {}

    /** Nothing but the class's initialisation: Jackson's YAML reader for the configuration's records (see ConfigLoader.prepare). */
    static void prepare() {}

    /** The bound document, or empty when the text is not well-formed YAML (a problem is added). */
    static Optional<ConfigFile.Root> bind(String yaml, Problems problems) {
        Index index = new Index(new HashMap<>(), new HashMap<>());
        problems.index(index);
        try (JsonParser parser = FACTORY.createParser(yaml)) {
            if (parser.nextToken() == null) {
                return Optional.of(READER.readValue("{}"));
            }
            walk(parser, KeyPath.ROOT, index);
        } catch (JsonProcessingException e) {
            reportSyntax(e, index, problems);
            return Optional.empty();
        } catch (IOException e) {
            throw new IllegalStateException("reading from a string cannot fail", e);
        }
        try {
            return Optional.ofNullable(READER.withHandler(new Handler(problems)).readValue(yaml));
        } catch (JsonProcessingException e) { // what the handler cannot bind as absent, e.g. null in a list
            problems.add(e.getLocation() == null ? new Location(1, 1) : locationOf(e.getLocation()), KeyPath.ROOT,
                    "cannot bind the value here: " + e.getOriginalMessage(), "check the type of the value at this position");
            return Optional.empty();
        } catch (IOException e) {
            throw new IllegalStateException("reading from a string cannot fail", e);
        }
    }

    /** Where each key and value is written, as far as the text is well-formed YAML. */
    static Index index(String yaml) {
        Index index = new Index(new HashMap<>(), new HashMap<>());
        try (JsonParser parser = FACTORY.createParser(yaml)) {
            if (parser.nextToken() != null) {
                walk(parser, KeyPath.ROOT, index);
            }
        } catch (IOException e) {
            // Not well-formed: the config loader reports that; the positions read so far stay useful.
        }
        return index;
    }

    private static void walk(JsonParser p, KeyPath path, Index index) throws IOException {
        index.values().put(path, locationOf(p.currentTokenLocation()));
        if (p.hasToken(JsonToken.START_OBJECT)) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                KeyPath key = path.key(p.currentName());
                index.keys().put(key, locationOf(p.currentTokenLocation()));
                p.nextToken();
                walk(p, key, index);
            }
        } else if (p.hasToken(JsonToken.START_ARRAY)) {
            for (int i = 0; p.nextToken() != JsonToken.END_ARRAY; i++) {
                walk(p, path.index(i), index);
            }
        }
    }

    private static void reportSyntax(JsonProcessingException e, Index index, Problems problems) {
        JsonLocation at = e.getLocation();
        Location where = at == null ? new Location(1, 1) : locationOf(at);
        if (e.getProcessor() instanceof JsonParser p && e.getOriginalMessage().startsWith("Duplicate field")) {
            KeyPath path = pathOf(p.getParsingContext());
            Location first = index.keys().get(path);
            problems.add(where, path,
                    "duplicate key \"" + p.getParsingContext().getCurrentName() + "\" (first written on line "
                            + (first == null ? "?" : first.line()) + ")", "keep one of the two; YAML keys must be unique");
            return;
        }
        problems.add(where, KeyPath.ROOT, "not valid YAML: " + e.getOriginalMessage(),
                "check indentation (spaces only) and quoting around this position");
    }

    /** The key path of the value the parser is on (a just-opened mapping or list is its own path). */
    static KeyPath pathOf(JsonStreamContext ctx) {
        if (ctx == null || ctx.inRoot()) {
            return KeyPath.ROOT;
        }
        KeyPath parent = pathOf(ctx.getParent());
        if (ctx.inArray()) {
            return ctx.getCurrentIndex() < 0 ? parent : parent.index(ctx.getCurrentIndex());
        }
        return ctx.getCurrentName() == null ? parent : parent.key(ctx.getCurrentName());
    }

    private static Location locationOf(JsonLocation location) {
        return new Location(Math.max(1, location.getLineNr()), Math.max(1, location.getColumnNr()));
    }

    private interface Read<T> {
        T read(JsonParser p) throws IOException;
    }

    private static <T> JsonDeserializer<T> strict(Class<T> type, Set<JsonToken> accepted, Read<T> read) {
        return new StdScalarDeserializer<>(type) {
            @Override
            public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                T value = accepted.contains(p.currentToken()) ? read.read(p) : null;
                return value != null ? value : type.cast(ctxt.handleUnexpectedToken(type, p));
            }
        };
    }

    /** Records each unknown key and wrong-typed value as a problem and binds it as absent. */
    private static final class Handler extends DeserializationProblemHandler {

        private final Problems problems;

        Handler(Problems problems) {
            this.problems = problems;
        }

        @Override
        public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p, JsonDeserializer<?> deserializer,
                Object beanOrClass, String name) throws IOException {
            Class<?> type = beanOrClass instanceof Class<?> c ? c : beanOrClass.getClass();
            List<String> allowed = keysOf(type);
            // A record's unknown keys are replayed from a buffer once the record is built: the real
            // parser then stands on the record's end, so the path is the record's plus the key.
            KeyPath path = p == ctxt.getParser() ? pathOf(p.getParsingContext())
                    : pathOf(ctxt.getParser().getParsingContext()).key(name);
            problems.addAtKey(path, "unknown key \"" + name + "\"", Checks.didYouMean(name, allowed) + "allowed keys here: "
                    + String.join(", ", allowed));
            p.skipChildren();
            return true;
        }

        @Override
        public Object handleUnexpectedToken(DeserializationContext ctxt, JavaType targetType, JsonToken t,
                JsonParser p, String failureMsg) throws IOException {
            report(targetType.getRawClass(), p);
            p.skipChildren();
            return null;
        }

        @Override
        public Object handleMissingInstantiator(DeserializationContext ctxt, Class<?> instClass,
                ValueInstantiator valueInsts, JsonParser p, String msg) throws IOException {
            report(instClass, p);
            p.skipChildren();
            return null;
        }

        private void report(Class<?> type, JsonParser p) throws IOException {
            String got = switch (p.currentToken()) {
                case VALUE_STRING -> "the string \"" + p.getText() + "\"";
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + p.getText();
                case VALUE_TRUE, VALUE_FALSE -> "the boolean " + p.getText();
                case START_OBJECT -> "a mapping";
                case START_ARRAY -> "a list";
                default -> "an empty value";
            };
            boolean scalar = p.currentToken().isScalarValue();
            String expected;
            String hint;
            if (type == String.class) {
                expected = "a string";
                hint = scalar ? "put the value in quotes: \"" + p.getText() + "\"" : "write a single text value";
            } else if (type == Long.class) {
                expected = "an integer";
                hint = p.currentToken().isNumeric() ? "the number is too large" : "write a whole number without quotes";
            } else if (type == Boolean.class) {
                expected = "true or false";
                hint = "write true or false without quotes";
            } else if (type == Duration.class) {
                expected = "a duration";
                hint = p.currentToken().isNumeric() ? "a bare number has no unit; write " + p.getText()
                        + "s for seconds or " + p.getText() + "m for minutes" : Durations.SYNTAX;
            } else if (Collection.class.isAssignableFrom(type)) {
                expected = "a list";
                hint = "write a list, e.g. " + (p.hasToken(JsonToken.VALUE_STRING) ? "[\"" + p.getText() + "\"]" : "[a, b]");
            } else if (type.isRecord()) {
                expected = "a mapping with keys " + String.join(", ", keysOf(type));
                hint = "write key: value pairs indented under this key";
            } else {
                expected = "a mapping";
                hint = "write one entry per name, indented under this key";
            }
            problems.add(pathOf(p.getParsingContext()), "expected " + expected + ", got " + got, hint);
        }

        private static List<String> keysOf(Class<?> type) {
            return type.isRecord() ? Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList()
                    : List.of();
        }
    }
}
