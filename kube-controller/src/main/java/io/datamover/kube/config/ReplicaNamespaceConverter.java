package io.datamover.kube.config;

/** Reads {@code datamover.replica-namespace}: a namespace name (a DNS label). */
public class ReplicaNamespaceConverter extends NamespaceConverter {

    public ReplicaNamespaceConverter() {
        super("datamover.replica-namespace");
    }
}
