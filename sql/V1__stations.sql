-- Stations (rest stations, parking, meal points), API tokens and the audit trail.
-- Every rule the API enforces is also a constraint here, so no client or script can bypass it.

CREATE EXTENSION IF NOT EXISTS postgis;

CREATE TABLE station (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    external_id      text,
    kind             text NOT NULL,
    category         text,
    name             text NOT NULL,
    address          text,
    district_code    text,
    scene            text,
    amenities        text[] NOT NULL DEFAULT '{}',
    opening_hours    text,
    access           text,
    capacity         integer,
    vehicle_types    text[],
    rider_discount   text,
    status           text NOT NULL DEFAULT 'open',
    operator         text,
    phone            text,
    demo             boolean NOT NULL DEFAULT false,
    last_verified_at timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    version          integer NOT NULL DEFAULT 1,
    deleted_at       timestamptz,
    -- WGS 84 longitude/latitude; geog is the same point as a geography, for metre distances on the
    -- ellipsoid and index-assisted nearest-neighbour search.
    geom             geometry(Point, 4326) NOT NULL,
    geog             geography(Point, 4326) GENERATED ALWAYS AS (geom::geography) STORED,

    CONSTRAINT station_external_id_len CHECK (external_id IS NULL OR char_length(external_id) BETWEEN 1 AND 100),
    CONSTRAINT station_kind CHECK (kind IN ('rest_station', 'parking', 'meal')),
    CONSTRAINT station_category CHECK (
        (kind = 'rest_station' AND category IN ('union_station', 'driver_home', 'party_service_center',
            'civilization_station', 'youth_home', 'women_home', 'enterprise_station', 'other'))
        OR (kind <> 'rest_station' AND category IS NULL)),
    CONSTRAINT station_name_len CHECK (char_length(name) BETWEEN 1 AND 120 AND name = btrim(name)),
    CONSTRAINT station_address_len CHECK (address IS NULL OR char_length(address) <= 300),
    CONSTRAINT station_district_code CHECK (district_code IS NULL OR district_code ~ '^[1-9][0-9]{5}$'),
    CONSTRAINT station_scene CHECK (scene IS NULL OR scene IN ('community', 'business_district',
        'office_building', 'industrial_park', 'transport_hub', 'highway_service_area', 'other')),
    CONSTRAINT station_amenities CHECK (amenities <@ ARRAY['drinking_water', 'microwave', 'phone_charging',
        'ebike_charging', 'battery_swap', 'toilet', 'rest_area', 'wifi', 'first_aid', 'aed',
        'air_conditioning', 'heating', 'umbrella', 'repair_tools', 'lockers', 'shower', 'lodging']::text[]),
    CONSTRAINT station_opening_hours_len CHECK (opening_hours IS NULL OR char_length(opening_hours) <= 255),
    CONSTRAINT station_access CHECK (access IS NULL OR access IN ('staffed', 'self_service_scan', 'code_lock', 'open')),
    CONSTRAINT station_capacity CHECK (capacity IS NULL OR capacity BETWEEN 0 AND 100000),
    CONSTRAINT station_vehicle_types CHECK (
        (kind = 'parking' AND (vehicle_types IS NULL
            OR vehicle_types <@ ARRAY['ebike', 'motorcycle', 'car', 'truck']::text[]))
        OR (kind <> 'parking' AND vehicle_types IS NULL)),
    CONSTRAINT station_rider_discount CHECK (
        rider_discount IS NULL OR (kind = 'meal' AND char_length(rider_discount) BETWEEN 1 AND 200)),
    CONSTRAINT station_status CHECK (status IN ('open', 'temporarily_closed', 'closed')),
    CONSTRAINT station_operator_len CHECK (operator IS NULL OR char_length(operator) <= 120),
    CONSTRAINT station_phone CHECK (phone IS NULL OR phone ~ '^[0-9+() -]{3,40}$'),
    CONSTRAINT station_version CHECK (version >= 1),
    CONSTRAINT station_geom_range CHECK (ST_X(geom) BETWEEN -180 AND 180 AND ST_Y(geom) BETWEEN -90 AND 90)
);

-- Unique when present, also across soft-deleted rows: an import that names a deleted station revives it.
CREATE UNIQUE INDEX station_external_id_key ON station (external_id) WHERE external_id IS NOT NULL;
CREATE INDEX station_geom_idx ON station USING gist (geom) WHERE deleted_at IS NULL;
CREATE INDEX station_geog_idx ON station USING gist (geog) WHERE deleted_at IS NULL;
CREATE INDEX station_amenities_idx ON station USING gin (amenities) WHERE deleted_at IS NULL;

-- Bearer tokens: only a SHA-256 hash is stored. Roles: admin (everything), editor (station writes),
-- viewer (read-only; writes answer 403).
CREATE TABLE api_token (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_hash  bytea NOT NULL UNIQUE,
    role        text NOT NULL CHECK (role IN ('admin', 'editor', 'viewer')),
    label       text NOT NULL CHECK (char_length(label) BETWEEN 1 AND 100),
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz
);

-- Who changed what: one row per station write, inserted in the same transaction as the write.
CREATE TABLE audit_event (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT now(),
    actor       text NOT NULL,
    action      text NOT NULL CHECK (action IN ('create', 'replace', 'patch', 'delete', 'import_insert', 'import_update')),
    station_id  bigint NOT NULL REFERENCES station (id),
    before      jsonb,
    after       jsonb
);
CREATE INDEX audit_event_station_idx ON audit_event (station_id, at);

-- ISO-8601 UTC text for a timestamp, as the API writes it (2026-11-22T19:05:00Z).
CREATE FUNCTION iso_utc(t timestamptz) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') $$;

-- The one GeoJSON Feature form of a station (WGS 84), used by the API and by the audit trail alike.
-- json, not jsonb, to keep the property order stable for readers.
CREATE FUNCTION station_feature(s station) RETURNS json
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
    SELECT json_build_object(
        'type', 'Feature',
        'id', s.id,
        'geometry', json_build_object('type', 'Point', 'coordinates', json_build_array(ST_X(s.geom), ST_Y(s.geom))),
        'properties', json_build_object(
            'id', s.id,
            'external_id', s.external_id,
            'kind', s.kind,
            'category', s.category,
            'name', s.name,
            'address', s.address,
            'district_code', s.district_code,
            'scene', s.scene,
            'amenities', to_json(s.amenities),
            'opening_hours', s.opening_hours,
            'access', s.access,
            'capacity', s.capacity,
            'vehicle_types', to_json(s.vehicle_types),
            'rider_discount', s.rider_discount,
            'status', s.status,
            'operator', s.operator,
            'phone', s.phone,
            'demo', s.demo,
            'last_verified_at', iso_utc(s.last_verified_at),
            'created_at', iso_utc(s.created_at),
            'updated_at', iso_utc(s.updated_at),
            'version', s.version))
    $$;
