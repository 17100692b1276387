-- One audit trail for every write, not only station writes: region imports, demand imports and clears,
-- and issued tokens too (GET /api/v1/audit). Station writes keep station_id and before/after Features;
-- the other events name what they touched in subject and carry a small summary in details (counts,
-- source, region codes, the token's id, role and label), never bulk data and never a token or its hash.

ALTER TABLE audit_event ALTER COLUMN station_id DROP NOT NULL;
ALTER TABLE audit_event ADD COLUMN subject text;
ALTER TABLE audit_event ADD COLUMN details jsonb;

ALTER TABLE audit_event DROP CONSTRAINT audit_event_action_check;
ALTER TABLE audit_event ADD CONSTRAINT audit_event_action CHECK (action IN (
    'create', 'replace', 'patch', 'delete', 'import_insert', 'import_update',
    'region_import', 'demand_import', 'demand_clear', 'token_issue'));
-- Station actions name their station; the others name none.
ALTER TABLE audit_event ADD CONSTRAINT audit_event_station CHECK (
    (station_id IS NOT NULL) = (action IN ('create', 'replace', 'patch', 'delete', 'import_insert', 'import_update')));
ALTER TABLE audit_event ADD CONSTRAINT audit_event_subject_len CHECK (
    subject IS NULL OR char_length(subject) BETWEEN 1 AND 200);
-- A summary, not a payload: a region import's 2,000 codes of 40 characters stay well inside.
ALTER TABLE audit_event ADD CONSTRAINT audit_event_details_size CHECK (
    details IS NULL OR octet_length(details::text) <= 256 * 1024);

-- The listing is newest first, keyset-paged on (at, id); with an actor or action filter it walks that
-- filter's index in the same order and stops after one page.
CREATE INDEX audit_event_at_idx ON audit_event (at DESC, id DESC);
CREATE INDEX audit_event_actor_idx ON audit_event (actor, at DESC, id DESC);
CREATE INDEX audit_event_action_idx ON audit_event (action, at DESC, id DESC);
