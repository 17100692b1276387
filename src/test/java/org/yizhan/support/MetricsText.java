package org.yizhan.support;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading samples out of a Prometheus text scrape. */
public final class MetricsText {

    private MetricsText() {}

    /** The value of the sample {@code name{labels}} (labels in any order, all of {@code having}); NaN when absent. */
    public static double sample(String text, String name, String... having) {
        Matcher m = Pattern.compile("^" + name + "(?:\\{([^}]*)\\})? (\\S+)$", Pattern.MULTILINE)
                .matcher(text);
        while (m.find()) {
            String labels = m.group(1) == null ? "" : m.group(1);
            if (java.util.Arrays.stream(having).allMatch(labels::contains)) {
                return Double.parseDouble(m.group(2));
            }
        }
        return Double.NaN;
    }
}
