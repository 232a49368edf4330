package io.datamover.kube.domain;

/** A namespaced object of the Kubernetes API a move step works on, as an Event and {@code GET /moves} name it. */
public record ObjectRef(String apiVersion, String kind, String namespace, String name) {

    @Override
    public String toString() {
        return kind + " " + namespace + "/" + name;
    }
}
