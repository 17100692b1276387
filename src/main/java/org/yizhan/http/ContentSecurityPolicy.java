package org.yizhan.http;

import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashSet;
import java.util.Set;
import org.yizhan.AppConfig;

/**
 * The Content-Security-Policy of the map page and its files: scripts, styles, fonts and requests from
 * this origin only; images also from the configured base-tile hosts ({@code YIZHAN_TILE_URL}, 天地图) and
 * {@code data:} (Leaflet's inline icons) and {@code blob:}; MapLibre's worker from a {@code blob:} URL (the
 * bundle carries its code; scripts themselves stay 'self'); no plug-ins, no framing, forms and
 * {@code <base>} to this origin.
 * The page has no inline script or style (Leaflet sets styles through the DOM, which CSP allows).
 */
public final class ContentSecurityPolicy {
    static final String TIANDITU_HOSTS = "https://*.tianditu.gov.cn";

    private final String policy;

    public ContentSecurityPolicy(AppConfig.Tiles tiles) {
        Set<String> images = new LinkedHashSet<>();
        images.add("'self'");
        images.add("data:");
        images.add("blob:");
        if (tiles != null && tiles.url() != null) {
            String host = tileSource(tiles.url());
            if (host != null) {
                images.add(host);
            }
        }
        if (tiles != null && tiles.tiandituKey() != null) {
            images.add(TIANDITU_HOSTS);
        }
        policy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src " + String.join(" ", images)
                + "; connect-src 'self'; font-src 'self'; worker-src 'self' blob:; child-src 'self' blob:;"
                + " object-src 'none'; base-uri 'self'; form-action 'self';"
                + " frame-ancestors 'none'";
    }

    /** The header's value. */
    public String policy() {
        return policy;
    }

    public void handle(RoutingContext ctx) {
        ctx.response().putHeader("Content-Security-Policy", policy);
        ctx.next();
    }

    /**
     * The CSP source of a tile URL template: its scheme, host and port, with a {@code {s}} sub-domain
     * label as {@code *}; null for a template on this server ({@code /…}, covered by 'self').
     */
    static String tileSource(String template) {
        if (template.startsWith("/")) {
            return null;
        }
        int start = template.indexOf("://") + 3;
        int end = template.indexOf('/', start);
        String scheme = template.substring(0, start - 3);
        String authority = template.substring(start, end < 0 ? template.length() : end);
        String[] labels = authority.split("\\.", -1);
        if (labels[0].contains("{")) {
            labels[0] = "*";
        }
        String host = String.join(".", labels);
        if (host.contains("{")) {
            // A placeholder past the first label: CSP cannot say that; allow the scheme's hosts.
            return scheme + ":";
        }
        return scheme + "://" + host;
    }
}
