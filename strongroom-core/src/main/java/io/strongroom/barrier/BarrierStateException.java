package io.strongroom.barrier;

import io.strongroom.base.InvalidRequestException;

/**
 * A lifecycle call does not fit the barrier's state: initialize on an initialized store ("already initialized"),
 * or unseal on an uninitialized one ("not initialized").
 */
public class BarrierStateException extends InvalidRequestException {
    public BarrierStateException(String message) {
        super(message);
    }
}
