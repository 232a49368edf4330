package io.datamover.kube.domain;

/** What came of registering a group or protection with the snapshot-service: the {@code Protected} condition. */
public record Registration(boolean registered, String reason, String message) {

    public static Registration registered(String message) {
        return new Registration(true, "Registered", message);
    }

    public static Registration notRegistered(String reason, String message) {
        return new Registration(false, reason, message);
    }
}
