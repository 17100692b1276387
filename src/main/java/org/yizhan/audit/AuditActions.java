package org.yizhan.audit;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The closed set of audit actions, as {@code sql/V8__accounts.sql} and {@code sql/V10__network_audit.sql}
 * constrain them. Station writes name their station and carry before/after Features; the others carry a
 * subject and a small summary.
 */
public final class AuditActions {
    public static final String REGION_IMPORT = "region_import";
    public static final String DEMAND_IMPORT = "demand_import";
    public static final String DEMAND_CLEAR = "demand_clear";
    public static final String TOKEN_ISSUE = "token_issue";
    /** A moderator accepted a rider's report: the station write it applied (subject report:ID). */
    public static final String REPORT_ACCEPT = "report_accept";
    /** An editor confirmed a station as it is (last_verified_at moves). */
    public static final String VERIFY = "verify";
    /** Three riders' still_here within 30 days verified a station. */
    public static final String RIDER_VERIFY = "rider_verify";
    /** A token (API or session) was revoked, by DELETE /tokens/{id} or by a logout: subject token:ID. */
    public static final String TOKEN_REVOKE = "token_revoke";
    /** An account was created (subject account:NAME, its role in details; never a password or hash). */
    public static final String ACCOUNT_CREATE = "account_create";
    /** An account's role, disabled state or password changed (details: what changed, never the password). */
    public static final String ACCOUNT_UPDATE = "account_update";
    /** A moderator rejected a rider's report (no station write; subject report:ID, the reason in details). */
    public static final String REPORT_REJECT = "report_reject";

    /** A road network was imported, GeoJSON or OSM (subject network:NAME; format and counts in details). */
    public static final String NETWORK_IMPORT = "network_import";

    /** A sign-in issued a session (actor and subject the account; the session's token id in details). */
    public static final String LOGIN = "login";
    /** A name and password that did not sign in (actor anonymous; the reason in details, never the password). */
    public static final String LOGIN_FAILED = "login_failed";

    /** Station writes: one row per station written, with station_id, before and after. */
    public static final Set<String> STATION = ordered(
            "create",
            "replace",
            "patch",
            "delete",
            "import_insert",
            "import_update",
            REPORT_ACCEPT,
            VERIFY,
            RIDER_VERIFY);

    /** Every action, station writes first. */
    public static final Set<String> ALL = withStation(
            REGION_IMPORT,
            DEMAND_IMPORT,
            DEMAND_CLEAR,
            TOKEN_ISSUE,
            REPORT_REJECT,
            TOKEN_REVOKE,
            ACCOUNT_CREATE,
            ACCOUNT_UPDATE,
            NETWORK_IMPORT,
            LOGIN,
            LOGIN_FAILED);

    private AuditActions() {}

    /** {@link #STATION}, then {@code others}, in order. */
    private static Set<String> withStation(String... others) {
        LinkedHashSet<String> all = new LinkedHashSet<>(STATION);
        all.addAll(List.of(others));
        return Collections.unmodifiableSet(all);
    }

    private static Set<String> ordered(String... values) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(List.of(values)));
    }
}
