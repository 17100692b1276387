package org.yizhan.auth;

/**
 * What a bearer token or an account may do (docs/accounts.md has the table per endpoint).
 * admin: everything, including tokens and accounts; editor: stations (writes, imports) and riders' reports;
 * planner: regions, demand, road networks, coverage exports, what-if and suggestions, no station writes;
 * viewer: read-only.
 */
public enum Role {
    ADMIN,
    EDITOR,
    PLANNER,
    VIEWER;

    /** Every role's code, in order: admin, editor, planner, viewer. */
    public static final java.util.List<String> CODES =
            java.util.Arrays.stream(values()).map(Role::code).toList();

    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Role of(String code) {
        return valueOf(code.toUpperCase(java.util.Locale.ROOT));
    }
}
