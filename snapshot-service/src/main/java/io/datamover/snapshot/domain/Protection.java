package io.datamover.snapshot.domain;

import io.datamover.events.Fields;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * A volume of this site under protection: snapshot it every {@code intervalSeconds}, keep the
 * newest {@code retain} snapshots and replicate them to {@code targetSites}.
 */
public record Protection(String volumeId, long intervalSeconds, int retain, List<String> targetSites) {

    public static final int DEFAULT_RETAIN = 5;

    public Protection {
        requireId("volumeId", volumeId);
        requireInterval(intervalSeconds);
        requireRetain(retain);
        targetSites = requireTargets(targetSites);
    }

    /** Checks that this protection replicates away from {@code site}, the site it runs at. */
    public Protection requireRunsAt(String site) {
        requireTargetsAwayFrom(site, targetSites);
        return this;
    }

    static void requireInterval(long intervalSeconds) {
        if (intervalSeconds < 1) {
            throw ProtectionException.invalid("intervalSeconds", "must be at least 1, was " + intervalSeconds);
        }
    }

    static void requireRetain(int retain) {
        if (retain < 1) {
            throw ProtectionException.invalid("retain", "must be at least 1, was " + retain);
        }
    }

    /** The target sites without duplicates, in their order. */
    static List<String> requireTargets(List<String> targetSites) {
        if (targetSites == null || targetSites.isEmpty()) {
            throw ProtectionException.invalid("targetSites", "must name at least one site");
        }
        targetSites.forEach(site -> requireId("targetSites", site));
        return List.copyOf(new LinkedHashSet<>(targetSites));
    }

    static void requireTargetsAwayFrom(String site, List<String> targetSites) {
        if (targetSites.contains(site)) {
            throw ProtectionException.invalid("targetSites", "must not contain this site '" + site + "'");
        }
    }

    /** Checks an id from outside (DNS-1123 label), so that it is safe as a path and file name. */
    public static String requireId(String field, String value) {
        if (!Fields.isValidId(value)) {
            throw ProtectionException.invalid(field, "is not a valid id: '" + value + "' (lower-case letters,"
                    + " digits and '-', 1 to 63 characters, starting and ending with a letter or digit)");
        }
        return value;
    }
}
