package io.datamover.kube.kubernetes;

import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The conditions of the moves of each group (by group id, then type), kept until the next change of the same type:
 * {@code Exported} from the reconciler, {@code Moved} from the decisions. A ProtectedApplication of the group at this
 * site shows them in its status.
 */
public class MoveConditions {

    public static final String EXPORTED = "Exported";
    public static final String MOVED = "Moved";

    private final Map<String, Map<String, Condition>> byGroup = new ConcurrentHashMap<>();

    public void put(String groupId, Condition condition) {
        byGroup.compute(groupId, (id, conditions) -> {
            Map<String, Condition> next = conditions == null ? new TreeMap<>() : new TreeMap<>(conditions);
            next.put(condition.getType(), condition);
            return next;
        });
    }

    /** The group's conditions, by type. */
    public List<Condition> of(String groupId) {
        return List.copyOf(byGroup.getOrDefault(groupId, Map.of()).values());
    }
}
