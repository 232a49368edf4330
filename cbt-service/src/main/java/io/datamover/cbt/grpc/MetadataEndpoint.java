package io.datamover.cbt.grpc;

import io.grpc.ManagedChannel;

/**
 * A SnapshotMetadata service to call: the channel to it, the {@code security_token} to put in each request (empty:
 * none), and what it is, for log lines and errors (e.g. {@code SnapshotMetadataService hostpath.csi.k8s.io at
 * csi-snapshot-metadata.csi-driver:6443}).
 */
public record MetadataEndpoint(ManagedChannel channel, String securityToken, String description) {
}
