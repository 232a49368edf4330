package io.datamover.snapshot.rest;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.datamover.snapshot.domain.Protection;
import io.datamover.snapshot.domain.Standing;
import io.datamover.snapshot.domain.VolumeReplication;

/**
 * A protection as {@code GET /protections} shows it: its fields, whether it runs here ({@code state}), and the
 * volume's newest snapshot and the last snapshot applied at each target ({@code replication}).
 */
public record ProtectionView(@JsonUnwrapped Protection protection, Standing state, VolumeReplication replication) {
}
