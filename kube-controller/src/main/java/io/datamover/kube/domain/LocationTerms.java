package io.datamover.kube.domain;

import io.datamover.events.Fields;
import io.datamover.kube.crd.MigrationLocationSpec;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a valid MigrationLocation stands for: the site to replicate to, and how an application's objects change on
 * their way there.
 */
public record LocationTerms(String site, ObjectMapping mapping) {

    private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9._-]+:(\\d{1,5})");

    /** Checks a location's spec as the controller of {@code ownSite} sees it: a location is another site. */
    public static Checked<LocationTerms> check(MigrationLocationSpec spec, String ownSite) {
        if (spec == null) {
            return Checked.invalid(List.of(Problem.of("MissingSpec", "spec", "is required")));
        }
        List<Problem> problems = new ArrayList<>();
        if (!Fields.isValidId(spec.getSite())) {
            problems.add(Problem.of("InvalidSite", "spec.site", "is not a site id: '" + spec.getSite()
                    + "' (a DNS label: lower-case letters, digits and '-', 1 to 63 characters)"));
        } else if (spec.getSite().equals(ownSite)) {
            problems.add(Problem.of("InvalidSite", "spec.site", "is this controller's own site '" + ownSite
                    + "': a location is a site to replicate to"));
        }
        if (!isHttpUrl(spec.getTransferEndpoint())) {
            problems.add(Problem.of("InvalidTransferEndpoint", "spec.transferEndpoint", "is not an http(s) URL with"
                    + " a host: '" + spec.getTransferEndpoint() + "'"));
        }
        if (!isBootstrapList(spec.getKafkaBootstrapServers())) {
            problems.add(Problem.of("InvalidKafkaBootstrapServers", "spec.kafkaBootstrapServers", "is not a"
                    + " comma-separated list of host:port: '" + spec.getKafkaBootstrapServers() + "'"));
        }
        String secret = spec.getTlsSecretName();
        if (secret != null && (secret.length() > 253 || !secret.matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?"))) {
            problems.add(Problem.of("InvalidTlsSecretName", "spec.tlsSecretName", "is not a Secret name: '" + secret
                    + "'"));
        }
        Checked<ObjectMapping> mapping = ObjectMapping.check(spec.getStorageClassMapping(), spec.getNamespaceMapping());
        problems.addAll(mapping.problems());
        return problems.isEmpty() ? Checked.valid(new LocationTerms(spec.getSite(), mapping.value()))
                : Checked.invalid(problems);
    }

    private static boolean isHttpUrl(String value) {
        if (value == null) {
            return false;
        }
        try {
            URI uri = new URI(value.strip());
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** Whether {@code value} is a comma-separated list of {@code host:port}, as Kafka's bootstrap servers are. */
    public static boolean isBootstrapList(String value) {
        if (value == null || value.isBlank()) {
            return false;
        }
        for (String server : value.split(",", -1)) {
            var matcher = HOST_PORT.matcher(server.strip());
            if (!matcher.matches()) {
                return false;
            }
            int port = Integer.parseInt(matcher.group(1));
            if (port < 1 || port > 65535) {
                return false;
            }
        }
        return true;
    }
}
