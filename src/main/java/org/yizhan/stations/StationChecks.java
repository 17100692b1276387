package org.yizhan.stations;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.sf.geographiclib.Geodesic;
import org.yizhan.http.ApiException;
import org.yizhan.http.Rejection;

/**
 * What a new station is checked against before it is written, beyond its own validity: stations that look
 * like the same place, and district codes that the loaded regions contradict.
 *
 * <p>A <em>duplicate</em> is a live station, or an earlier new row of the same import, of the same kind
 * within {@value #SAME_KIND_M} m, or with the same name (compared by {@link #nameKey}) within
 * {@value #SAME_NAME_M} m. Only rows that would create a station are checked: an import row whose
 * external_id names a live station updates it, and re-importing a file must not flag what it wrote before.
 * Duplicates are warnings, or rejections when the client asks with {@code on_duplicate=reject}.
 *
 * <p>Distances are geodesic on WGS 84: in the database (geography) against stored stations, GeographicLib
 * between rows of one import. Two requests that create the same station at the same moment can both pass.
 */
final class StationChecks {

    static final double SAME_KIND_M = 30;
    static final double SAME_NAME_M = 200;
    /** Grid cell for rows of one import: 0.005° of latitude is 550 m, more than {@link #SAME_NAME_M}. */
    private static final double CELL_DEG = 0.005;

    /** A row to check: its index in the request, WGS-84 position, kind, name, name key and external_id (or null). */
    record Candidate(int index, double lon, double lat, String kind, String name, String nameKey, String externalId) {
        static Candidate of(int index, StationInput in) {
            return new Candidate(
                    index, in.lon(), in.lat(), in.kind(), in.name(), StationChecks.nameKey(in.name()), in.externalId());
        }
    }

    /**
     * Row {@code index} looks like station {@code stationId} (stored) or like row {@code otherIndex} of the
     * same import (exactly one of the two is set).
     */
    record Match(
            int index,
            Long stationId,
            Integer otherIndex,
            String name,
            String kind,
            String status,
            boolean sameKind,
            boolean sameName,
            double distanceM) {

        /** The property a rejection names: the position for a same-kind neighbour, else the name. */
        String field() {
            return sameKind ? "geometry" : "name";
        }

        String code() {
            return sameKind ? "duplicate_same_kind_nearby" : "duplicate_same_name_nearby";
        }

        String message() {
            String other = stationId != null ? "station " + stationId : "row " + otherIndex + " of this import";
            String why = sameKind
                    ? "a " + kind + " within " + fmt(SAME_KIND_M) + " m"
                    : "the same name within " + fmt(SAME_NAME_M) + " m";
            return other + " (\"" + name + "\"" + (status != null && !status.equals("open") ? ", " + status : "")
                    + ") is " + Math.round(distanceM) + " m away: " + why;
        }

        JsonObject toJson(boolean withIndex) {
            JsonObject o = new JsonObject();
            if (withIndex) {
                o.put("index", index);
            }
            o.put("code", code()).put("field", field());
            if (stationId != null) {
                o.put("station_id", stationId);
            } else {
                o.put("other_index", otherIndex);
            }
            return o.put("name", name)
                    .put("distance_m", Math.round(distanceM * 10) / 10.0)
                    .put("message", message());
        }

        Rejection toRejection() {
            return new Rejection(index, field(), "duplicate: " + message());
        }

        private static String fmt(double d) {
            return Long.toString(Math.round(d));
        }
    }

    /** Duplicates of the rows checked, by row in order; rows refused for their district code. */
    record Result(List<Match> duplicates, List<Rejection> districts) {
        JsonArray warnings(boolean withIndex) {
            JsonArray out = new JsonArray();
            duplicates.forEach(m -> out.add(m.toJson(withIndex)));
            return out;
        }

        /** The first duplicate of each row, as its rejection. */
        List<Rejection> duplicateRejections() {
            List<Rejection> out = new ArrayList<>();
            Set<Integer> seen = new HashSet<>();
            duplicates.forEach(m -> {
                if (seen.add(m.index())) {
                    out.add(m.toRejection());
                }
            });
            return out;
        }
    }

    private final StationRepository repo;

    StationChecks(StationRepository repo) {
        this.repo = repo;
    }

    /**
     * The key names are compared by: NFKC (full-width forms and the ideographic space become ASCII), ASCII
     * white space removed, ASCII letters lower-cased. {@link StationRepository#NAME_KEY_SQL} is the same in SQL.
     */
    static String nameKey(String name) {
        String n = Normalizer.normalize(name, Normalizer.Form.NFKC);
        StringBuilder sb = new StringBuilder(n.length());
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r') {
                continue;
            }
            sb.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
        }
        return sb.toString();
    }

    /**
     * Checks {@code inputs} (with their request indexes). With {@code stopAtDuplicates}, a row with a
     * duplicate does not count as written when later rows of the import are compared with earlier ones.
     */
    Future<Result> check(List<StationInput> inputs, List<Integer> indexes, boolean stopAtDuplicates) {
        Set<String> externalIds = new HashSet<>();
        Set<String> districts = new HashSet<>();
        inputs.forEach(in -> {
            if (in.externalId() != null) {
                externalIds.add(in.externalId());
            }
            if (in.districtCode() != null) {
                districts.add(in.districtCode());
            }
        });
        // District codes first: a row refused for its code is never written, so it is neither checked for
        // duplicates nor compared with later rows (and is rejected once, not twice).
        return repo.unknownDistricts(districts).compose(unknown -> {
            List<Rejection> refused = districtRejections(inputs, indexes, unknown);
            Set<Integer> out = new HashSet<>();
            refused.forEach(r -> out.add(r.index()));
            return repo.liveExternalIds(externalIds).compose(live -> {
                List<Candidate> fresh = new ArrayList<>();
                for (int i = 0; i < inputs.size(); i++) {
                    StationInput in = inputs.get(i);
                    if (!out.contains(indexes.get(i)) && (in.externalId() == null || !live.contains(in.externalId()))) {
                        fresh.add(Candidate.of(indexes.get(i), in));
                    }
                }
                Future<List<Match>> stored = fresh.isEmpty()
                        ? Future.succeededFuture(List.of())
                        : repo.duplicates(fresh, SAME_KIND_M, SAME_NAME_M);
                return stored.map(matches -> new Result(withinImport(fresh, matches, stopAtDuplicates), refused));
            });
        });
    }

    /** Fails with a 400 naming district_code when the loaded regions contradict the station's code. */
    Future<StationInput> requireKnownDistrict(StationInput in) {
        if (in.districtCode() == null) {
            return Future.succeededFuture(in);
        }
        return repo.unknownDistricts(Set.of(in.districtCode()))
                .compose(unknown -> unknown.isEmpty()
                        ? Future.succeededFuture(in)
                        : Future.failedFuture(ApiException.invalid(
                                "district_code",
                                districtRejections(List.of(in), List.of(0), unknown)
                                        .get(0)
                                        .message())));
    }

    /** Stored matches and matches between new rows, merged in row order (stored first for each row). */
    private static List<Match> withinImport(List<Candidate> fresh, List<Match> stored, boolean stopAtDuplicates) {
        Map<Integer, List<Match>> byRow = new HashMap<>();
        stored.forEach(
                m -> byRow.computeIfAbsent(m.index(), k -> new ArrayList<>()).add(m));
        Map<Long, List<Candidate>> grid = new HashMap<>();
        List<Match> out = new ArrayList<>();
        for (Candidate c : fresh) {
            List<Match> mine = new ArrayList<>(byRow.getOrDefault(c.index(), List.of()));
            long row = (long) Math.floor(c.lat() / CELL_DEG);
            int span = (int) Math.ceil(
                    SAME_NAME_M / (CELL_DEG * 110_000 * Math.max(Math.cos(Math.toRadians(c.lat())), 0.01)));
            long col = (long) Math.floor(c.lon() / CELL_DEG);
            for (long r = row - 1; r <= row + 1; r++) {
                for (long q = col - span; q <= col + span; q++) {
                    for (Candidate o : grid.getOrDefault(cell(r, q), List.of())) {
                        double d = Geodesic.WGS84.Inverse(c.lat(), c.lon(), o.lat(), o.lon()).s12;
                        boolean sameKind = o.kind().equals(c.kind()) && d <= SAME_KIND_M;
                        boolean sameName = o.nameKey().equals(c.nameKey()) && d <= SAME_NAME_M;
                        if (sameKind || sameName) {
                            mine.add(new Match(
                                    c.index(), null, o.index(), o.name(), o.kind(), null, sameKind, sameName, d));
                        }
                    }
                }
            }
            out.addAll(mine);
            if (mine.isEmpty() || !stopAtDuplicates) {
                grid.computeIfAbsent(cell(row, col), k -> new ArrayList<>()).add(c);
            }
        }
        return out;
    }

    private static long cell(long row, long col) {
        return row * 100_000_000L + col;
    }

    private static List<Rejection> districtRejections(
            List<StationInput> inputs, List<Integer> indexes, Set<String> unknown) {
        List<Rejection> out = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            String code = inputs.get(i).districtCode();
            if (code != null && unknown.contains(code)) {
                out.add(new Rejection(
                        indexes.get(i),
                        "district_code",
                        "district_code " + code + " is not among the loaded districts of city " + code.substring(0, 4)
                                + "00"));
            }
        }
        return out;
    }
}
