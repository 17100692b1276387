package org.yizhan.stations;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The closed value sets of station properties (and of riders' report kinds), read once from the class
 * path resource {@code vocabulary.json}: the one source of truth. Each term there has an {@code id} and
 * {@code zh-CN} and {@code en} labels (an {@code icon} where the map shows one); the API serves the file
 * as it is at {@code GET /api/v1/vocabulary} and the page builds its menus from it. The SQL CHECK
 * constraints (sql/V1__stations.sql, sql/V6__reports.sql), the OpenAPI enums and the demo generator are
 * held to it by tests (VocabularyConsistencyTest); a term added here needs a migration too.
 * Immutable and thread-safe.
 */
public final class Vocabulary {
    private Vocabulary() {}

    private static final Buffer BYTES = read();
    private static final JsonObject DOCUMENT = checked(new JsonObject(BYTES));

    public static final Set<String> KINDS = ids("kinds");

    /** Rest-station categories: 工会驿站, 司机之家, 党群服务中心, 新时代文明实践站, 青年之家, 妇女之家, ... */
    public static final Set<String> CATEGORIES = ids("categories");

    public static final Set<String> SCENES = ids("scenes");

    public static final Set<String> AMENITIES = ids("amenities");

    public static final Set<String> ACCESS = ids("access");

    public static final Set<String> VEHICLE_TYPES = ids("vehicle_types");

    public static final Set<String> STATUSES = ids("statuses");

    /** Who verified a station at its {@code last_verified_at}. */
    public static final Set<String> VERIFIERS = ids("verifiers");

    /** What a rider may report about a station ({@code still_here} is a confirmation, the rest problems). */
    public static final Set<String> REPORT_KINDS = ids("report_kinds");

    /** A strong ETag of the served bytes: changes exactly when the file does. */
    public static final String ETAG = "\"" + sha256(BYTES).substring(0, 16) + "\"";

    /** The file's bytes, as {@code GET /api/v1/vocabulary} serves them. */
    public static Buffer bytes() {
        return BYTES.copy();
    }

    /** The group names of the file, in its order ({@code kinds}, {@code categories}, ...). */
    public static Set<String> groups() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(DOCUMENT.fieldNames()));
    }

    /** The ids of one group in the file's order; an unknown group is a programming error. */
    public static Set<String> ids(String group) {
        JsonArray terms = DOCUMENT.getJsonArray(group);
        if (terms == null) {
            throw new IllegalArgumentException("vocabulary.json has no group " + group);
        }
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < terms.size(); i++) {
            out.add(terms.getJsonObject(i).getString("id"));
        }
        return Collections.unmodifiableSet(out);
    }

    private static Buffer read() {
        try (InputStream in = Vocabulary.class.getResourceAsStream("/vocabulary.json")) {
            if (in == null) {
                throw new IllegalStateException("vocabulary.json is not on the class path");
            }
            return Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fails at start, not on the first request, when a term lacks its id or a label. */
    private static JsonObject checked(JsonObject doc) {
        for (String group : doc.fieldNames()) {
            JsonArray terms = doc.getJsonArray(group);
            for (int i = 0; i < terms.size(); i++) {
                JsonObject t = terms.getJsonObject(i);
                if (t.getString("id") == null || t.getString("zh-CN") == null || t.getString("en") == null) {
                    throw new IllegalStateException("vocabulary.json: " + group + "[" + i + "] needs id, zh-CN and en");
                }
            }
        }
        return doc;
    }

    private static String sha256(Buffer bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.getBytes()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
