package io.datamover.kube.domain;

import io.datamover.events.Fields;
import io.datamover.kube.crd.Hook;
import io.datamover.kube.crd.ProtectedApplicationSpec;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a valid ProtectedApplication asks for: the claims of {@code namespace} its {@code selector} matches, snapshotted
 * as its schedule says and replicated to its targets.
 *
 * @param hooks the hooks that are set, {@code pre} and {@code post}, each checked
 * @param priority the group's priority for placement, higher moves first; 0 when the spec names none
 */
public record ApplicationTerms(String namespace, LabelSelector selector, ScheduleTerms schedule, List<Target> targets,
        Map<String, Hook> hooks, int priority) {

    public static final int MAX_HOOK_TIMEOUT_SECONDS = 3600;
    /** A hook's {@code timeoutSeconds} when it names none. */
    public static final int DEFAULT_HOOK_TIMEOUT_SECONDS = 30;

    public ApplicationTerms {
        targets = List.copyOf(targets);
        hooks = Map.copyOf(hooks);
    }

    /** The sites to replicate to, in the order of the locations. */
    public List<String> targetSites() {
        return targets.stream().map(Target::site).toList();
    }

    /**
     * Checks an application's spec against the schedules and locations of the controller's namespace, each already
     * checked on its own: naming an invalid one is a problem of the application too.
     */
    public static Checked<ApplicationTerms> check(ProtectedApplicationSpec spec,
            Map<String, Checked<ScheduleTerms>> schedules, Map<String, Checked<LocationTerms>> locations) {
        if (spec == null) {
            return Checked.invalid(List.of(Problem.of("MissingSpec", "spec", "is required")));
        }
        List<Problem> problems = new ArrayList<>();
        if (!Fields.isValidId(spec.getNamespace())) {
            problems.add(Problem.of("InvalidNamespace", "spec.namespace", "is not a namespace name: '"
                    + spec.getNamespace() + "'"));
        }
        problems.addAll(LabelSelectors.check(spec.getSelector(), "spec.selector"));
        ScheduleTerms schedule = schedule(spec.getSchedule(), "spec.schedule", schedules, problems);
        List<Target> targets = targets(spec.getLocations(), "spec.locations", locations, problems);
        Map<String, Hook> hooks = new LinkedHashMap<>();
        if (spec.getHooks() != null) {
            hook("pre", spec.getHooks().getPre(), hooks, problems);
            hook("post", spec.getHooks().getPost(), hooks, problems);
        }
        Integer priority = spec.getPriority();
        if (priority != null && !Fields.isValidPriority(priority)) {
            problems.add(Problem.of("InvalidPriority", "spec.priority", Fields.priorityRange(priority)));
        }
        return problems.isEmpty()
                ? Checked.valid(new ApplicationTerms(spec.getNamespace(), spec.getSelector(), schedule, targets, hooks,
                        priority == null ? 0 : priority))
                : Checked.invalid(problems);
    }

    /** The schedule {@code name} (read from {@code field}) refers to, null with a problem added if there is none. */
    static ScheduleTerms schedule(String name, String field, Map<String, Checked<ScheduleTerms>> schedules,
            List<Problem> problems) {
        if (name == null || name.isBlank()) {
            problems.add(Problem.of("MissingSchedule", field, "is required: the name of a SnapshotSchedule"));
            return null;
        }
        Checked<ScheduleTerms> schedule = schedules.get(name);
        if (schedule == null) {
            problems.add(Problem.of("UnknownSchedule", field, "names SnapshotSchedule '" + name
                    + "', which does not exist"));
            return null;
        }
        if (!schedule.isValid()) {
            problems.add(Problem.of("InvalidSchedule", field, "names SnapshotSchedule '" + name
                    + "', which is invalid: " + Problem.messages(schedule.problems())));
        }
        return schedule.value();
    }

    /** The targets the location {@code names} (read from {@code field}) refer to, with a problem added for each bad one. */
    static List<Target> targets(List<String> names, String field, Map<String, Checked<LocationTerms>> locations,
            List<Problem> problems) {
        if (names == null || names.isEmpty()) {
            problems.add(Problem.of("MissingLocations", field, "must name at least one MigrationLocation"));
            return List.of();
        }
        List<Target> targets = new ArrayList<>();
        Set<String> sites = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String at = field + "[" + i + "]";
            String name = names.get(i);
            Checked<LocationTerms> location = name == null ? null : locations.get(name);
            if (location == null) {
                problems.add(Problem.of("UnknownLocation", at, "names MigrationLocation '" + name
                        + "', which does not exist"));
            } else if (!location.isValid()) {
                problems.add(Problem.of("InvalidLocation", at, "names MigrationLocation '" + name
                        + "', which is invalid: " + Problem.messages(location.problems())));
            } else if (!sites.add(location.value().site())) {
                problems.add(Problem.of("DuplicateLocation", at, "names site '" + location.value().site()
                        + "' a second time (MigrationLocation '" + name + "')"));
            } else {
                targets.add(new Target(name, location.value().site(), location.value().mapping()));
            }
        }
        return targets;
    }

    private static void hook(String which, Hook hook, Map<String, Hook> hooks, List<Problem> problems) {
        if (hook == null) {
            return;
        }
        String field = "spec.hooks." + which;
        int before = problems.size();
        List<String> command = hook.getCommand();
        if (command == null || command.isEmpty() || command.get(0) == null || command.get(0).isBlank()) {
            problems.add(Problem.of("InvalidHook", field + ".command", "must start with the command to run, as"
                    + " [\"command\", \"argument\", ...]"));
        } else if (command.stream().anyMatch(Objects::isNull)) {
            problems.add(Problem.of("InvalidHook", field + ".command", "must not hold null arguments"));
        }
        LabelSelectors.check(hook.getPodSelector(), field + ".podSelector").stream()
                .map(p -> new Problem("InvalidHook", p.field(), p.message()))
                .forEach(problems::add);
        if (hook.getContainer() != null && !Fields.isValidId(hook.getContainer())) {
            problems.add(Problem.of("InvalidHook", field + ".container", "is not a container name: '"
                    + hook.getContainer() + "'"));
        }
        Integer timeout = hook.getTimeoutSeconds();
        if (timeout != null && (timeout < 1 || timeout > MAX_HOOK_TIMEOUT_SECONDS)) {
            problems.add(Problem.of("InvalidHook", field + ".timeoutSeconds", "must lie between 1 and "
                    + MAX_HOOK_TIMEOUT_SECONDS + ", was " + timeout));
        }
        if (problems.size() == before) {
            hooks.put(which, hook);
        }
    }
}
