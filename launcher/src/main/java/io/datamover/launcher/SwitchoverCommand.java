package io.datamover.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import io.datamover.events.Fields;
import io.datamover.launcher.cluster.ClusterInfo;
import io.datamover.launcher.cluster.SiteEndpoints;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ./datamover switchover}: moves a volume group's primary to another site now, and follows the move. */
@Command(name = "switchover",
        mixinStandardHelpOptions = true,
        description = {
            "Asks placement to move the primary of a volume group to another site now (or to the site with",
            "the most headroom), then follows the decision step by step until the group is committed at the",
            "target, or the switchover is aborted or rejected, and says why. Exits 0 once committed, 1 otherwise.",
            "Talks to the placement-services of the running demo (found through <work-dir>/cluster.json)."})
public final class SwitchoverCommand implements Callable<Integer> {

    private static final Set<String> FINAL_STEPS = Set.of("committed", "aborted", "rejected");

    @Option(names = "--group", required = true, description = "The volume group to move (a volume outside any group"
            + " is a group named after it).")
    String group;

    @Option(names = "--to", paramLabel = "SITE", description = "The site to move to. Default: placement chooses the"
            + " site with the most headroom.")
    String target;

    @Option(names = "--reason", defaultValue = "requested by an operator",
            description = "Why, for the decision's cause. Default: ${DEFAULT-VALUE}.")
    String reason;

    @Option(names = "--work-dir", defaultValue = ".datamover/demo",
            description = "Work dir of a running demo. Default: ${DEFAULT-VALUE}.")
    Path workDir;

    @Option(names = "--timeout", defaultValue = "300", paramLabel = "SECONDS",
            description = "How long to follow the switchover. Default: ${DEFAULT-VALUE} s.")
    long timeoutSeconds;

    @Option(names = "--no-wait", description = "Only ask; do not follow the decision.")
    boolean noWait;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        requireId("--group", group);
        if (target != null) {
            requireId("--to", target);
        }
        Map<String, URI> placements = new LinkedHashMap<>();
        for (SiteEndpoints site : ClusterInfo.read(workDir, "--work-dir of a running demo").sites()) {
            placements.put(site.site(), site.placement());
        }
        PrintWriter out = spec.commandLine().getOut();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reason", reason);
        if (target != null) {
            body.put("targetSite", target);
        }
        JsonNode accepted = Http.post(placements.values().iterator().next().resolve("/groups/" + group
                + "/switchover"), body);
        String coordinator = accepted.path("coordinatorSite").asText();
        out.printf("asked placement to switch over group %s%s; %s coordinates (request %s)%n", group,
                target == null ? "" : " to " + target, coordinator, accepted.path("requestId").asText());
        out.flush();
        if (noWait) {
            return 0;
        }
        URI decisions = placements.getOrDefault(coordinator, placements.values().iterator().next())
                .resolve("/decisions");
        return follow(decisions, accepted.path("rejectionId").asText(), out);
    }

    /** Prints each new step of the group's decision opened since the request, until a final one. */
    private int follow(URI decisions, String rejectionId, PrintWriter out) {
        Instant asked = Instant.now().minusSeconds(1);
        Instant deadline = Instant.now().plusSeconds(timeoutSeconds);
        Set<String> seen = new HashSet<>();
        while (Instant.now().isBefore(deadline)) {
            for (JsonNode decision : Http.get(decisions)) {
                boolean ours = decision.path("decisionId").asText().equals(rejectionId)
                        || decision.path("groupId").asText().equals(group)
                        && !Instant.parse(decision.path("openedAt").asText()).isBefore(asked);
                String step = decision.path("step").asText();
                if (ours && seen.add(decision.path("decisionId").asText() + "/" + step)) {
                    out.printf("%s  %-14s %s%n", decision.path("stepAt").asText(), step,
                            decision.path("cause").asText());
                    out.flush();
                    if (FINAL_STEPS.contains(step)) {
                        return step.equals("committed") ? 0 : 1;
                    }
                }
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
        throw new IllegalStateException("group " + group + " reached no final step within " + timeoutSeconds
                + " s; follow it with ./datamover status");
    }

    private void requireId(String option, String value) {
        if (!Fields.isValidId(value)) {
            throw new ParameterException(spec.commandLine(), option + " '" + value + "' is not a valid id"
                    + " (lower-case letters, digits and '-', 1 to 63 characters)");
        }
    }
}
