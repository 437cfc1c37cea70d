package dev.signet.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One reading of a node's GET /metrics (Prometheus text format): every sample as metric name, labels
 * and value, so that the benchmark can subtract a reading before a phase from one after it.
 */
record MetricsScrape(List<Sample> samples) {
    /** JDBC round trips by route template and method; route "background" for work outside requests. */
    static final String ROUND_TRIPS = "signet_db_round_trips_total";
    static final String REQUESTS = "http_server_requests_seconds_count";

    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    record Sample(String name, Map<String, String> labels, double value) {
        String label(String key) {
            return labels.getOrDefault(key, "");
        }
    }

    static MetricsScrape parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            line = line.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            String name;
            Map<String, String> labels = new LinkedHashMap<>();
            if (brace >= 0 && brace < space) {
                name = line.substring(0, brace);
                Matcher m = LABEL.matcher(line.substring(brace + 1, line.lastIndexOf('}')));
                while (m.find()) {
                    labels.put(m.group(1), m.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
                }
            } else {
                name = line.substring(0, space).strip();
            }
            try {
                samples.add(new Sample(name, labels, Double.parseDouble(line.substring(space + 1))));
            } catch (NumberFormatException e) {
                // a sample with a timestamp or an odd value: not one we read
            }
        }
        return new MetricsScrape(samples);
    }

    boolean has(String name) {
        return samples.stream().anyMatch(s -> s.name.equals(name));
    }

    /** The sum of the samples of this metric whose labels pass the filter. */
    double sum(String name, Predicate<Sample> filter) {
        return samples.stream().filter(s -> s.name.equals(name) && filter.test(s)).mapToDouble(Sample::value).sum();
    }

    /** Round trips of requests to one route template with one method. */
    double roundTrips(String method, String route) {
        return sum(ROUND_TRIPS, s -> s.label("method").equals(method) && s.label("route").equals(route));
    }

    /** Round trips of everything: every route, and background work. */
    double allRoundTrips() {
        return sum(ROUND_TRIPS, s -> true);
    }

    /** Requests answered on one route template with one method, whatever the status. */
    double requests(String method, String route) {
        return sum(REQUESTS, s -> s.label("method").equals(method) && s.label("route").equals(route));
    }
}
