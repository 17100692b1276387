package org.yizhan.auth;

/**
 * What a bearer token may do. Accounts come later; roles are already enforced on every write.
 * admin: everything, including issuing tokens; editor: station writes and imports; viewer: read-only.
 */
public enum Role {
    ADMIN, EDITOR, VIEWER;

    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Role of(String code) {
        return valueOf(code.toUpperCase(java.util.Locale.ROOT));
    }
}
