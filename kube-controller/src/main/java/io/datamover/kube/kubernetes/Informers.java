package io.datamover.kube.kubernetes;

import io.datamover.kube.config.ControllerConfig;
import io.datamover.kube.crd.MigrationLocation;
import io.datamover.kube.crd.ProtectedApplication;
import io.datamover.kube.crd.SnapshotSchedule;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * The controller's view of the cluster: its resources in its namespace, and every claim, volume and storage class,
 * each kept up to date by a watch. Any change calls the listener.
 */
@ApplicationScoped
public class Informers {

    private final KubernetesClient client;
    private final String namespace;
    private final List<SharedIndexInformer<?>> all = new ArrayList<>();
    private SharedIndexInformer<ProtectedApplication> applications;
    private SharedIndexInformer<SnapshotSchedule> schedules;
    private SharedIndexInformer<MigrationLocation> locations;
    private SharedIndexInformer<PersistentVolumeClaim> claims;
    private SharedIndexInformer<PersistentVolume> volumes;
    private SharedIndexInformer<StorageClass> storageClasses;

    public Informers(KubernetesClient client, ControllerConfig config) {
        this.client = client;
        this.namespace = config.namespace();
    }

    /** Starts every watch and returns once each has listed what exists. */
    public synchronized void start(Runnable onChange) {
        ResourceEventHandler<Object> handler = new OnAnyChange(onChange);
        applications = track(client.resources(ProtectedApplication.class).inNamespace(namespace).inform(handler));
        schedules = track(client.resources(SnapshotSchedule.class).inNamespace(namespace).inform(handler));
        locations = track(client.resources(MigrationLocation.class).inNamespace(namespace).inform(handler));
        claims = track(client.persistentVolumeClaims().inAnyNamespace().inform(handler));
        volumes = track(client.persistentVolumes().inform(handler));
        storageClasses = track(client.storage().v1().storageClasses().inform(handler));
    }

    /** Whether {@link #start} has listed what exists: before, the accessors below have nothing to read. */
    public synchronized boolean isStarted() {
        return storageClasses != null;
    }

    public synchronized void stop() {
        all.forEach(SharedIndexInformer::stop);
        all.clear();
    }

    public List<ProtectedApplication> applications() {
        return applications.getStore().list();
    }

    public List<SnapshotSchedule> schedules() {
        return schedules.getStore().list();
    }

    public List<MigrationLocation> locations() {
        return locations.getStore().list();
    }

    public List<PersistentVolumeClaim> claims() {
        return claims.getStore().list();
    }

    public List<PersistentVolume> volumes() {
        return volumes.getStore().list();
    }

    public List<StorageClass> storageClasses() {
        return storageClasses.getStore().list();
    }

    private <T> SharedIndexInformer<T> track(SharedIndexInformer<T> informer) {
        all.add(informer);
        return informer;
    }

    /** Any add, update or delete wakes the reconciler, which looks at everything again. */
    private record OnAnyChange(Runnable onChange) implements ResourceEventHandler<Object> {

        @Override
        public void onAdd(Object obj) {
            onChange.run();
        }

        @Override
        public void onUpdate(Object oldObj, Object newObj) {
            onChange.run();
        }

        @Override
        public void onDelete(Object obj, boolean deletedFinalStateUnknown) {
            onChange.run();
        }
    }
}
