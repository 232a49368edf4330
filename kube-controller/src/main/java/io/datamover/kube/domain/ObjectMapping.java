package io.datamover.kube.domain;

import io.datamover.events.Fields;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * How an application's objects change on their way to a target site: its namespaces and storage classes renamed.
 * A name the mapping does not list stays as it is.
 *
 * @param storageClasses source storage class to target storage class
 * @param namespaces source namespace to target namespace
 */
public record ObjectMapping(Map<String, String> storageClasses, Map<String, String> namespaces) {

    public static final ObjectMapping NONE = new ObjectMapping(Map.of(), Map.of());

    public ObjectMapping {
        storageClasses = Map.copyOf(storageClasses);
        namespaces = Map.copyOf(namespaces);
    }

    public String namespace(String source) {
        return namespaces.getOrDefault(source, source);
    }

    public String storageClass(String source) {
        return source == null ? null : storageClasses.getOrDefault(source, source);
    }

    /**
     * Checks the mappings of a MigrationLocation's spec: namespaces are DNS labels, storage classes object names
     * (DNS subdomains), on both sides.
     */
    public static Checked<ObjectMapping> check(Map<String, String> storageClasses, Map<String, String> namespaces) {
        List<Problem> problems = new ArrayList<>();
        check("spec.storageClassMapping", "InvalidStorageClassMapping", "a storage class name", storageClasses,
                ObjectMapping::isObjectName, problems);
        check("spec.namespaceMapping", "InvalidNamespaceMapping", "a namespace name", namespaces, Fields::isValidId,
                problems);
        return problems.isEmpty()
                ? Checked.valid(new ObjectMapping(orEmpty(storageClasses), orEmpty(namespaces)))
                : Checked.invalid(problems);
    }

    private static void check(String field, String reason, String what, Map<String, String> mapping,
            Predicate<String> valid, List<Problem> problems) {
        for (Map.Entry<String, String> entry : orEmpty(mapping).entrySet()) {
            if (!valid.test(entry.getKey())) {
                problems.add(Problem.of(reason, field, "maps '" + entry.getKey() + "', which is not " + what));
            } else if (!valid.test(entry.getValue())) {
                problems.add(Problem.of(reason, field + "." + entry.getKey(), "is not " + what + ": '"
                        + entry.getValue() + "'"));
            }
        }
    }

    private static Map<String, String> orEmpty(Map<String, String> mapping) {
        return mapping == null ? Map.of() : new TreeMap<>(mapping);
    }

    /** A Kubernetes object name: DNS labels joined by '.', at most 253 characters. */
    static boolean isObjectName(String value) {
        if (value == null) {
            return false;
        }
        try {
            Fields.qualifiedId("name", value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
