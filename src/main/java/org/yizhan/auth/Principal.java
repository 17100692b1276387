package org.yizhan.auth;

/** The authenticated caller; {@link #actor()} is what the audit trail records. */
public record Principal(long tokenId, Role role, String label) {
    public String actor() {
        return "token:" + tokenId + " (" + label + ")";
    }
}
