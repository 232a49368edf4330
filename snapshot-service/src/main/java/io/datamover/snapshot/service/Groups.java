package io.datamover.snapshot.service;

import io.datamover.snapshot.config.SnapshotConfig;
import io.datamover.snapshot.domain.Group;
import io.datamover.snapshot.domain.Membership;
import io.datamover.snapshot.domain.Protection;
import io.datamover.snapshot.storage.StateFile;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The volume groups of this site, saved to the data directory on every change. Every change that
 * could put a volume in two places (two groups, or a group and a protection of its own) is checked
 * and made under the monitor of {@link Protections}.
 */
@Startup
@Singleton
public class Groups {

    private static final Logger LOG = Logger.getLogger(Groups.class);

    private final Protections protections;
    private final SavedMap<Group> byId;

    public Groups(SnapshotConfig config, Protections protections) {
        this.protections = protections;
        this.byId = new SavedMap<>(StateFile.groups(config.dataDir()), Group::groupId);
        LOG.infof("loaded %d volume groups of site %s from %s", byId.all().size(), config.site(), byId.path());
    }

    public List<Group> all() {
        return byId.all();
    }

    public Optional<Group> find(String groupId) {
        return byId.find(groupId);
    }

    /**
     * Adds or replaces the group; returns once it is saved.
     *
     * @throws io.datamover.snapshot.domain.ProtectionException CONFLICT naming {@code volumeIds} when a volume
     *     is protected on its own or belongs to another group
     */
    public Group put(Group group) {
        synchronized (protections) {
            Membership.requireFree(group, protections.all(), byId.all());
            return byId.put(group);
        }
    }

    /**
     * Adds the group unless a group or a protection of its id exists.
     *
     * @return whether it was added
     * @throws io.datamover.snapshot.domain.ProtectionException CONFLICT as {@link #put(Group)}
     */
    public boolean putIfAbsent(Group group) {
        return defineIfAbsent(group.groupId(), () -> put(group));
    }

    /** @return whether the group existed */
    public boolean remove(String groupId) {
        synchronized (protections) {
            return byId.remove(groupId);
        }
    }

    /**
     * Protects a volume on its own, unless it belongs to a group.
     *
     * @throws io.datamover.snapshot.domain.ProtectionException CONFLICT naming {@code volumeId}
     */
    public Protection protectAlone(Protection protection) {
        synchronized (protections) {
            Membership.requireUngrouped(protection.volumeId(), byId.all());
            return protections.put(protection);
        }
    }

    /**
     * Protects a volume on its own unless a group or a protection of its id exists.
     *
     * @return whether it was protected
     * @throws io.datamover.snapshot.domain.ProtectionException CONFLICT as {@link #protectAlone(Protection)}
     */
    public boolean protectAloneIfAbsent(Protection protection) {
        return defineIfAbsent(protection.volumeId(), () -> protectAlone(protection));
    }

    private boolean defineIfAbsent(String id, Runnable define) {
        synchronized (protections) {
            if (byId.find(id).isPresent() || protections.find(id).isPresent()) {
                return false;
            }
            define.run();
            return true;
        }
    }
}
