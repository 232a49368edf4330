package io.datamover.kube.domain;

/**
 * An object of the Kubernetes API a move step works on, as an Event and {@code GET /moves} name it; a cluster-scoped
 * one (a VolumeSnapshotContent) has no namespace (null).
 */
public record ObjectRef(String apiVersion, String kind, String namespace, String name) {

    @Override
    public String toString() {
        return kind + " " + (namespace == null ? name : namespace + "/" + name);
    }
}
