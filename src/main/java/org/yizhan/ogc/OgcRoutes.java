package org.yizhan.ogc;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yizhan.http.ApiException;
import org.yizhan.http.Params;

/**
 * OGC API – Features (Part 1 Core with GeoJSON, HTML and OpenAPI 3.0; Part 3 Filtering with CQL2) under
 * {@code /ogc}: HTTP only (parse, validate, negotiate, respond); SQL is in {@link OgcRepository}, the
 * collections and their queryables in {@link OgcCollection}, HTML in {@link OgcHtml}. Coordinates are
 * CRS84 (WGS 84 lon/lat) throughout. Links are absolute, built from the request's scheme and Host.
 */
public final class OgcRoutes {

    static final String CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";
    static final String OPENAPI_TYPE = "application/vnd.oai.openapi+json;version=3.0";
    static final String JSON = "application/json";
    static final String GEOJSON = "application/geo+json";
    static final String SCHEMA_JSON = "application/schema+json";
    static final String HTML = "text/html";
    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 10_000;

    /** The conformance classes this server implements. */
    static final List<String> CONFORMANCE = List.of(
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
            "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
            "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
            "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
            "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters",
            "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
            "http://www.opengis.net/spec/cql2/1.0/conf/cql2-json",
            "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
            "http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators",
            "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions");

    private static final Set<String> COMMON = Set.of("f", "lang");
    private static final Set<String> ITEM_PARAMS = Set.of(
            "f",
            "lang",
            "bbox",
            "bbox-crs",
            "limit",
            "datetime",
            "filter",
            "filter-lang",
            "filter-crs",
            "after",
            "before");
    private static final List<String> JSON_OFFERS = List.of(JSON, HTML);
    private static final List<String> GEOJSON_OFFERS = List.of(GEOJSON, JSON, HTML);
    private static final List<String> SCHEMA_OFFERS = List.of(SCHEMA_JSON, JSON, HTML);
    private static final List<String> OPENAPI_OFFERS = List.of("application/vnd.oai.openapi+json", JSON, HTML);

    private static final JsonObject OPENAPI = readOpenApi();

    private final OgcRepository repo;
    private final Clock clock;

    public OgcRoutes(OgcRepository repo, Clock clock) {
        this.repo = repo;
        this.clock = clock;
    }

    /** One request's shared facts: base URL, chosen format, language. */
    private record Req(RoutingContext ctx, String base, boolean html, boolean zh, String lang) {
        String path() {
            return ctx.request().path();
        }
    }

    // ------------------------------------------------------------------------------------ resources

    /** {@code GET /ogc}: the landing page. */
    public void landing(RoutingContext ctx) {
        Req r = req(ctx, COMMON, JSON_OFFERS);
        String b = r.base + "/ogc";
        JsonObject body = new JsonObject()
                .put("title", r.zh ? "驿站 OGC API – Features" : "Yizhan OGC API – Features")
                .put(
                        "description",
                        r.zh
                                ? "骑手驿站、停车点、用餐点和区域，按 OGC API – Features 标准提供（GeoJSON、HTML、CQL2 筛选）。"
                                : "Rider rest stations, parking, meal points and regions as OGC API – Features (GeoJSON, HTML, CQL2 filters).")
                .put(
                        "links",
                        new JsonArray()
                                .add(link(b + "?f=json", "self", JSON, "This document"))
                                .add(link(b + "?f=html", "alternate", HTML, "This document as HTML"))
                                .add(link(b + "/api", "service-desc", OPENAPI_TYPE, "The API definition (OpenAPI 3.0)"))
                                .add(link(b + "/api?f=html", "service-doc", HTML, "The API documentation"))
                                .add(link(b + "/conformance", "conformance", JSON, "Conformance classes"))
                                .add(link(
                                        b + "/conformance",
                                        "http://www.opengis.net/def/rel/ogc/1.0/conformance",
                                        JSON,
                                        "Conformance classes"))
                                .add(link(b + "/collections", "data", JSON, "Collections"))
                                .add(link(
                                        b + "/collections",
                                        "http://www.opengis.net/def/rel/ogc/1.0/data",
                                        JSON,
                                        "Collections")));
        respond(r, JSON, body, () -> OgcHtml.landing(body, r.zh, r.lang));
    }

    /** {@code GET /ogc/api}: the OpenAPI 3.0 document of the OGC API (HTML: a readable list of its paths). */
    public void api(RoutingContext ctx) {
        Req r = req(ctx, COMMON, OPENAPI_OFFERS);
        JsonObject doc = OPENAPI.copy();
        doc.put("servers", new JsonArray().add(new JsonObject().put("url", r.base + "/ogc")));
        respond(r, OPENAPI_TYPE, doc, () -> OgcHtml.api(doc, r.zh, r.lang));
    }

    /** {@code GET /ogc/conformance}. */
    public void conformance(RoutingContext ctx) {
        Req r = req(ctx, COMMON, JSON_OFFERS);
        JsonObject body = new JsonObject().put("conformsTo", new JsonArray(new ArrayList<>(CONFORMANCE)));
        respond(r, JSON, body, () -> OgcHtml.conformance(body, r.zh, r.lang));
    }

    /** {@code GET /ogc/collections}. */
    public void collections(RoutingContext ctx) {
        Req r = req(ctx, COMMON, JSON_OFFERS);
        List<Future<JsonObject>> each =
                OgcCollection.ALL.stream().map(c -> collectionJson(r, c)).toList();
        Future.all(each).onFailure(ctx::fail).onSuccess(all -> {
            String b = r.base + "/ogc/collections";
            JsonArray list = new JsonArray();
            each.forEach(f -> list.add(f.result()));
            JsonObject body = new JsonObject()
                    .put(
                            "links",
                            new JsonArray()
                                    .add(link(b + "?f=json", "self", JSON, "This document"))
                                    .add(link(b + "?f=html", "alternate", HTML, "This document as HTML")))
                    .put("collections", list);
            respond(r, JSON, body, () -> OgcHtml.collections(body, r.zh, r.lang));
        });
    }

    /** {@code GET /ogc/collections/{collectionId}}. */
    public void collection(RoutingContext ctx) {
        Req r = req(ctx, COMMON, JSON_OFFERS);
        OgcCollection c = collectionParam(ctx);
        collectionJson(r, c)
                .onFailure(ctx::fail)
                .onSuccess(body -> respond(r, JSON, body, () -> OgcHtml.collection(body, r.zh, r.lang)));
    }

    /** {@code GET /ogc/collections/{collectionId}/queryables}: a JSON Schema of the filterable properties. */
    public void queryables(RoutingContext ctx) {
        Req r = req(ctx, COMMON, SCHEMA_OFFERS);
        OgcCollection c = collectionParam(ctx);
        JsonObject props = new JsonObject();
        for (Queryable q : c.queryables().values()) {
            JsonObject p = new JsonObject().put("title", r.zh ? q.titleZh() : q.titleEn());
            switch (q.type()) {
                case STRING -> p.put("type", "string");
                case INTEGER -> p.put("type", "integer");
                case BOOLEAN -> p.put("type", "boolean");
                case TIMESTAMP -> p.put("type", "string").put("format", "date-time");
                case GEOMETRY ->
                    p.put("format", c.points() ? "geometry-point" : "geometry-multipolygon")
                            .put("x-ogc-role", "primary-geometry");
            }
            if (!q.values().isEmpty()) {
                p.put("enum", new JsonArray(new ArrayList<>(q.values())));
            }
            props.put(q.name(), p);
        }
        JsonObject body = new JsonObject()
                .put("$schema", "https://json-schema.org/draft/2020-12/schema")
                .put("$id", r.base + "/ogc/collections/" + c.id() + "/queryables")
                .put("type", "object")
                .put("title", c.title(r.zh))
                .put("properties", props)
                .put("additionalProperties", false);
        respond(r, SCHEMA_JSON, body, () -> OgcHtml.queryables(c, body, r.zh, r.lang));
    }

    /** {@code GET /ogc/collections/{collectionId}/items}. */
    public void items(RoutingContext ctx) {
        OgcCollection c = collectionParam(ctx);
        Set<String> allowed = new LinkedHashSet<>(ITEM_PARAMS);
        c.queryables().values().stream()
                .filter(q -> q.type() != Queryable.Type.GEOMETRY)
                .forEach(q -> allowed.add(q.name()));
        Req r = req(ctx, allowed, GEOJSON_OFFERS);
        OgcRepository.ItemQuery q = itemQuery(ctx, c);
        Future<Long> count = repo.count(c, q);
        Future<OgcRepository.Page> page = repo.page(c, q);
        Future.all(count, page).onFailure(ctx::fail).onSuccess(done -> {
            OgcRepository.Page p = page.result();
            String itemsUrl = r.base + "/ogc/collections/" + c.id() + "/items";
            String kept = keptQuery(ctx);
            JsonArray links = new JsonArray()
                    .add(link(itemsUrl + "?" + kept + "f=json" + paging(q), "self", GEOJSON, "This page"))
                    .add(link(itemsUrl + "?" + kept + "f=html" + paging(q), "alternate", HTML, "This page as HTML"));
            boolean backwards = q.before() != null;
            boolean hasNext = !p.features().isEmpty() && (backwards || p.more());
            boolean hasPrev = !p.features().isEmpty() && (backwards ? p.more() : q.after() != null);
            if (hasNext) {
                links.add(link(
                        itemsUrl + "?" + kept + "f=" + (r.html ? "html" : "json") + "&after=" + p.lastId(),
                        "next",
                        r.html ? HTML : GEOJSON,
                        "Next page"));
            }
            if (hasPrev) {
                links.add(link(
                        itemsUrl + "?" + kept + "f=" + (r.html ? "html" : "json") + "&before=" + p.firstId(),
                        "prev",
                        r.html ? HTML : GEOJSON,
                        "Previous page"));
            }
            links.add(link(r.base + "/ogc/collections/" + c.id(), "collection", JSON, c.title(r.zh)));
            JsonObject body = new JsonObject()
                    .put("type", "FeatureCollection")
                    .put(
                            "timeStamp",
                            Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString())
                    .put("numberMatched", count.result())
                    .put("numberReturned", p.features().size())
                    .put("features", p.features())
                    .put("links", links);
            respond(r, GEOJSON, body, () -> OgcHtml.items(c, body, r.zh, r.lang));
        });
    }

    /** {@code GET /ogc/collections/{collectionId}/items/{featureId}}. */
    public void item(RoutingContext ctx) {
        Req r = req(ctx, COMMON, GEOJSON_OFFERS);
        OgcCollection c = collectionParam(ctx);
        String raw = ctx.pathParam("featureId");
        long id;
        try {
            id = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw ApiException.notFound("no feature " + shortText(raw) + " in " + c.id());
        }
        repo.find(c, id).onFailure(ctx::fail).onSuccess(feature -> {
            if (feature == null) {
                ctx.fail(ApiException.notFound("no feature " + id + " in " + c.id()));
                return;
            }
            String self = r.base + "/ogc/collections/" + c.id() + "/items/" + id;
            feature.put(
                    "links",
                    new JsonArray()
                            .add(link(self + "?f=json", "self", GEOJSON, "This feature"))
                            .add(link(self + "?f=html", "alternate", HTML, "This feature as HTML"))
                            .add(link(r.base + "/ogc/collections/" + c.id(), "collection", JSON, c.title(r.zh))));
            respond(r, GEOJSON, feature, () -> OgcHtml.item(c, feature, r.zh, r.lang));
        });
    }

    // ------------------------------------------------------------------------------------ parameters

    private OgcRepository.ItemQuery itemQuery(RoutingContext ctx, OgcCollection c) {
        Params params = new Params(ctx.queryParams());
        String limitText = params.raw("limit");
        int limit = DEFAULT_LIMIT;
        if (limitText != null) {
            long l;
            try {
                l = Long.parseLong(limitText);
            } catch (NumberFormatException e) {
                throw ApiException.invalid("limit", "limit must be an integer from 1 to " + MAX_LIMIT);
            }
            if (l < 1) {
                throw ApiException.invalid("limit", "limit must be an integer from 1 to " + MAX_LIMIT);
            }
            limit = (int)
                    Math.min(l, MAX_LIMIT); // above the maximum is clamped (OGC 17-069r4 /req/core/fc-limit-response-1)
        }
        crs84(params, "bbox-crs");
        double[] bbox = bbox(params.raw("bbox"));
        Instant[] interval = datetime(params.raw("datetime"));
        Map<Queryable, Object> props = new LinkedHashMap<>();
        for (Queryable q : c.queryables().values()) {
            if (q.type() != Queryable.Type.GEOMETRY) {
                String v = params.raw(q.name());
                if (v != null) {
                    props.put(q, typed(q, v));
                }
            }
        }
        Cql2.Expr filter = null;
        String filterText = ctx.queryParams().get("filter");
        String lang = params.oneOf("filter-lang", Set.of("cql2-text", "cql2-json"));
        crs84(params, "filter-crs");
        if (params.raw("filter") != null) {
            filter = "cql2-json".equals(lang) ? Cql2Json.parse(filterText) : Cql2Text.parse(filterText);
            // Translate once here so that an unknown property or a type mismatch is a 400 before any SQL runs.
            Cql2Sql.where(filter, c.queryables(), new SqlArgs());
        } else if (lang != null) {
            throw ApiException.invalid("filter-lang", "filter-lang needs a filter");
        }
        Long after = cursor(params, "after");
        Long before = cursor(params, "before");
        if (after != null && before != null) {
            throw ApiException.invalid("before", "give after or before, not both");
        }
        return new OgcRepository.ItemQuery(bbox, interval[0], interval[1], props, filter, after, before, limit);
    }

    private static void crs84(Params params, String name) {
        String v = params.raw(name);
        if (v != null && !v.equals(CRS84)) {
            throw ApiException.invalid(name, name + " must be " + CRS84 + " (the only CRS served)");
        }
    }

    private static Long cursor(Params params, String name) {
        String v = params.raw(name);
        if (v == null) {
            return null;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw ApiException.invalid(name, name + " must be a feature id");
        }
    }

    /** {@code minLon,minLat,maxLon,maxLat} or with heights {@code minLon,minLat,minH,maxLon,maxLat,maxH}, CRS84. */
    static double[] bbox(String s) {
        if (s == null) {
            return null;
        }
        String[] parts = s.split(",", -1);
        if (parts.length != 4 && parts.length != 6) {
            throw ApiException.invalid(
                    "bbox", "bbox must be 4 numbers (minLon,minLat,maxLon,maxLat) or 6 (with heights)");
        }
        double[] n = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                n[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw ApiException.invalid("bbox", "bbox must be numbers separated by commas");
            }
            if (!Double.isFinite(n[i])) {
                throw ApiException.invalid("bbox", "bbox must be finite numbers");
            }
        }
        int half = n.length / 2;
        double[] b = {n[0], n[1], n[half], n[half + 1]};
        if (b[0] < -180 || b[2] > 180 || b[1] < -90 || b[3] > 90 || b[0] > 180 || b[2] < -180) {
            throw ApiException.invalid("bbox", "bbox must lie within -180,-90,180,90 (CRS84 longitude, latitude)");
        }
        if (b[1] > b[3]) {
            throw ApiException.invalid("bbox", "bbox must have minLat <= maxLat");
        }
        if (b[0] > b[2]) {
            throw ApiException.invalid("bbox", "a bbox across the antimeridian (minLon > maxLon) is not supported");
        }
        return b;
    }

    /**
     * {@code datetime}: an instant (a date-time, or a date meaning that whole UTC day) or an interval
     * {@code start/end} with {@code ..} or nothing for an open end. As [start, end) on updated_at.
     */
    static Instant[] datetime(String s) {
        if (s == null) {
            return new Instant[2];
        }
        int slash = s.indexOf('/');
        if (slash < 0) {
            Instant[] one = instant(s);
            return one;
        }
        String a = s.substring(0, slash).trim();
        String b = s.substring(slash + 1).trim();
        if (b.contains("/")) {
            throw ApiException.invalid("datetime", "datetime is an instant or one interval start/end");
        }
        Instant start = a.isEmpty() || a.equals("..") ? null : instant(a)[0];
        Instant end = b.isEmpty() || b.equals("..") ? null : instant(b)[1];
        if (start != null && end != null && !start.isBefore(end)) {
            throw ApiException.invalid("datetime", "datetime must have start <= end");
        }
        return new Instant[] {start, end};
    }

    /** [first, after last) instant the text names: one second for a date-time, one UTC day for a date. */
    private static Instant[] instant(String s) {
        String t = s.replace(' ', '+'); // a '+' offset sent unescaped arrives as a space
        try {
            if (t.length() == 10) {
                Instant day = LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC);
                return new Instant[] {day, day.plus(1, ChronoUnit.DAYS)};
            }
            Instant i = OffsetDateTime.parse(t).toInstant();
            Instant second = i.truncatedTo(ChronoUnit.SECONDS);
            return new Instant[] {i, second.plusSeconds(1)};
        } catch (DateTimeParseException e) {
            throw ApiException.invalid(
                    "datetime",
                    "datetime must be an RFC 3339 date-time (2026-11-01T08:00:00Z), a date, or an interval such as 2026-11-01T00:00:00Z/..");
        }
    }

    private static Object typed(Queryable q, String v) {
        switch (q.type()) {
            case INTEGER:
                try {
                    return Long.parseLong(v);
                } catch (NumberFormatException e) {
                    throw ApiException.invalid(q.name(), q.name() + " must be an integer");
                }
            case BOOLEAN:
                if (!v.equals("true") && !v.equals("false")) {
                    throw ApiException.invalid(q.name(), q.name() + " must be true or false");
                }
                return Boolean.valueOf(v);
            case TIMESTAMP:
                try {
                    return OffsetDateTime.parse(v.replace(' ', '+')).toInstant();
                } catch (DateTimeParseException e) {
                    throw ApiException.invalid(q.name(), q.name() + " must be an RFC 3339 date-time");
                }
            default:
                return v;
        }
    }

    private static OgcCollection collectionParam(RoutingContext ctx) {
        String id = ctx.pathParam("collectionId");
        OgcCollection c = OgcCollection.byId(id);
        if (c == null) {
            throw ApiException.notFound("no collection " + shortText(id) + "; the collections are stations, regions");
        }
        return c;
    }

    // ------------------------------------------------------------------------------------ responses

    private Future<JsonObject> collectionJson(Req r, OgcCollection c) {
        return repo.extent(c).map(ext -> {
            String b = r.base + "/ogc/collections/" + c.id();
            JsonArray bbox = ext.getJsonArray(
                    "bbox", new JsonArray().add(-180).add(-90).add(180).add(90));
            return new JsonObject()
                    .put("id", c.id())
                    .put("title", c.title(r.zh))
                    .put("description", c.description(r.zh))
                    .put("itemType", "feature")
                    .put("crs", new JsonArray().add(CRS84))
                    .put("storageCrs", CRS84)
                    .put(
                            "extent",
                            new JsonObject()
                                    .put(
                                            "spatial",
                                            new JsonObject()
                                                    .put("bbox", new JsonArray().add(bbox))
                                                    .put("crs", CRS84))
                                    .put(
                                            "temporal",
                                            new JsonObject()
                                                    .put(
                                                            "interval",
                                                            new JsonArray()
                                                                    .add(new JsonArray()
                                                                            .add(ext.getString("start"))
                                                                            .add(ext.getString("end"))))
                                                    .put("trs", "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian")))
                    .put(
                            "links",
                            new JsonArray()
                                    .add(link(b + "?f=json", "self", JSON, c.title(r.zh)))
                                    .add(link(b + "?f=html", "alternate", HTML, c.title(r.zh) + " (HTML)"))
                                    .add(link(b + "/items?f=json", "items", GEOJSON, "Features (GeoJSON)"))
                                    .add(link(b + "/items?f=html", "items", HTML, "Features (HTML)"))
                                    .add(link(
                                            b + "/queryables",
                                            "http://www.opengis.net/def/rel/ogc/1.0/queryables",
                                            SCHEMA_JSON,
                                            "Queryables")));
        });
    }

    private static JsonObject link(String href, String rel, String type, String title) {
        return new JsonObject()
                .put("href", href)
                .put("rel", rel)
                .put("type", type)
                .put("title", title);
    }

    /** The request's query without f, after and before, each pair followed by '&'. */
    private static String keptQuery(RoutingContext ctx) {
        StringBuilder sb = new StringBuilder();
        MultiMap q = ctx.queryParams();
        for (Map.Entry<String, String> e : q) {
            if (!Set.of("f", "after", "before").contains(e.getKey())) {
                sb.append(encode(e.getKey()))
                        .append('=')
                        .append(encode(e.getValue()))
                        .append('&');
            }
        }
        return sb.toString();
    }

    private static String paging(OgcRepository.ItemQuery q) {
        return q.after() != null ? "&after=" + q.after() : q.before() != null ? "&before=" + q.before() : "";
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String shortText(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    /** Checks the parameters, then negotiates the format (f wins over Accept) and the HTML language. */
    private static Req req(RoutingContext ctx, Set<String> allowed, List<String> offers) {
        Params params = new Params(ctx.queryParams()).allowOnly(allowed);
        String f = params.oneOf("f", Set.of("json", "html"));
        String lang = params.oneOf("lang", Set.of("zh-CN", "en"));
        boolean html;
        if (f != null) {
            html = f.equals("html");
        } else {
            String chosen = Negotiation.choose(ctx.request().getHeader("Accept"), offers);
            if (chosen == null) {
                throw new ApiException(
                        406,
                        "not_acceptable",
                        "Accept",
                        "this resource is served as " + String.join(", ", offers) + " (or choose with f=json|html)");
            }
            html = chosen.equals(HTML);
        }
        boolean zh = lang != null
                ? lang.equals("zh-CN")
                : prefersChinese(ctx.request().getHeader("Accept-Language"));
        HostAndPort authority = ctx.request().authority();
        String host = authority == null
                ? "127.0.0.1"
                : authority.host() + (authority.port() > 0 ? ":" + authority.port() : "");
        return new Req(ctx, ctx.request().scheme() + "://" + host, html, zh, lang);
    }

    private static boolean prefersChinese(String acceptLanguage) {
        if (acceptLanguage == null) {
            return false;
        }
        String first = acceptLanguage.split(",", 2)[0].trim().toLowerCase(Locale.ROOT);
        return first.startsWith("zh");
    }

    private static void respond(Req r, String jsonType, JsonObject body, java.util.function.Supplier<String> html) {
        r.ctx.response().putHeader("Vary", "Accept, Accept-Language");
        if (r.html) {
            r.ctx.response()
                    .putHeader("Content-Type", "text/html; charset=utf-8")
                    .putHeader("Content-Language", r.zh ? "zh-CN" : "en")
                    .end(html.get());
        } else {
            r.ctx.response()
                    .putHeader("Content-Type", jsonType.contains(";") ? jsonType : jsonType + "; charset=utf-8")
                    .end(body.toBuffer());
        }
    }

    private static JsonObject readOpenApi() {
        try (InputStream in = OgcRoutes.class.getResourceAsStream("/ogc/openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("ogc/openapi.json is not on the class path");
            }
            return new JsonObject(Buffer.buffer(in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
