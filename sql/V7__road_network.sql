-- Road networks for travel-time isochrones and coverage (org.yizhan.routing, docs/routing.md).
-- pgRouting is required: a database server without it fails this migration with the message below
-- (install postgresql-15-pgrouting, or your server's package, and start again).

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pgrouting') THEN
        RAISE EXCEPTION 'pgRouting is not installed on this PostgreSQL server; Yizhan needs it for travel-time isochrones and coverage (sql/V7). Install the package (Debian/Ubuntu: postgresql-15-pgrouting, matching your server version) and start again.';
    END IF;
END $$;

CREATE EXTENSION IF NOT EXISTS pgrouting;

-- One routable graph per name; an import replaces the whole network (its edges and vertices) in one transaction.
CREATE TABLE road_network (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        text NOT NULL UNIQUE CHECK (name ~ '^[A-Za-z0-9_.-]{1,64}$'),
    synthetic   boolean NOT NULL DEFAULT false,
    imported_at timestamptz NOT NULL DEFAULT now()
);

-- Graph vertices: the noded ends of edges. Ids are per network, given by the importer.
CREATE TABLE road_vertex (
    network_id bigint NOT NULL REFERENCES road_network(id) ON DELETE CASCADE,
    id         bigint NOT NULL,
    geom       geometry(Point, 4326) NOT NULL,
    PRIMARY KEY (network_id, id)
);
CREATE INDEX road_vertex_geom_idx ON road_vertex USING gist (geom);

-- Noded edges. Costs are seconds per mode, forward (source to target) and reverse; negative means the
-- mode may not use the edge in that direction (pgRouting leaves such edges out).
CREATE TABLE road_edge (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    network_id    bigint NOT NULL REFERENCES road_network(id) ON DELETE CASCADE,
    source        bigint NOT NULL,
    target        bigint NOT NULL,
    highway       text NOT NULL,
    oneway        smallint NOT NULL CHECK (oneway IN (-1, 0, 1)),
    layered       boolean NOT NULL,
    length_m      double precision NOT NULL CHECK (length_m >= 0),
    cost_ebike    double precision NOT NULL,
    rcost_ebike   double precision NOT NULL,
    cost_walk     double precision NOT NULL,
    rcost_walk    double precision NOT NULL,
    cost_car      double precision NOT NULL,
    rcost_car     double precision NOT NULL,
    cost_truck    double precision NOT NULL,
    rcost_truck   double precision NOT NULL,
    geom          geometry(LineString, 4326) NOT NULL
);
CREATE INDEX road_edge_network_idx ON road_edge (network_id);
CREATE INDEX road_edge_geom_idx ON road_edge USING gist (geom);

-- A network import moves the data version (sql/V3), so cached reachable sets and coverage answers computed
-- on the old graph are never served after the new one commits.
INSERT INTO data_version_counter (name, v) VALUES ('road_network', 1);
CREATE TRIGGER road_network_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON road_network
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
