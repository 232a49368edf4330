package io.datamover.kube.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.ArrayList;
import java.util.List;

/** The spec of a {@link ProtectedApplication}. */
public class ProtectedApplicationSpec {

    @JsonPropertyDescription("The namespace the application runs in.")
    private String namespace;

    @JsonPropertyDescription("Selects the application's PersistentVolumeClaims (and the objects that run it) by"
            + " label; must not be empty.")
    private LabelSelector selector;

    @JsonPropertyDescription("Name of the SnapshotSchedule, in the controller's namespace.")
    private String schedule;

    @JsonPropertyDescription("Names of the MigrationLocations to replicate to, in the controller's namespace.")
    private List<String> locations = new ArrayList<>();

    @JsonPropertyDescription("Commands run in a pod of the application around each group snapshot; optional.")
    private Hooks hooks;

    @JsonPropertyDescription("Priority of the application when placement chooses what to move; higher first.")
    private Integer priority;

    public String getNamespace() {
        return namespace;
    }

    public void setNamespace(String namespace) {
        this.namespace = namespace;
    }

    public LabelSelector getSelector() {
        return selector;
    }

    public void setSelector(LabelSelector selector) {
        this.selector = selector;
    }

    public String getSchedule() {
        return schedule;
    }

    public void setSchedule(String schedule) {
        this.schedule = schedule;
    }

    public List<String> getLocations() {
        return locations;
    }

    public void setLocations(List<String> locations) {
        this.locations = locations == null ? new ArrayList<>() : locations;
    }

    public Hooks getHooks() {
        return hooks;
    }

    public void setHooks(Hooks hooks) {
        this.hooks = hooks;
    }

    public Integer getPriority() {
        return priority;
    }

    public void setPriority(Integer priority) {
        this.priority = priority;
    }
}
