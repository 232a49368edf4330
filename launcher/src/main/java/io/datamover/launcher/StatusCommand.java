package io.datamover.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import io.datamover.events.EventJson;
import io.datamover.launcher.cluster.ClusterInfo;
import java.net.URI;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./datamover status}: the volumes, their primaries and their replicas, as placement sees them. */
@Command(name = "status",
        mixinStandardHelpOptions = true,
        description = {
            "Shows every volume known to placement: its primary site, latest snapshot, and per replica the",
            "last consistent snapshot and the lag in bytes and seconds. Asks the placement-service of the",
            "running demo (found through <work-dir>/cluster.json) unless --placement-url is given."})
public final class StatusCommand implements Callable<Integer> {

    @Option(names = "--placement-url", description = "Base URL of a placement-service, e.g. http://127.0.0.1:8095.")
    URI placementUrl;

    @Option(names = "--work-dir", defaultValue = ".datamover/demo",
            description = "Work dir of a running demo. Default: ${DEFAULT-VALUE}.")
    Path workDir;

    @Option(names = "--json", description = "Print placement's JSON as it is, for scripts.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        URI placement = placementUrl != null ? placementUrl : ClusterInfo.read(workDir).sites().get(0).placement();
        JsonNode volumes = Http.get(placement.resolve("/volumes"));
        if (json) {
            System.out.println(EventJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(volumes));
            return 0;
        }
        if (volumes.isEmpty()) {
            System.out.println("No volumes yet.");
        }
        String format = "%-20s %-12s %8s   %-12s %10s %12s %8s  %s%n";
        System.out.printf(format, "VOLUME", "PRIMARY", "LATEST", "REPLICA", "CONSISTENT", "LAG BYTES", "LAG S", "STATE");
        for (JsonNode volume : volumes) {
            Iterator<Map.Entry<String, JsonNode>> replicas = volume.path("replicas").properties().iterator();
            if (!replicas.hasNext()) {
                System.out.printf(format, volume.path("volumeId").asText(), volume.path("primarySite").asText("-"),
                        volume.path("latestSnapshot").asText("-"), "-", "-", "-", "-", "-");
            }
            while (replicas.hasNext()) {
                JsonNode replica = replicas.next().getValue();
                System.out.printf(format, volume.path("volumeId").asText(), volume.path("primarySite").asText("-"),
                        volume.path("latestSnapshot").asText("-"), replica.path("site").asText(),
                        replica.path("consistentSnapshot").asText("-"),
                        ByteSize.format(replica.path("lagBytes").asLong()), replica.path("lagSeconds").asText(),
                        replica.path("state").asText());
            }
        }
        return 0;
    }
}
