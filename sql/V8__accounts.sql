-- Named accounts with Argon2id password hashes, the planner role, and session tokens.
-- A session is an api_token row that belongs to an account and expires; its role is the account's
-- current role (a role change or a disabled account takes effect at the next request). API tokens
-- (account_id NULL) keep working as before and never expire.

CREATE TABLE account (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name           text NOT NULL UNIQUE CHECK (name ~ '^[a-z0-9][a-z0-9._-]{1,63}$'),
    role           text NOT NULL CHECK (role IN ('admin', 'editor', 'planner', 'viewer')),
    -- PHC string: $argon2id$v=19$m=...,t=...,p=...$salt$hash (never sent, never logged)
    password_hash  text NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
    created_at     timestamptz NOT NULL DEFAULT now(),
    disabled_at    timestamptz
);

ALTER TABLE api_token DROP CONSTRAINT api_token_role_check;
ALTER TABLE api_token ADD CONSTRAINT api_token_role CHECK (role IN ('admin', 'editor', 'planner', 'viewer'));
ALTER TABLE api_token ADD COLUMN account_id bigint REFERENCES account (id);
ALTER TABLE api_token ADD COLUMN expires_at timestamptz;
-- Sessions belong to an account and expire; API tokens do neither.
ALTER TABLE api_token ADD CONSTRAINT api_token_session CHECK ((account_id IS NULL) = (expires_at IS NULL));
CREATE INDEX api_token_account_idx ON api_token (account_id) WHERE account_id IS NOT NULL;

ALTER TABLE audit_event DROP CONSTRAINT audit_event_action;
ALTER TABLE audit_event ADD CONSTRAINT audit_event_action CHECK (action IN (
    'create', 'replace', 'patch', 'delete', 'import_insert', 'import_update',
    'report_accept', 'verify', 'rider_verify',
    'region_import', 'demand_import', 'demand_clear', 'token_issue', 'report_reject',
    'token_revoke', 'account_create', 'account_update'));
