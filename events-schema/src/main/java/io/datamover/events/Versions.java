package io.datamover.events;

/** Schema versions of the contract. A consumer accepts any version: later versions only add optional fields. */
public final class Versions {

    /** The version this build writes. */
    public static final int CURRENT = 1;

    private Versions() {
    }
}
