-- Regions (city, districts, streets, planners' own areas) and aggregated rider demand, for coverage.
-- Plus one counter that moves on every change to stations, regions or demand, so coverage answers
-- can be cached and still be fresh after any write, from this process or another.

CREATE TABLE region (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code        text NOT NULL UNIQUE CHECK (code ~ '^[A-Za-z0-9_.-]{1,40}$'),
    name        text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 120),
    level       text NOT NULL CHECK (level IN ('city', 'district', 'street', 'custom')),
    parent_id   bigint REFERENCES region (id) ON DELETE SET NULL,
    approximate boolean NOT NULL DEFAULT false,
    -- Valid by construction: imports run ST_MakeValid and reject what cannot be repaired.
    geom        geometry(MultiPolygon, 4326) NOT NULL CHECK (ST_IsValid(geom) AND NOT ST_IsEmpty(geom)),
    area_km2    double precision NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX region_geom_idx ON region USING gist (geom);
CREATE INDEX region_parent_idx ON region (parent_id);

-- Aggregated demand only (e.g. orders per hour per 200 m cell): never an individual rider's track.
CREATE TABLE demand_point (
    id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source   text NOT NULL CHECK (source ~ '^[A-Za-z0-9_.:-]{1,60}$'),
    period   text CHECK (period IS NULL OR char_length(period) BETWEEN 1 AND 60),
    weight   double precision NOT NULL CHECK (weight >= 0 AND weight < 1e12),
    geom     geometry(Point, 4326) NOT NULL,
    geog     geography(Point, 4326) GENERATED ALWAYS AS (geom::geography) STORED
);
CREATE INDEX demand_point_geom_idx ON demand_point USING gist (geom);
CREATE INDEX demand_point_geog_idx ON demand_point USING gist (geog);
CREATE INDEX demand_point_source_idx ON demand_point (source);

CREATE SEQUENCE data_version;

CREATE FUNCTION bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM nextval('data_version');
    RETURN NULL;
END $$;

CREATE TRIGGER station_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON station
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER region_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON region
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER demand_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON demand_point
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();

-- The UTM zone (WGS 84) whose projection measures a geometry with < 0.5 % area error: the zone of its
-- centroid. Callers bound the extent (coverage refuses regions wider than 6° of longitude).
CREATE FUNCTION utm_srid(g geometry) RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
    SELECT (CASE WHEN ST_Y(ST_Centroid(g)) >= 0 THEN 32600 ELSE 32700 END)
           + least(60, greatest(1, floor((ST_X(ST_Centroid(g)) + 180) / 6)::int + 1))
    $$;
