package io.datamover.cbt.grpc;

/** The storage has no SnapshotMetadata service (a CSI driver without changed block tracking); the message says which. */
public class NoMetadataServiceException extends RuntimeException {

    public NoMetadataServiceException(String message) {
        super(message);
    }
}
