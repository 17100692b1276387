-- The data version moves only when a statement changed rows. The statement triggers of V2 and V7 fired
-- for every statement, also one that matched nothing (an import of rows identical to the stored ones, a
-- delete of nothing), and each such bump threw away every cached coverage, grid and tile answer.
-- Transition tables say whether the statement touched a row; PostgreSQL allows them only on a trigger
-- for one event, so each table gets one trigger per event. TRUNCATE has no transition table and keeps
-- the plain bump.

CREATE FUNCTION bump_data_version_if_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF NOT EXISTS (SELECT 1 FROM old_rows) THEN
            RETURN NULL;
        END IF;
    ELSIF NOT EXISTS (SELECT 1 FROM new_rows) THEN
        RETURN NULL;
    END IF;
    UPDATE data_version_counter SET v = v + 1 WHERE name = TG_TABLE_NAME;
    RETURN NULL;
END $$;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['station', 'region', 'demand_point', 'road_network'] LOOP
        EXECUTE format('DROP TRIGGER %I ON %I', CASE t WHEN 'demand_point' THEN 'demand_data_version'
                                                        ELSE t || '_data_version' END, t);
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version_if_rows()', t || '_version_insert', t);
        EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING NEW TABLE AS new_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version_if_rows()', t || '_version_update', t);
        EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version_if_rows()', t || '_version_delete', t);
        EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I '
                       'FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version()', t || '_version_truncate', t);
    END LOOP;
END
$$;
