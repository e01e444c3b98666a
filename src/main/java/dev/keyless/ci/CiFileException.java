package dev.keyless.ci;

/** A CI file GitLab would refuse, or a feature a local run cannot have; the message names the key. */
public final class CiFileException extends Exception {
    private static final long serialVersionUID = 1L;

    public CiFileException(String message) {
        super(message);
    }
}
