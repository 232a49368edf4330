package io.datamover.kube.domain;

import io.datamover.events.ApplicationExported;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The latest export of each group for each target, as the compacted topic holds it (a tombstone removes the key), and
 * whether it has been read up to where it stood when the controller started: only then does it also tell which keys
 * this site exported before a restart.
 */
public class KnownExports {

    private final Map<String, ApplicationExported> byKey = new ConcurrentHashMap<>();
    private volatile boolean caughtUp;

    public void put(ApplicationExported export) {
        byKey.put(export.key(), export);
    }

    /** A tombstone: the key's export was withdrawn; the one forgotten, if one was known. */
    public Optional<ApplicationExported> forget(String key) {
        return Optional.ofNullable(byKey.remove(key));
    }

    public Optional<ApplicationExported> find(String key) {
        return Optional.ofNullable(byKey.get(key));
    }

    /** The keys whose latest export {@code site} published. */
    public Set<String> keysFrom(String site) {
        return byKey.values().stream().filter(export -> export.site().equals(site)).map(ApplicationExported::key)
                .collect(Collectors.toSet());
    }

    /** Marks the topic read up to its end at start; whether this is the first time. */
    public boolean markCaughtUp() {
        boolean first = !caughtUp;
        caughtUp = true;
        return first;
    }

    public boolean isCaughtUp() {
        return caughtUp;
    }
}
