package io.strongroom.server;

import io.strongroom.logical.OperationUnsupportedException;
import io.strongroom.logical.Request;
import io.strongroom.logical.Response;
import io.strongroom.router.SysPaths;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code PUT|POST sys/step-down} (vault-compat: root or sudo, which the sys mount's sudo paths require; audited like
 * any request; answers 204). The step-down itself runs after the answer, on its own thread: it unloads the data
 * plane that this very request is still passing through (its audit response entry included).
 */
final class SysStepDown implements SysPaths {

    private final AtomicReference<Runnable> action;

    SysStepDown(AtomicReference<Runnable> action) {
        this.action = action;
    }

    @Override
    public boolean handles(String relativePath) {
        return relativePath.equals("step-down");
    }

    @Override
    public Response handle(Request request) {
        if (!request.operation().isWrite()) {
            throw new OperationUnsupportedException();
        }
        Runnable r = action.get();
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(50); // let the 204 and its audit entry go out first
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            r.run();
        }, "step-down");
        t.setDaemon(true);
        t.start();
        return null;
    }
}
