package io.datamover.kube.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What every status of these resources holds: the generation it was computed for and standard conditions. */
public class ResourceStatus {

    @JsonPropertyDescription("The metadata.generation of the spec this status was computed for.")
    private Long observedGeneration;

    @JsonPropertyDescription("Standard conditions: type, status (True, False, Unknown), reason, message,"
            + " lastTransitionTime, observedGeneration.")
    private List<Condition> conditions = new ArrayList<>();

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions == null ? new ArrayList<>() : conditions;
    }

    @Override
    public boolean equals(Object other) {
        return other != null && getClass() == other.getClass()
                && Objects.equals(observedGeneration, ((ResourceStatus) other).observedGeneration)
                && Objects.equals(conditions, ((ResourceStatus) other).conditions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(observedGeneration, conditions);
    }
}
