package io.datamover.snapshot.rest;

import io.datamover.snapshot.domain.Protection;
import io.datamover.snapshot.domain.ProtectionException;
import java.util.List;

/** The body of {@code PUT /protections/{volumeId}}; {@code retain} defaults to {@value Protection#DEFAULT_RETAIN}. */
public record ProtectionRequest(Long intervalSeconds, Integer retain, List<String> targetSites) {

    public Protection toProtection(String volumeId) {
        if (intervalSeconds == null) {
            throw ProtectionException.invalid("intervalSeconds", "is required");
        }
        if (targetSites == null) {
            throw ProtectionException.invalid("targetSites", "is required");
        }
        return new Protection(volumeId, intervalSeconds, retain == null ? Protection.DEFAULT_RETAIN : retain,
                targetSites);
    }
}
