package io.datamover.kube.domain;

/** A MigrationLocation an application replicates to, and the site it names. */
public record Target(String location, String site) {
}
