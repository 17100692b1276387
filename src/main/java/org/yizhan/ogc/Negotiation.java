package org.yizhan.ogc;

import java.util.List;
import java.util.Locale;

/**
 * Picks a response media type from the {@code Accept} header (RFC 9110 §12.5.1): for each offered type
 * the quality of the most specific matching range counts ({@code type/subtype} over {@code type/*} over
 * {@code *}{@code /*}); the best quality above 0 wins, ties go to the earlier offer. Parameters other than
 * {@code q} are ignored. Stateless.
 */
final class Negotiation {
    /** Most media ranges read from one header. */
    private static final int MAX_RANGES = 50;

    private Negotiation() {}

    /** The chosen offer, the first offer when there is no header, or null when nothing is acceptable. */
    static String choose(String accept, List<String> offers) {
        if (accept == null || accept.isBlank()) {
            return offers.get(0);
        }
        String[] ranges = accept.split(",", MAX_RANGES + 1);
        String best = null;
        double bestQ = 0;
        for (String offer : offers) {
            double q = quality(ranges, offer);
            if (q > bestQ) {
                best = offer;
                bestQ = q;
            }
        }
        return best;
    }

    private static double quality(String[] ranges, String offer) {
        String type = offer.substring(0, offer.indexOf('/'));
        int bestSpecificity = -1;
        double q = 0;
        for (int i = 0; i < Math.min(ranges.length, MAX_RANGES); i++) {
            String[] parts = ranges[i].split(";");
            String range = parts[0].trim().toLowerCase(Locale.ROOT);
            int specificity;
            if (range.equals(offer)) {
                specificity = 2;
            } else if (range.equals(type + "/*")) {
                specificity = 1;
            } else if (range.equals("*/*") || range.equals("*")) {
                specificity = 0;
            } else {
                continue;
            }
            if (specificity > bestSpecificity) {
                bestSpecificity = specificity;
                q = qValue(parts);
            }
        }
        return q;
    }

    private static double qValue(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            if (p.startsWith("q=") || p.startsWith("Q=")) {
                try {
                    double q = Double.parseDouble(p.substring(2).trim());
                    return q >= 0 && q <= 1 ? q : 0;
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }
}
