package io.datamover.launcher;

import static io.datamover.runtime.TopicReader.header;
import static org.assertj.core.api.Assertions.assertThat;

import io.datamover.events.EventJson;
import io.datamover.events.SiteMetrics;
import io.datamover.events.Topics;
import io.datamover.launcher.cluster.ClusterInfo;
import io.datamover.runtime.SharedKafka;
import io.datamover.runtime.TestEvents;
import io.datamover.runtime.TopicReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ./datamover metrics} against a real broker, its event read back by a real consumer. */
class MetricsCommandIT {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final String site = TestEvents.uniqueId("metrics");
    private TopicReader siteMetrics;

    @BeforeEach
    void readSiteMetricsFromNowOn() {
        siteMetrics = TopicReader.fromEnd(Topics.SITE_METRICS);
    }

    @AfterEach
    void closeReader() {
        siteMetrics.close();
    }

    @Test
    void shouldPublishTheMetricsKeyedBySiteWithCloudEventsHeaders() {
        int exit = run("--bootstrap-servers", SharedKafka.bootstrapServers());

        assertThat(exit).as("exit code; stderr: %s", err).isZero();
        ConsumerRecord<String, String> record = awaitRecordOfSite();
        SiteMetrics metrics = EventJson.read(record.value(), SiteMetrics.class);
        assertThat(metrics.site()).isEqualTo(site);
        assertThat(metrics.powerAvailableKw()).isEqualTo(150.0);
        assertThat(metrics.powerDrawKw()).isEqualTo(120.0);
        assertThat(metrics.coolingCapacityKw()).isEqualTo(100.0);
        assertThat(metrics.heatLoadKw()).isEqualTo(95.5);
        assertThat(header(record, "ce_type")).isEqualTo("io.datamover.site-metrics");
        assertThat(header(record, "ce_source")).isEqualTo("/sites/" + site + "/cli");
        assertThat(header(record, "ce_id")).isEqualTo(metrics.eventId());
        assertThat(out.toString()).isEqualTo(MetricsCommand.summary(metrics) + System.lineSeparator());
    }

    @Test
    void shouldFindTheBrokerOfTheRunningDemoAndPrintTheEventAsJson(@TempDir Path workDir) throws IOException {
        new ClusterInfo(SharedKafka.bootstrapServers(), List.of()).write(workDir);

        int exit = run("--work-dir", workDir.toString(), "--json");

        assertThat(exit).as("exit code; stderr: %s", err).isZero();
        SiteMetrics published = EventJson.read(awaitRecordOfSite().value(), SiteMetrics.class);
        assertThat(EventJson.read(out.toString(), SiteMetrics.class)).isEqualTo(published);
        assertThat(out.toString()).contains("\"heatLoadKw\" : 95.5");
    }

    @Test
    void shouldNameTheBootstrapServersWhenNoBrokerAnswers() {
        int exit = run("--bootstrap-servers", "127.0.0.1:1");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("cannot publish site-metrics for " + site + " to Kafka at 127.0.0.1:1: ");
        assertThat(out.toString()).isEmpty();
    }

    private ConsumerRecord<String, String> awaitRecordOfSite() {
        return siteMetrics.await("site-metrics of " + site, record -> site.equals(record.key()));
    }

    private int run(String... options) {
        CommandLine cli = Datamover.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        List<String> args = new ArrayList<>(List.of("metrics", "--site", site, "--power-available-kw",
                "150", "--power-draw-kw", "120", "--cooling-capacity-kw", "100", "--heat-load-kw", "95.5"));
        args.addAll(List.of(options));
        return cli.execute(args.toArray(String[]::new));
    }
}
