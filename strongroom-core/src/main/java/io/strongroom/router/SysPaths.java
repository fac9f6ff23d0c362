package io.strongroom.router;

import io.strongroom.logical.Request;
import io.strongroom.logical.Response;

/** A group of {@code sys/} endpoints (mounts, policies ...), so that the sys backend stays a small dispatcher. */
public interface SysPaths {

    /** Whether this group serves {@code relativePath} (the path below {@code sys/}). */
    boolean handles(String relativePath);

    /** Serves an authorized request; null means "nothing" (204 or 404 by operation). */
    Response handle(Request request);
}
