package dev.keyless.http;

/** A Keyless endpoint: a pure function of the request view, its context and the clock-driven services. */
@FunctionalInterface
public interface Handler {
    HttpReply handle(HttpCall call) throws Exception;
}
