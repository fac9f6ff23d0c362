package io.strongroom.logical;

import io.strongroom.base.StrongroomException;

/** The path exists but does not implement the operation: 405 (vault-compat: {@code unsupported operation}). */
public class OperationUnsupportedException extends StrongroomException {
    public OperationUnsupportedException() {
        super("unsupported operation");
    }
}
