package dev.keyless.store;

/** The two stores Keyless supports; SQL is written to run unchanged on both. */
public enum Dialect {
    /** Embedded single-node default. */
    SQLITE,
    /** Shared store for several nodes. */
    POSTGRESQL
}
