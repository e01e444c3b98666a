package dev.keyless.cli;

/** 0 success, 1 denied or a failed check, 2 usage or configuration error. */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int DENIED = 1;
    public static final int USAGE = 2;

    private ExitCodes() {}
}
