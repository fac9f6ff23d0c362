package io.strongroom.router;

import io.strongroom.logical.Caller;
import io.strongroom.logical.Operation;
import java.util.List;
import java.util.Map;

/** The ACL as the pipeline needs it: may this caller do this, and does it hold sudo here. */
public interface Authorizer {

    /** The outcome for one request. */
    record Decision(boolean allowed, boolean sudo) {
        public static final Decision DENY = new Decision(false, false);
        public static final Decision ROOT = new Decision(true, true);
    }

    /**
     * @param path the full logical path (list paths end in {@code /})
     * @param data the request data, for parameter constraints
     */
    Decision check(Caller caller, Operation operation, String path, Map<String, Object> data);

    /** The capabilities {@code caller} holds on {@code path}, sorted, for {@code sys/capabilities-self}. */
    List<String> capabilities(Caller caller, String path);

    /**
     * Whether the caller holds any capability other than deny on {@code prefix} or on any path below it (the rule
     * of {@code sys/internal/ui/mounts}, vault-compat: dataplane spec 4.4).
     */
    boolean anyAccessUnder(Caller caller, String prefix);
}
