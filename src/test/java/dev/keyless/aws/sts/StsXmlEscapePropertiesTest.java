package dev.keyless.aws.sts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import javax.xml.parsers.DocumentBuilderFactory;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.xml.sax.InputSource;

/**
 * XML escaping of STS response text: what an XML parser reads back is the text, with the characters
 * XML 1.0 cannot carry (section 2.2) replaced by U+FFFD; and the escaping that appends runs whole is
 * the same, character for character, as escaping one character at a time.
 */
class StsXmlEscapePropertiesTest {

    /** One character at a time: the obvious form the run-appending one must equal. */
    private static String byCharacter(String text) {
        StringBuilder x = new StringBuilder();
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> x.append("&lt;");
                case '>' -> x.append("&gt;");
                case '&' -> x.append("&amp;");
                case '"' -> x.append("&quot;");
                case '\'' -> x.append("&apos;");
                case '\r' -> x.append("&#13;");
                default -> x.append(c < 0x20 && c != '\t' && c != '\n' || c == 0xFFFE || c == 0xFFFF ? '\uFFFD' : c);
            }
        }
        return x.toString();
    }

    @Provide
    Arbitrary<String> texts() {
        // Mostly token-like runs with the characters that need escaping mixed in, and any character at all.
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("ABCxyz019-_.=/+<>&\"'\r\n\t\u0000\u001f\uFFFE\uFFFF\u00e9\u20ac").ofMaxLength(300),
                Arbitraries.strings().all().ofMaxLength(60),
                Arbitraries.strings().withCharRange('\u0000', '\u00ff').ofMaxLength(120));
    }

    @Property(tries = 3000)
    void escapeWhenAnyTextThenAsEscapingOneCharacterAtATime(@ForAll("texts") String text) {
        StringBuilder x = new StringBuilder("<a>");
        StsXmlRenderer.escape(x, text);
        assertThat(x.substring(3)).isEqualTo(byCharacter(text));
    }

    @Property(tries = 1000)
    void escapeWhenTextWithoutSurrogatesThenAParserReadsItBack(@ForAll("texts") String text) throws Exception {
        String plain = text.chars().filter(c -> !Character.isSurrogate((char) c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        StringBuilder x = new StringBuilder("<a>");
        StsXmlRenderer.escape(x, plain);
        x.append("</a>");
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        String read = factory.newDocumentBuilder().parse(new InputSource(new StringReader(x.toString())))
                .getDocumentElement().getTextContent();
        String expected = plain.chars().map(c -> c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0xFFFE || c == 0xFFFF
                ? 0xFFFD : c).collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        assertThat(read).isEqualTo(expected);
    }
}
