package dev.keyless.aws.iam;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The awsQuery XML of IAM (IAM API Reference, "Making query requests"): {@code <OpResponse>} in
 * the {@code https://iam.amazonaws.com/doc/2010-05-08/} namespace, the {@code <OpResult>} wrapper
 * for every operation that has an output shape (even an empty one: botocore fails on a missing
 * {@code UpdateRoleResult}), lists as {@code <member>} elements, and the {@code ErrorResponse}
 * envelope botocore's query parser reads.
 */
final class IamXml {
    static final String NAMESPACE = "https://iam.amazonaws.com/doc/2010-05-08/";
    static final String CONTENT_TYPE = "text/xml";

    private final StringBuilder out = new StringBuilder();

    IamXml el(String name, String text) {
        out.append('<').append(name).append('>').append(escape(text)).append("</").append(name).append('>');
        return this;
    }

    IamXml el(String name, Optional<String> text) {
        text.ifPresent(t -> el(name, t));
        return this;
    }

    IamXml open(String name) {
        out.append('<').append(name).append('>');
        return this;
    }

    IamXml close(String name) {
        out.append("</").append(name).append('>');
        return this;
    }

    IamXml members(String name, List<String> values) {
        open(name);
        values.forEach(v -> el("member", v));
        return close(name);
    }

    /** {@code <Tags><member><Key/><Value/></member>…</Tags>}, sorted by key as IAM lists them. */
    IamXml tags(String name, Map<String, String> tags) {
        open(name);
        new java.util.TreeMap<>(tags).forEach((k, v) -> open("member").el("Key", k).el("Value", v).close("member"));
        return close(name);
    }

    IamXml raw(IamXml inner) {
        out.append(inner.out);
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }

    /** A success document; {@code result} empty for operations without an output shape. */
    static String response(String operation, Optional<IamXml> result, String requestId) {
        IamXml doc = new IamXml();
        doc.out.append("<").append(operation).append("Response xmlns=\"").append(NAMESPACE).append("\">");
        result.ifPresent(r -> doc.open(operation + "Result").raw(r).close(operation + "Result"));
        doc.open("ResponseMetadata").el("RequestId", requestId).close("ResponseMetadata");
        return doc.close(operation + "Response").toString();
    }

    static String error(IamFailure failure, String requestId) {
        IamXml doc = new IamXml();
        doc.out.append("<ErrorResponse xmlns=\"").append(NAMESPACE).append("\">");
        doc.open("Error").el("Type", failure.type()).el("Code", failure.code()).el("Message", failure.message())
                .close("Error");
        return doc.el("RequestId", requestId).close("ErrorResponse").toString();
    }

    /** XML 1.0 text: the five markup characters escaped, characters XML cannot carry replaced. */
    static String escape(String text) {
        StringBuilder b = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(c -> {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                case '\t', '\n' -> b.appendCodePoint(c);
                case '\r' -> b.append("&#13;");
                default -> {
                    boolean legal = (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) || c >= 0x10000;
                    b.appendCodePoint(legal ? c : 0xFFFD);
                }
            }
        });
        return b.toString();
    }
}
