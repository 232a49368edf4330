package io.datamover.kube.domain;

/** A MigrationLocation an application replicates to, the site it names and how objects change on their way there. */
public record Target(String location, String site, ObjectMapping mapping) {
}
