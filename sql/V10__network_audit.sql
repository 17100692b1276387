-- Road network imports (GeoJSON and OpenStreetMap) are audited: one network_import row per import, naming
-- the actor, the network (subject network:NAME) and its counts (details: format, features, edges, vertices,
-- network_id). And the schema of osm2pgsql's staging tables (sql/osm/roads.lua), apart from the
-- application's tables: an OSM import stages its ways there, builds the graph from them and drops the table.

-- The action list grows by one. The existing list is read from the constraint rather than restated here, so
-- that actions added by any other migration are kept whatever order the migrations were written in.
DO $$
DECLARE
    actions text[];
BEGIN
    SELECT array_agg(DISTINCT m[1] ORDER BY m[1]) INTO actions
    FROM pg_constraint c, regexp_matches(pg_get_constraintdef(c.oid), '''([a-z_]+)''', 'g') AS m
    WHERE c.conrelid = 'audit_event'::regclass AND c.conname = 'audit_event_action';
    IF actions IS NULL THEN
        RAISE EXCEPTION 'audit_event has no audit_event_action constraint to extend';
    END IF;
    ALTER TABLE audit_event DROP CONSTRAINT audit_event_action;
    EXECUTE format('ALTER TABLE audit_event ADD CONSTRAINT audit_event_action CHECK (action = ANY (%L::text[]))',
                   array_append(array_remove(actions, 'network_import'), 'network_import'));
END
$$;

CREATE SCHEMA IF NOT EXISTS osm_import;
