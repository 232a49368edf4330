package io.datamover.launcher;

import io.datamover.events.CloudEvents;
import io.datamover.events.EventJson;
import io.datamover.events.Fields;
import io.datamover.events.SiteMetrics;
import io.datamover.launcher.cluster.ClusterInfo;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ./datamover metrics}: reports a site's power and cooling, as its facility systems would. */
@Command(name = "metrics",
        mixinStandardHelpOptions = true,
        description = {
            "Publishes a site-metrics event for --site, as its facility systems would: the power available",
            "and drawn, the cooling capacity and the heat load, in kW. Publishes to the broker of the running",
            "demo (found through <work-dir>/cluster.json) unless --bootstrap-servers is given, and returns",
            "once the broker has the event."})
public final class MetricsCommand implements Callable<Integer> {

    static final Duration SEND_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    private static final String SUMMARY = "published site-metrics for %s: power %.1f of %.1f kW drawn"
            + " (headroom %.1f kW), cooling %.1f of %.1f kW (headroom %.1f kW), event %s";

    @Option(names = "--site", required = true, description = "The site the metrics are of, e.g. stockholm.")
    String site;

    @Option(names = "--power-available-kw", required = true, paramLabel = "KW", converter = Kilowatts.class,
            description = "Power the site can draw, in kW.")
    double powerAvailableKw;

    @Option(names = "--power-draw-kw", required = true, paramLabel = "KW", converter = Kilowatts.class,
            description = "Power the site draws, in kW.")
    double powerDrawKw;

    @Option(names = "--cooling-capacity-kw", required = true, paramLabel = "KW", converter = Kilowatts.class,
            description = "Heat the site's cooling can remove, in kW.")
    double coolingCapacityKw;

    @Option(names = "--heat-load-kw", required = true, paramLabel = "KW", converter = Kilowatts.class,
            description = "Heat the site gives off, in kW.")
    double heatLoadKw;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "Kafka to publish to. Default: the broker of the running demo.")
    String bootstrapServers;

    @Option(names = "--work-dir", defaultValue = ".datamover/demo",
            description = "Work dir of a running demo. Default: ${DEFAULT-VALUE}.")
    Path workDir;

    @Option(names = "--json", description = "Print the published event as JSON, for scripts.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!Fields.isValidId(site)) {
            throw new ParameterException(spec.commandLine(), "--site '" + site + "' is not a valid id"
                    + " (lower-case letters, digits and '-', 1 to 63 characters)");
        }
        SiteMetrics metrics = SiteMetrics.of(site, powerAvailableKw, powerDrawKw, coolingCapacityKw, heatLoadKw);
        publish(metrics, bootstrapServers != null ? bootstrapServers
                : ClusterInfo.read(workDir, "--bootstrap-servers").bootstrapServers());
        PrintWriter out = spec.commandLine().getOut();
        out.println(json ? EventJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(metrics)
                : summary(metrics));
        out.flush();
        return 0;
    }

    /**
     * Sends with a producer of its own rather than an EventPublisher, whose producer may block for a minute on a
     * broker that does not answer: a command someone typed should give up sooner.
     */
    static void publish(SiteMetrics metrics, String bootstrapServers) throws InterruptedException {
        KafkaProducer<String, byte[]> producer = producer(metrics, bootstrapServers);
        try {
            producer.send(CloudEvents.record(metrics, CloudEvents.source(metrics.site(), "cli")))
                    .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw cannotPublish(metrics, bootstrapServers, e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            String reason = "no acknowledgement within " + SEND_TIMEOUT.toSeconds() + " s";
            throw cannotPublish(metrics, bootstrapServers, reason, e);
        } finally {
            producer.close(CLOSE_TIMEOUT);
        }
    }

    private static KafkaProducer<String, byte[]> producer(SiteMetrics metrics, String bootstrapServers) {
        int timeout = (int) SEND_TIMEOUT.toMillis();
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeout,
                ProducerConfig.CLIENT_ID_CONFIG, "datamover-cli-metrics");
        try {
            return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        } catch (KafkaException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw cannotPublish(metrics, bootstrapServers, cause.getMessage(), cause);
        }
    }

    private static IllegalStateException cannotPublish(SiteMetrics metrics, String bootstrapServers, String reason,
            Throwable cause) {
        return new IllegalStateException("cannot publish site-metrics for " + metrics.site() + " to Kafka at "
                + bootstrapServers + ": " + reason, cause);
    }

    /** {@code published site-metrics for stockholm: power 120.0 of 150.0 kW drawn (headroom 30.0 kW), ...}. */
    static String summary(SiteMetrics m) {
        return String.format(Locale.ROOT, SUMMARY, m.site(), m.powerDrawKw(), m.powerAvailableKw(),
                m.powerAvailableKw() - m.powerDrawKw(), m.heatLoadKw(), m.coolingCapacityKw(),
                m.coolingCapacityKw() - m.heatLoadKw(), m.eventId());
    }
}
