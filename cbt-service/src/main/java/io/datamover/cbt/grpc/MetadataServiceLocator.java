package io.datamover.cbt.grpc;

import java.util.Optional;

/** Finds the SnapshotMetadata service of this site and a token it accepts, before each call. */
public interface MetadataServiceLocator extends AutoCloseable {

    /**
     * The service to call now.
     *
     * @param driver the CSI driver the snapshot names; empty: the configured one
     * @throws NoMetadataServiceException when the storage offers no SnapshotMetadata service
     * @throws io.grpc.StatusRuntimeException when it cannot be found or no token obtained right now (retried)
     */
    MetadataEndpoint locate(Optional<String> driver);

    /** The service refused {@code endpoint}'s token (UNAUTHENTICATED): do not hand it out again. */
    default void refused(MetadataEndpoint endpoint) {
    }

    /** Closes the channels handed out. */
    @Override
    void close();
}
