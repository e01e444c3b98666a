package dev.keyless.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UntrustedJsonTest {

    @Test
    void readWhenDuplicateKeyThenRefusedNamingTheKey() {
        assertThatThrownBy(() -> UntrustedJson.read("{\"Effect\":\"Deny\",\"Effect\":\"Allow\"}"))
                .isInstanceOf(MalformedJsonException.class)
                .hasMessageContaining("duplicate key 'Effect'")
                .hasMessageContaining("line 1");
    }

    @Test
    void readWhenDuplicateKeyNestedThenRefused() {
        assertThatThrownBy(() -> UntrustedJson.read("{\"a\":{\"b\":1,\"b\":2}}"))
                .isInstanceOf(MalformedJsonException.class).hasMessageContaining("duplicate key 'b'");
    }

    @Test
    void readWhenTrailingContentThenRefused() {
        assertThatThrownBy(() -> UntrustedJson.read("{\"a\":1} {\"a\":2}"))
                .isInstanceOf(MalformedJsonException.class).hasMessageContaining("content after the JSON value");
        assertThatThrownBy(() -> UntrustedJson.read("{\"a\":1}x"))
                .isInstanceOf(MalformedJsonException.class);
    }

    @Test
    void readWhenTooDeepThenRefused() {
        String deep = "[".repeat(UntrustedJson.MAX_DEPTH + 1) + "]".repeat(UntrustedJson.MAX_DEPTH + 1);
        assertThatThrownBy(() -> UntrustedJson.read(deep))
                .isInstanceOf(MalformedJsonException.class).hasMessageContaining("exceeds a limit");
    }

    @Test
    void readWhenEmptyThenRefused() {
        assertThatThrownBy(() -> UntrustedJson.read("  ")).isInstanceOf(MalformedJsonException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void readObjectWhenArrayThenRefusedNamingWhatArrived() {
        assertThatThrownBy(() -> UntrustedJson.readObject("[1]")).isInstanceOf(MalformedJsonException.class)
                .hasMessageContaining("expected a JSON object, got an array");
    }

    @Test
    void readWhenWellFormedThenValue() throws MalformedJsonException {
        assertThat(UntrustedJson.readObject("{\"a\":[1,2],\"b\":{\"c\":\"d\"}}\n").path("b").path("c").asText())
                .isEqualTo("d");
    }
}
