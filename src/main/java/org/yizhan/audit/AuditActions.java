package org.yizhan.audit;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The closed set of audit actions, as {@code sql/V5__global_audit.sql} constrains them. Station writes
 * name their station and carry before/after Features; the others carry a subject and a small summary.
 */
public final class AuditActions {
    public static final String REGION_IMPORT = "region_import";
    public static final String DEMAND_IMPORT = "demand_import";
    public static final String DEMAND_CLEAR = "demand_clear";
    public static final String TOKEN_ISSUE = "token_issue";

    /** Station writes: one row per station written, with station_id, before and after. */
    public static final Set<String> STATION = ordered("create", "replace", "patch", "delete", "import_insert",
            "import_update");

    /** Every action, station writes first. */
    public static final Set<String> ALL = ordered("create", "replace", "patch", "delete", "import_insert",
            "import_update", REGION_IMPORT, DEMAND_IMPORT, DEMAND_CLEAR, TOKEN_ISSUE);

    private AuditActions() {
    }

    private static Set<String> ordered(String... values) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(List.of(values)));
    }
}
