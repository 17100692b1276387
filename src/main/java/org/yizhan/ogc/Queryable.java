package org.yizhan.ogc;

import java.util.List;

/**
 * One property a client may filter on: its name in CQL2 and in query parameters, the SQL expression it
 * stands for (a fixed text from the whitelist in {@link OgcCollection}, never from a request), its type
 * and its titles. {@code values} lists the allowed values of a closed vocabulary, or is empty. A geometry
 * names in {@code geography} the same geometry as a geography (metres on the ellipsoid, for S_DWITHIN).
 */
public record Queryable(
        String name, String column, Type type, String titleEn, String titleZh, List<String> values, String geography) {

    /** The JSON Schema type families CQL2 compares. */
    public enum Type {
        STRING,
        INTEGER,
        BOOLEAN,
        TIMESTAMP,
        GEOMETRY
    }

    public Queryable(String name, String column, Type type, String titleEn, String titleZh) {
        this(name, column, type, titleEn, titleZh, List.of(), null);
    }

    public Queryable(String name, String column, Type type, String titleEn, String titleZh, List<String> values) {
        this(name, column, type, titleEn, titleZh, values, null);
    }

    /** A geometry queryable, with the SQL expression of the same geometry as a geography. */
    public static Queryable geometry(String name, String column, String geography, String titleEn, String titleZh) {
        return new Queryable(name, column, Type.GEOMETRY, titleEn, titleZh, List.of(), geography);
    }
}
