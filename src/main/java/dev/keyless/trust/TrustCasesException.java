package dev.keyless.trust;

import java.util.List;

/** A cases file that cannot be run: every problem, each as {@code FILE:LINE: message}. */
public final class TrustCasesException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<String> problems;

    public TrustCasesException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
