package org.yizhan.regions;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.yizhan.geo.Crs;
import org.yizhan.geo.InvalidGeometryException;
import org.yizhan.geo.Polygons;
import org.yizhan.http.ApiException;
import org.yizhan.http.Rejection;

/**
 * A region import's body, a GeoJSON FeatureCollection of (Multi)Polygons with code, name, level,
 * parent and approximate, read into {@link RegionInput}s: each feature is taken or rejected with the field
 * it fails on; a file past the bounds is refused whole (413).
 */
final class RegionImport {
    static final Set<String> LEVELS = Set.of("city", "district", "street", "custom");
    /** Bounds for one import: features, and vertices per feature and in all. */
    static final int MAX_FEATURES = 2_000;

    static final int MAX_VERTICES_PER_REGION = 200_000;
    static final int MAX_VERTICES_TOTAL = 2_000_000;
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_.-]{1,40}");

    private RegionImport() {}

    /** The features taken (with their indexes in the file), those repaired, and those rejected. */
    static final class Parsed {
        final List<RegionInput> inputs = new ArrayList<>();
        final List<Integer> indexes = new ArrayList<>();
        final List<Integer> repaired = new ArrayList<>();
        final List<Rejection> rejected = new ArrayList<>();
        int rows;
    }

    static Parsed parse(JsonObject fc, Crs crs) {
        if (!"FeatureCollection".equals(fc.getValue("type"))
                || !(fc.getValue("features") instanceof JsonArray features)) {
            throw ApiException.invalid("type", "body must be a GeoJSON FeatureCollection");
        }
        if (features.size() > MAX_FEATURES) {
            throw new ApiException(
                    413, "payload_too_large", "features", "at most " + MAX_FEATURES + " regions per import");
        }
        Parsed out = new Parsed();
        out.rows = features.size();
        Set<String> codes = new HashSet<>();
        int vertexBudget = MAX_VERTICES_TOTAL;
        for (int i = 0; i < features.size(); i++) {
            try {
                if (!(features.getValue(i) instanceof JsonObject f) || !"Feature".equals(f.getValue("type"))) {
                    throw ApiException.invalid("type", "each item must be a GeoJSON Feature");
                }
                if (!(f.getValue("properties") instanceof JsonObject p)) {
                    throw ApiException.invalid("properties", "properties must be an object");
                }
                String code = string(p, "code", 40);
                if (code == null || !CODE.matcher(code).matches()) {
                    throw ApiException.invalid("code", "code is required: 1-40 letters, digits, _ . -");
                }
                if (!codes.add(code)) {
                    throw ApiException.invalid("code", "code '" + code + "' appears twice in this file");
                }
                String name = string(p, "name", 120);
                if (name == null) {
                    throw ApiException.invalid("name", "name is required (1-120 characters)");
                }
                Object level = p.getValue("level");
                if (!(level instanceof String l) || !LEVELS.contains(l)) {
                    throw ApiException.invalid("level", "level must be one of: city, district, street, custom");
                }
                String parent = string(p, "parent", 40);
                if (code.equals(parent)) {
                    throw ApiException.invalid("parent", "a region cannot be its own parent");
                }
                Object approx = p.getValue("approximate");
                if (approx != null && !(approx instanceof Boolean)) {
                    throw ApiException.invalid("approximate", "approximate must be true or false");
                }
                Polygons.Parsed g =
                        Polygons.parse(f.getValue("geometry"), crs, Math.min(MAX_VERTICES_PER_REGION, vertexBudget));
                vertexBudget -= g.geometry().getNumPoints();
                out.inputs.add(
                        new RegionInput(code, name, (String) level, parent, Boolean.TRUE.equals(approx), g.geometry()));
                out.indexes.add(i);
                if (g.repaired()) {
                    out.repaired.add(i);
                }
            } catch (ApiException e) {
                if (e.status() == 413) {
                    throw e;
                }
                out.rejected.add(new Rejection(i, e.field(), e.getMessage()));
            } catch (InvalidGeometryException e) {
                if (e.tooLarge()) {
                    throw e;
                }
                out.rejected.add(new Rejection(i, e.field(), e.getMessage()));
            }
        }
        return out;
    }

    private static String string(JsonObject p, String name, int max) {
        Object v = p.getValue(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)
                || s.isBlank()
                || s.strip().codePointCount(0, s.strip().length()) > max) {
            throw ApiException.invalid(name, name + " must be a string of 1-" + max + " characters");
        }
        return s.strip();
    }
}
