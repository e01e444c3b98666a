package dev.keyless.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;

/**
 * Untrusted JSON that cannot be read, with a message written for the sender: what is wrong (a
 * duplicate name, content after the value, too deep) and where (line and column, 1-based; 0 when
 * unknown). Never contains the input itself beyond the name of a duplicated member.
 */
public final class MalformedJsonException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;

    public MalformedJsonException(String message, int line, int column) {
        super(message);
        this.line = line;
        this.column = column;
    }

    /** The reason alone, without the position. */
    public String reason() {
        return super.getMessage();
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** The reason followed by "at line L, column C" when the position is known. */
    @Override
    public String getMessage() {
        return line > 0 ? reason() + " at line " + line + ", column " + column : reason();
    }

    static MalformedJsonException from(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        int line = at == null ? 0 : Math.max(at.getLineNr(), 0);
        int column = at == null ? 0 : Math.max(at.getColumnNr(), 0);
        String original = e.getOriginalMessage() == null ? "malformed JSON" : e.getOriginalMessage();
        String reason;
        if (original.startsWith("Duplicate field ") || original.startsWith("Duplicate Object property")) {
            reason = "duplicate key " + quotedName(original) + " (each name may appear once in an object)";
        } else if (original.contains("Trailing token")) {
            reason = "content after the JSON value (a body is exactly one JSON value)";
        } else if (e instanceof StreamConstraintsException) {
            reason = "input exceeds a limit: " + original;
        } else {
            reason = "malformed JSON: " + firstLine(original);
        }
        return new MalformedJsonException(reason, line, column);
    }

    private static String quotedName(String message) {
        int open = message.indexOf('\'');
        int close = open < 0 ? -1 : message.indexOf('\'', open + 1);
        return open >= 0 && close > open ? message.substring(open, close + 1) : "(unnamed)";
    }

    private static String firstLine(String message) {
        int nl = message.indexOf('\n');
        String line = nl < 0 ? message : message.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
