package io.strongroom.logical;

/**
 * What a request does, and the ACL capability it needs (vault-compat: vault-dataplane-spec 1.1 and 3.3). HTTP
 * POST and PUT arrive as {@link #UPDATE}; the pipeline turns them into {@link #CREATE} when the backend's existence
 * check says the target does not exist yet.
 */
public enum Operation {
    READ("read"),
    LIST("list"),
    CREATE("create"),
    UPDATE("update"),
    PATCH("patch"),
    DELETE("delete");

    private final String capability;

    Operation(String capability) {
        this.capability = capability;
    }

    /** The policy capability this operation needs. */
    public String capability() {
        return capability;
    }

    /** Create, update and patch write; a write to a path ending in {@code /} is refused. */
    public boolean isWrite() {
        return this == CREATE || this == UPDATE || this == PATCH;
    }
}
