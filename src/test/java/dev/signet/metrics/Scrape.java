package dev.signet.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads sample values out of a Prometheus text exposition, as a scraper would. */
final class Scrape {
    private Scrape() {
    }

    /**
     * The value of the sample with this name whose labels include every given {@code name="value"}
     * pair (in any order), or null when there is none. Label values may hold braces (route templates),
     * so the labels end at the last "} " of the line.
     */
    static Double value(String exposition, String name, String... labels) {
        List<Double> values = values(exposition, name, labels);
        return values.isEmpty() ? null : values.get(0);
    }

    /** The sum of every sample with this name whose labels include the given pairs (0 when there is none). */
    static double sum(String exposition, String name, String... labels) {
        return values(exposition, name, labels).stream().mapToDouble(Double::doubleValue).sum();
    }

    private static List<Double> values(String exposition, String name, String... labels) {
        Pattern line = Pattern.compile("^" + Pattern.quote(name) + "\\{(.*)\\} (\\S+)$", Pattern.MULTILINE);
        Matcher m = line.matcher(exposition);
        List<Double> found = new ArrayList<>();
        while (m.find()) {
            String have = "," + m.group(1) + ",";
            boolean all = true;
            for (String label : labels) {
                all &= have.contains("," + label + ",");
            }
            if (all) {
                found.add(Double.parseDouble(m.group(2)));
            }
        }
        return found;
    }
}
