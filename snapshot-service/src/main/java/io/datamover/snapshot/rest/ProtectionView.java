package io.datamover.snapshot.rest;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.datamover.snapshot.domain.Protection;
import io.datamover.snapshot.domain.Standing;

/** A protection as {@code GET /protections} shows it: its fields and whether it runs here ({@code state}). */
public record ProtectionView(@JsonUnwrapped Protection protection, Standing state) {
}
