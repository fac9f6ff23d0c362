package io.strongroom.hcl;

/**
 * Where something was written in a config file, 1-based. Rendered as {@code FILE:LINE:COL} at the start of
 * every config error so an operator can jump straight to it.
 */
public record Pos(String file, int line, int col) {

    /** {@code FILE:LINE:COL: message}. */
    public String error(String message) {
        return this + ": " + message;
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + col;
    }
}
