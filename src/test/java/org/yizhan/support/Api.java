package org.yizhan.support;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.Map;

/** A blocking HTTP client over the real server, so that tests read top to bottom. Redirects are not followed. */
public final class Api {
    /** One client per server port (the shared test server, and any second instance a test starts). */
    private static final Map<Integer, WebClient> SHARED = new java.util.HashMap<>();

    private final WebClient client;

    Api(Vertx vertx, int port) {
        synchronized (Api.class) {
            client = SHARED.computeIfAbsent(
                    port,
                    p -> WebClient.create(
                            vertx,
                            new WebClientOptions()
                                    .setDefaultHost("127.0.0.1")
                                    .setDefaultPort(p)
                                    .setFollowRedirects(false)));
        }
    }

    private Api(WebClient client) {
        this.client = client;
    }

    /** A client of another server than the shared one (its own connections). */
    static Api at(Vertx vertx, int port) {
        return new Api(WebClient.create(
                vertx,
                new WebClientOptions()
                        .setDefaultHost("127.0.0.1")
                        .setDefaultPort(port)
                        .setFollowRedirects(false)));
    }

    /** A response, fully read. */
    public record Resp(int status, Map<String, String> headers, Buffer body) {
        public JsonObject json() {
            return body == null || body.length() == 0 ? null : new JsonObject(body);
        }

        public String header(String name) {
            return headers.get(name.toLowerCase());
        }

        /** The error code and field of a JSON error answer, as "code/field". */
        public String error() {
            JsonObject e = json().getJsonObject("error");
            return e.getString("code") + "/" + e.getString("field");
        }

        @Override
        public String toString() {
            return status + " " + (body == null ? "" : body.toString());
        }
    }

    public Resp get(String uri) {
        return send(HttpMethod.GET, uri, null, null, Map.of());
    }

    public Resp send(HttpMethod method, String uri, String contentType, Buffer body, Map<String, String> headers) {
        HttpRequest<Buffer> req = client.request(method, uri);
        headers.forEach(req::putHeader);
        if (contentType != null) {
            req.putHeader("Content-Type", contentType);
        }
        HttpResponse<Buffer> r = TestApp.await(body == null ? req.send() : req.sendBuffer(body));
        Map<String, String> h = new java.util.HashMap<>();
        r.headers().forEach(e -> h.put(e.getKey().toLowerCase(), e.getValue()));
        return new Resp(r.statusCode(), h, r.body());
    }

    /** An admin request with a JSON body. */
    public Resp admin(HttpMethod method, String uri, Object json, Map<String, String> extraHeaders) {
        Map<String, String> h = new java.util.HashMap<>(extraHeaders);
        h.put("Authorization", "Bearer " + TestApp.ADMIN_TOKEN);
        String type = method == HttpMethod.PATCH ? "application/merge-patch+json" : "application/json";
        Buffer body = json == null ? null : Buffer.buffer(json.toString());
        return send(method, uri, json == null ? null : type, body, h);
    }

    public Resp post(String uri, JsonObject json) {
        return admin(HttpMethod.POST, uri, json, Map.of());
    }
}
