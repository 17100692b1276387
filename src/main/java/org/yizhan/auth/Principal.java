package org.yizhan.auth;

/**
 * The authenticated caller: an API token ({@code account} null) or an account's session token.
 * {@link #actor()} is what the audit trail records: the account's name for a session, else the token.
 *
 * @param accountId the account of a session, or 0 for an API token
 */
public record Principal(long tokenId, Role role, String label, long accountId, String account) {

    /** An API token, which belongs to no account. */
    public Principal(long tokenId, Role role, String label) {
        this(tokenId, role, label, 0, null);
    }

    public String actor() {
        return account != null ? account : "token:" + tokenId + " (" + label + ")";
    }
}
