package org.yizhan;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.yizhan.http.Bodies;

/**
 * {@code GET /config.json}: what the map page needs from the server's configuration — base tile layers.
 * An empty list when none are configured; the page then draws on a neutral background (offline, intranet,
 * tests).
 */
final class WebConfig {
    /** 天地图 WMTS in Web Mercator ({@code _w}); CGCS2000 coordinates match WGS 84 within centimetres. */
    private static final String TIANDITU = "https://t{s}.tianditu.gov.cn/%1$s_w/wmts?SERVICE=WMTS&REQUEST=GetTile"
            + "&VERSION=1.0.0&LAYER=%1$s&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}"
            + "&TILECOL={x}&tk=%2$s";

    private WebConfig() {}

    static void send(RoutingContext ctx, AppConfig.Tiles tiles) {
        JsonArray layers = new JsonArray();
        if (tiles != null && tiles.url() != null) {
            layers.add(new JsonObject()
                    .put("url", tiles.url())
                    .put("attribution", tiles.attribution() == null ? "" : tiles.attribution())
                    .put("subdomains", tiles.subdomains() == null ? "abc" : tiles.subdomains())
                    .put("max_zoom", tiles.maxZoom()));
        }
        if (tiles != null && tiles.tiandituKey() != null) {
            for (String layer : new String[] {"vec", "cva"}) {
                layers.add(new JsonObject()
                        .put("url", TIANDITU.formatted(layer, tiles.tiandituKey()))
                        .put("attribution", "© 天地图")
                        .put("subdomains", "01234567")
                        .put("max_zoom", 18));
            }
        }
        Bodies.json(ctx, 200, new JsonObject().put("tiles", layers));
    }
}
