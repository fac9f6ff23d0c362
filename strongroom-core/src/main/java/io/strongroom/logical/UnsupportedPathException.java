package io.strongroom.logical;

import io.strongroom.base.StrongroomException;

/** The mount exists but none of its paths matches: 404 (vault-compat: {@code unsupported path}). */
public class UnsupportedPathException extends StrongroomException {
    public UnsupportedPathException() {
        super("unsupported path");
    }
}
