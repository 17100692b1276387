-- The data version must move exactly when a write becomes visible. A sequence moves at once and outside
-- the writer's transaction (and its first nextval leaves last_value unchanged), so a reader could cache
-- an answer computed on the old data under the new version. A counter row updated inside the writer's
-- transaction becomes visible with the data, at commit. One row per table, so station writes do not
-- queue behind a demand import; the version is their sum.

CREATE TABLE data_version_counter (
    name text PRIMARY KEY,
    v    bigint NOT NULL
);
INSERT INTO data_version_counter (name, v) VALUES ('station', 1), ('region', 1), ('demand_point', 1);

CREATE OR REPLACE FUNCTION bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE data_version_counter SET v = v + 1 WHERE name = TG_TABLE_NAME;
    RETURN NULL;
END $$;

CREATE FUNCTION current_data_version() RETURNS bigint
    LANGUAGE sql STABLE
    AS $$ SELECT sum(v)::bigint FROM data_version_counter $$;

DROP SEQUENCE data_version;
