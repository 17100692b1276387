package org.yizhan.ogc;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * The HTML pages of the OGC API: plain server-rendered pages, in Chinese (zh-CN) or English, built from
 * the same JSON documents the JSON answers carry. Every value is HTML-escaped ({@link #esc}); links keep an
 * explicit {@code lang} choice. Stateless and thread-safe.
 */
final class OgcHtml {

    /** Columns of the items table, per collection; the rest is on each feature's own page. */
    private static final Map<String, List<String>> SUMMARY = Map.of(
            "stations", List.of("name", "kind", "status", "address"),
            "regions", List.of("code", "name", "level", "parent_code"));

    private OgcHtml() {}

    static String landing(JsonObject doc, boolean zh, String lang) {
        StringBuilder b = new StringBuilder();
        b.append("<p>").append(esc(doc.getString("description"))).append("</p>");
        b.append("<ul>");
        item(b, "/ogc/collections", t(zh, "数据集合", "Collections"), lang);
        item(b, "/ogc/conformance", t(zh, "符合的标准类", "Conformance classes"), lang);
        item(b, "/ogc/api?f=html", t(zh, "API 文档", "API documentation"), lang);
        b.append("<li><a href=\"/ogc/api?f=json\">")
                .append(t(zh, "API 定义（OpenAPI 3.0 JSON）", "API definition (OpenAPI 3.0 JSON)"))
                .append("</a></li>");
        b.append("</ul>");
        b.append("<h2>")
                .append(t(zh, "在 QGIS / GDAL 中使用", "Use it from QGIS / GDAL"))
                .append("</h2>");
        b.append("<p>")
                .append(t(
                        zh,
                        "QGIS：图层 → 添加图层 → 添加 WFS / OGC API – Features 图层，地址填本页 URL。",
                        "QGIS: Layer → Add Layer → Add WFS / OGC API – Features Layer, with this page's URL."))
                .append("</p>");
        b.append("<pre>ogrinfo -ro -al -so OAPIF:&lt;")
                .append(t(zh, "本页地址", "this page's URL"))
                .append("&gt;</pre>");
        return page(doc.getString("title"), zh, lang, "/ogc", List.of(), b.toString());
    }

    static String api(JsonObject doc, boolean zh, String lang) {
        StringBuilder b = new StringBuilder("<table><tr><th>")
                .append(t(zh, "路径", "Path"))
                .append("</th><th>")
                .append(t(zh, "说明", "Summary"))
                .append("</th></tr>");
        JsonObject paths = doc.getJsonObject("paths");
        for (String path : paths.fieldNames()) {
            JsonObject get = paths.getJsonObject(path).getJsonObject("get");
            b.append("<tr><td><code>GET /ogc")
                    .append(esc(path.equals("/") ? "" : path))
                    .append("</code></td><td>")
                    .append(esc(get == null ? "" : get.getString("summary", "")))
                    .append("</td></tr>");
        }
        b.append("</table><p><a href=\"/ogc/api?f=json\">OpenAPI 3.0 JSON</a></p>");
        return page(t(zh, "API 文档", "API documentation"), zh, lang, "/ogc/api", List.of(), b.toString());
    }

    static String conformance(JsonObject doc, boolean zh, String lang) {
        StringBuilder b = new StringBuilder("<ul>");
        for (Object uri : doc.getJsonArray("conformsTo")) {
            b.append("<li><code>").append(esc(String.valueOf(uri))).append("</code></li>");
        }
        b.append("</ul>");
        return page(t(zh, "符合的标准类", "Conformance classes"), zh, lang, "/ogc/conformance", List.of(), b.toString());
    }

    static String collections(JsonObject doc, boolean zh, String lang) {
        StringBuilder b = new StringBuilder("<table><tr><th>")
                .append(t(zh, "集合", "Collection"))
                .append("</th><th>")
                .append(t(zh, "说明", "Description"))
                .append("</th></tr>");
        for (Object o : doc.getJsonArray("collections")) {
            JsonObject c = (JsonObject) o;
            b.append("<tr><td><a href=\"")
                    .append(esc(href("/ogc/collections/" + c.getString("id"), lang)))
                    .append("\">")
                    .append(esc(c.getString("title")))
                    .append("</a></td><td>")
                    .append(esc(c.getString("description")))
                    .append("</td></tr>");
        }
        b.append("</table>");
        return page(t(zh, "数据集合", "Collections"), zh, lang, "/ogc/collections", List.of(), b.toString());
    }

    static String collection(JsonObject c, boolean zh, String lang) {
        String id = c.getString("id");
        JsonObject extent = c.getJsonObject("extent");
        JsonArray bbox = extent.getJsonObject("spatial").getJsonArray("bbox").getJsonArray(0);
        JsonArray interval =
                extent.getJsonObject("temporal").getJsonArray("interval").getJsonArray(0);
        StringBuilder b =
                new StringBuilder("<p>").append(esc(c.getString("description"))).append("</p><dl>");
        b.append("<dt>")
                .append(t(zh, "范围（经纬度）", "Extent (lon/lat)"))
                .append("</dt><dd>")
                .append(esc(bbox.encode()))
                .append("</dd>");
        b.append("<dt>")
                .append(t(zh, "更新时间范围", "Updated between"))
                .append("</dt><dd>")
                .append(esc(String.valueOf(interval.getValue(0))))
                .append(" – ")
                .append(esc(String.valueOf(interval.getValue(1))))
                .append("</dd>");
        b.append("<dt>")
                .append(t(zh, "坐标参考系", "CRS"))
                .append("</dt><dd><code>")
                .append(esc(OgcRoutes.CRS84))
                .append("</code></dd></dl><ul>");
        item(b, "/ogc/collections/" + id + "/items", t(zh, "浏览要素", "Browse the features"), lang);
        item(b, "/ogc/collections/" + id + "/queryables", t(zh, "可筛选属性", "Queryables"), lang);
        b.append("</ul>");
        return page(
                c.getString("title"),
                zh,
                lang,
                "/ogc/collections/" + id,
                List.of(crumb("/ogc/collections", t(zh, "数据集合", "Collections"))),
                b.toString());
    }

    static String queryables(OgcCollection c, JsonObject schema, boolean zh, String lang) {
        StringBuilder b = new StringBuilder("<table><tr><th>")
                .append(t(zh, "属性", "Property"))
                .append("</th><th>")
                .append(t(zh, "名称", "Title"))
                .append("</th><th>")
                .append(t(zh, "类型", "Type"))
                .append("</th><th>")
                .append(t(zh, "取值", "Values"))
                .append("</th></tr>");
        JsonObject props = schema.getJsonObject("properties");
        for (String name : props.fieldNames()) {
            JsonObject p = props.getJsonObject(name);
            String type = p.getString("type", p.getString("format"));
            if (p.getString("format") != null && p.getString("type") != null) {
                type += " (" + p.getString("format") + ")";
            }
            JsonArray values = p.getJsonArray("enum");
            b.append("<tr><td><code>")
                    .append(esc(name))
                    .append("</code></td><td>")
                    .append(esc(p.getString("title")))
                    .append("</td><td>")
                    .append(esc(type))
                    .append("</td><td>")
                    .append(
                            values == null
                                    ? ""
                                    : esc(String.join(
                                            ", ",
                                            values.stream().map(String::valueOf).toList())))
                    .append("</td></tr>");
        }
        b.append("</table><p>")
                .append(t(zh, "示例：", "Example: "))
                .append(
                        "<code>filter=status='open' AND S_INTERSECTS(geometry, BBOX(121.4,31.1,121.6,31.3))</code></p>");
        return page(
                t(zh, "可筛选属性：", "Queryables: ") + c.title(zh),
                zh,
                lang,
                "/ogc/collections/" + c.id() + "/queryables",
                List.of(
                        crumb("/ogc/collections", t(zh, "数据集合", "Collections")),
                        crumb("/ogc/collections/" + c.id(), c.title(zh))),
                b.toString());
    }

    static String items(OgcCollection c, JsonObject fc, boolean zh, String lang) {
        List<String> columns = SUMMARY.getOrDefault(c.id(), List.of());
        StringBuilder b = new StringBuilder("<p>")
                .append(t(zh, "匹配 ", "Matched: "))
                .append(fc.getLong("numberMatched"))
                .append(t(zh, " 个，本页 ", ", on this page: "))
                .append(fc.getInteger("numberReturned"))
                .append(t(zh, " 个", ""))
                .append("</p><table><tr><th>id</th>");
        columns.forEach(col -> b.append("<th>").append(esc(col)).append("</th>"));
        b.append("</tr>");
        for (Object o : fc.getJsonArray("features")) {
            JsonObject f = (JsonObject) o;
            JsonObject p = f.getJsonObject("properties");
            b.append("<tr><td><a href=\"")
                    .append(esc(href("/ogc/collections/" + c.id() + "/items/" + f.getValue("id"), lang)))
                    .append("\">")
                    .append(esc(String.valueOf(f.getValue("id"))))
                    .append("</a></td>");
            columns.forEach(col -> b.append("<td>")
                    .append(esc(p.getValue(col) == null ? "" : String.valueOf(p.getValue(col))))
                    .append("</td>"));
            b.append("</tr>");
        }
        b.append("</table><p>");
        for (Object o : fc.getJsonArray("links")) {
            JsonObject l = (JsonObject) o;
            if (l.getString("rel").equals("prev") || l.getString("rel").equals("next")) {
                b.append("<a rel=\"")
                        .append(esc(l.getString("rel")))
                        .append("\" href=\"")
                        .append(esc(withLang(l.getString("href"), lang)))
                        .append("\">")
                        .append(
                                l.getString("rel").equals("next")
                                        ? t(zh, "下一页 →", "Next →")
                                        : t(zh, "← 上一页", "← Previous"))
                        .append("</a> ");
            }
        }
        b.append("</p>");
        return page(
                c.title(zh),
                zh,
                lang,
                "/ogc/collections/" + c.id() + "/items",
                List.of(
                        crumb("/ogc/collections", t(zh, "数据集合", "Collections")),
                        crumb("/ogc/collections/" + c.id(), c.title(zh))),
                b.toString());
    }

    static String item(OgcCollection c, JsonObject f, boolean zh, String lang) {
        JsonObject p = f.getJsonObject("properties");
        StringBuilder b = new StringBuilder("<table>");
        for (String name : p.fieldNames()) {
            Object v = p.getValue(name);
            b.append("<tr><th>")
                    .append(esc(name))
                    .append("</th><td>")
                    .append(esc(v == null ? "" : String.valueOf(v)))
                    .append("</td></tr>");
        }
        JsonObject g = f.getJsonObject("geometry");
        if (g != null && "Point".equals(g.getString("type"))) {
            b.append("<tr><th>")
                    .append(t(zh, "位置（经度, 纬度）", "Location (lon, lat)"))
                    .append("</th><td>")
                    .append(esc(g.getJsonArray("coordinates").encode()))
                    .append("</td></tr>");
        } else if (g != null) {
            b.append("<tr><th>")
                    .append(t(zh, "几何", "Geometry"))
                    .append("</th><td>")
                    .append(esc(g.getString("type")))
                    .append("</td></tr>");
        }
        b.append("</table>");
        String name = p.getString("name", String.valueOf(f.getValue("id")));
        return page(
                name,
                zh,
                lang,
                "/ogc/collections/" + c.id() + "/items/" + f.getValue("id"),
                List.of(
                        crumb("/ogc/collections", t(zh, "数据集合", "Collections")),
                        crumb("/ogc/collections/" + c.id(), c.title(zh)),
                        crumb("/ogc/collections/" + c.id() + "/items", t(zh, "要素", "Features"))),
                b.toString());
    }

    // ------------------------------------------------------------------------------------ page frame

    private record Crumb(String path, String label) {}

    private static Crumb crumb(String path, String label) {
        return new Crumb(path, label);
    }

    private static String page(String title, boolean zh, String lang, String path, List<Crumb> crumbs, String body) {
        StringBuilder b = new StringBuilder(2048 + body.length());
        b.append("<!DOCTYPE html><html lang=\"")
                .append(zh ? "zh-CN" : "en")
                .append("\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>")
                .append(esc(title))
                .append(" – Yizhan OGC API</title><style>")
                .append(
                        "body{font-family:system-ui,'Noto Sans CJK SC',sans-serif;margin:1.5rem auto;max-width:70rem;padding:0 1rem;color:#222}")
                .append(
                        "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}")
                .append(
                        "nav{font-size:.9rem;margin-bottom:1rem}code,pre{background:#f4f4f4}</style></head><body><nav><a href=\"")
                .append(esc(href("/ogc", lang)))
                .append("\">")
                .append(t(zh, "首页", "Home"))
                .append("</a>");
        for (Crumb c : crumbs) {
            b.append(" › <a href=\"")
                    .append(esc(href(c.path, lang)))
                    .append("\">")
                    .append(esc(c.label))
                    .append("</a>");
        }
        String json = path + (path.contains("?") ? "&" : "?") + "f=json";
        b.append(" | <a href=\"")
                .append(esc(json))
                .append("\">JSON</a> | <a href=\"")
                .append(esc(path + (path.contains("?") ? "&" : "?") + "lang=zh-CN"))
                .append("\">中文</a> · <a href=\"")
                .append(esc(path + (path.contains("?") ? "&" : "?") + "lang=en"))
                .append("\">English</a></nav><h1>")
                .append(esc(title))
                .append("</h1>")
                .append(body)
                .append("</body></html>");
        return b.toString();
    }

    private static void item(StringBuilder b, String path, String label, String lang) {
        b.append("<li><a href=\"")
                .append(esc(href(path, lang)))
                .append("\">")
                .append(esc(label))
                .append("</a></li>");
    }

    /** A link to an HTML page, keeping an explicit language choice. */
    private static String href(String path, String lang) {
        String withF = path.contains("f=") ? path : path + (path.contains("?") ? "&" : "?") + "f=html";
        return withLang(withF, lang);
    }

    private static String withLang(String url, String lang) {
        return lang == null || url.contains("lang=") ? url : url + (url.contains("?") ? "&" : "?") + "lang=" + lang;
    }

    private static String t(boolean zh, String chinese, String english) {
        return zh ? chinese : english;
    }

    /** Escapes text for HTML element content and double-quoted attribute values. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
