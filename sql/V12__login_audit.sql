-- Sign-ins are audited: `login` (a session was issued: actor and subject the account, details the session's
-- token id) and `login_failed` (a name and password that did not sign in: actor '(anonymous)', subject the
-- account when the name is one, details the reason; never the password, and never a name that is no
-- account's, which is often a password typed into the wrong field). Throttled attempts (429) do no password
-- work and leave no row, so the throttles bound how many rows a client can cause.

-- As in V10: the existing list is read from the constraint, so actions added by other migrations are kept.
-- Since V10 the constraint reads CHECK ((action = ANY ('{create,replace,...}'::text[]))), an array literal
-- rather than V5's quoted words, so both forms are read.
DO $$
DECLARE
    def text;
    actions text[];
BEGIN
    SELECT pg_get_constraintdef(c.oid) INTO def
    FROM pg_constraint c WHERE c.conrelid = 'audit_event'::regclass AND c.conname = 'audit_event_action';
    actions := substring(def FROM '''(\{[a-z_,]*\})''')::text[];
    IF actions IS NULL THEN
        SELECT array_agg(m[1]) INTO actions FROM regexp_matches(def, '''([a-z_]+)''', 'g') AS m;
    END IF;
    IF actions IS NULL THEN
        RAISE EXCEPTION 'audit_event has no audit_event_action constraint to extend';
    END IF;
    ALTER TABLE audit_event DROP CONSTRAINT audit_event_action;
    EXECUTE format('ALTER TABLE audit_event ADD CONSTRAINT audit_event_action CHECK (action = ANY (%L::text[]))',
                   array_cat(array_remove(array_remove(actions, 'login'), 'login_failed'),
                             ARRAY['login', 'login_failed']));
END
$$;
