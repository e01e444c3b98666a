package dev.keyless.store;

/**
 * Advisory lock ids, one per coordinated operation, so that unrelated operations never wait on
 * each other. Values are arbitrary but fixed forever (other nodes of another version use them).
 */
public enum LockName {
    MIGRATIONS(0x6b65796c_0001L),
    ISSUER_KEY_ROTATION(0x6b65796c_0002L),
    SEALING_KEY_ROTATION(0x6b65796c_0003L),
    CONFIG_RESOURCES(0x6b65796c_0004L);

    private final long id;

    LockName(long id) {
        this.id = id;
    }

    public long id() {
        return id;
    }
}
