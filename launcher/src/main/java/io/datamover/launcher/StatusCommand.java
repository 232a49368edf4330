package io.datamover.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datamover.events.EventJson;
import io.datamover.launcher.cluster.ClusterInfo;
import io.datamover.launcher.cluster.SiteEndpoints;
import java.net.URI;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./datamover status}: volumes, primaries, replicas, sites and decisions under way, as placement sees them. */
@Command(name = "status",
        mixinStandardHelpOptions = true,
        description = {
            "Shows every volume known to placement: its primary site, latest snapshot, and per replica the",
            "last consistent snapshot, the lag in bytes and seconds, and the transfer under way with its",
            "rate and time to go; every known site with its power and cooling headroom and heartbeat; and",
            "the placement decisions under way (switchovers and their step). Asks the placement-services of",
            "the running demo (found through <work-dir>/cluster.json) unless --placement-url is given."})
public final class StatusCommand implements Callable<Integer> {

    private static final String ROW = "%-20s %-12s %8s   %-12s %10s %12s %8s  %s%n";
    private static final String SITE_ROW = "%-12s %-8s %9s %11s  %-5s  %s%n";
    private static final String DECISION_ROW = "%-20s %-11s %-15s %-12s %-12s %s%n";

    @Option(names = "--placement-url", description = "Base URL of a placement-service, e.g. http://127.0.0.1:8095.")
    URI placementUrl;

    @Option(names = "--work-dir", defaultValue = ".datamover/demo",
            description = "Work dir of a running demo. Default: ${DEFAULT-VALUE}.")
    Path workDir;

    @Option(names = "--json", description = "Print placement's JSON as it is, for scripts: an object with volumes,"
            + " sites and the decisions under way.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        List<URI> placements = placementUrl != null ? List.of(placementUrl)
                : ClusterInfo.read(workDir, "--placement-url").sites().stream().map(SiteEndpoints::placement).toList();
        URI placement = placements.get(0);
        JsonNode volumes = Http.get(placement.resolve("/volumes"));
        JsonNode sites = Http.get(placement.resolve("/sites"));
        ArrayNode decisions = EventJson.mapper().createArrayNode();
        for (URI each : placements) {
            Http.get(each.resolve("/decisions?open=true")).forEach(decisions::add);
        }
        if (json) {
            ObjectNode all = EventJson.mapper().createObjectNode();
            all.set("volumes", volumes);
            all.set("sites", sites);
            all.set("decisions", decisions);
            System.out.println(EventJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(all));
        } else {
            System.out.print(table(volumes));
            System.out.println();
            System.out.print(sitesTable(sites));
            System.out.println();
            System.out.print(decisionsTable(decisions));
        }
        return 0;
    }

    /** A row per known site: its state, headroom, heartbeat and shortage. */
    static String sitesTable(JsonNode sites) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, SITE_ROW, "SITE", "STATE", "POWER KW",
                "COOLING KW", "ALIVE", "DETAIL"));
        for (JsonNode site : sites) {
            out.append(String.format(Locale.ROOT, SITE_ROW, site.path("site").asText(), site.path("state").asText(),
                    kw(site.path("powerHeadroomKw")), kw(site.path("coolingHeadroomKw")),
                    site.path("alive").asBoolean() ? "yes" : "no", site.path("detail").asText()));
        }
        return out.toString();
    }

    /** The decisions under way at every site, or a line saying there are none. */
    static String decisionsTable(JsonNode decisions) {
        if (decisions.isEmpty()) {
            return "No placement decision under way.\n";
        }
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, DECISION_ROW, "GROUP", "DECISION", "STEP",
                "FROM", "TO", "CAUSE"));
        for (JsonNode decision : decisions) {
            out.append(String.format(Locale.ROOT, DECISION_ROW, decision.path("groupId").asText(),
                    decision.path("type").asText(), decision.path("step").asText(),
                    decision.path("fromSite").asText(), decision.path("site").asText(),
                    decision.path("cause").asText()));
        }
        return out.toString();
    }

    private static String kw(JsonNode value) {
        return value.isNumber() ? String.format(Locale.ROOT, "%.1f", value.asDouble()) : "-";
    }

    /** Placement's volumes as a table: a row per replica, and under it the transfer to it under way, if any. */
    static String table(JsonNode volumes) {
        StringBuilder out = new StringBuilder();
        if (volumes.isEmpty()) {
            out.append("No volumes yet.\n");
        }
        out.append(String.format(Locale.ROOT, ROW, "VOLUME", "PRIMARY", "LATEST", "REPLICA", "CONSISTENT",
                "LAG BYTES", "LAG S", "STATE"));
        for (JsonNode volume : volumes) {
            String id = volume.path("volumeId").asText();
            String primary = volume.path("primarySite").asText("-");
            String latest = volume.path("latestSnapshot").asText("-");
            Iterator<Map.Entry<String, JsonNode>> replicas = volume.path("replicas").properties().iterator();
            if (!replicas.hasNext()) {
                out.append(String.format(Locale.ROOT, ROW, id, primary, latest, "-", "-", "-", "-", "-"));
            }
            while (replicas.hasNext()) {
                JsonNode replica = replicas.next().getValue();
                out.append(String.format(Locale.ROOT, ROW, id, primary, latest, replica.path("site").asText(),
                        replica.path("consistentSnapshot").asText("-"),
                        ByteSize.format(replica.path("lagBytes").asLong()), replica.path("lagSeconds").asText(),
                        replica.path("state").asText()));
                JsonNode transfer = replica.path("transfer");
                if (transfer.isObject()) {
                    out.append(String.format(Locale.ROOT, "%-20s transferring %s%n", "", transfer(transfer)));
                }
            }
        }
        return out.toString();
    }

    /** {@code 2: 512.0 MiB / 1.0 GiB (50%), 30.0 MiB/s, 17 s to go}. */
    static String transfer(JsonNode transfer) {
        long done = transfer.path("bytesDone").asLong();
        long total = transfer.path("bytesTotal").asLong();
        long percent = total == 0 ? 100 : done * 100 / total;
        String progress = String.format(Locale.ROOT, "%d: %s / %s (%d%%)", transfer.path("snapshot").asLong(),
                ByteSize.format(done), ByteSize.format(total), percent);
        JsonNode rate = transfer.path("bytesPerSecond");
        if (!rate.isIntegralNumber()) {
            return progress + ", rate not known yet";
        }
        JsonNode secondsToGo = transfer.path("secondsToGo");
        return progress + ", " + ByteSize.format(rate.asLong()) + "/s, "
                + (secondsToGo.isIntegralNumber() ? duration(secondsToGo.asLong()) + " to go" : "stalled");
    }

    /** {@code 17 s}, {@code 4 min 10 s}, {@code 2 h 5 min}. */
    static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min " + seconds % 60 + " s";
        }
        return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
    }
}
