-- Riders' voice and data freshness: reports on stations (no account), their moderation, anonymous
-- check-ins counted per station and hour, and who verified a station last.
--
-- Privacy: nothing here holds a reporter's position, address, IP address or device id. A report's
-- only point is the position a rider suggests for the station (kind moved); abuse control keys live in
-- the server's memory only (docs/reports.md).

-- Who verified the station at last_verified_at: an editor (a write, a confirmation, an accepted
-- report) or riders (three still_here reports from different clients within 30 days).
ALTER TABLE station ADD COLUMN verified_by text;
ALTER TABLE station ADD CONSTRAINT station_verified_by CHECK (
    (last_verified_at IS NULL AND verified_by IS NULL)
    OR (last_verified_at IS NOT NULL AND verified_by IN ('editor', 'riders')));
-- Why a station is closed, shown to riders; only a closed or temporarily closed station has one.
ALTER TABLE station ADD COLUMN status_reason text;
ALTER TABLE station ADD CONSTRAINT station_status_reason CHECK (
    status_reason IS NULL OR (status <> 'open' AND char_length(status_reason) BETWEEN 1 AND 300));
UPDATE station SET verified_by = 'editor' WHERE last_verified_at IS NOT NULL;

-- The one Feature form again, with the two new members after last_verified_at (StationRows agrees).
CREATE OR REPLACE FUNCTION station_feature(s station) RETURNS json
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
            'status_reason', s.status_reason,
            'operator', s.operator,
            'phone', s.phone,
            'demo', s.demo,
            'last_verified_at', iso_utc(s.last_verified_at),
            'verified_by', s.verified_by,
            'created_at', iso_utc(s.created_at),
            'updated_at', iso_utc(s.updated_at),
            'version', s.version))
    $$;

CREATE TABLE station_report (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    station_id      bigint NOT NULL REFERENCES station (id),
    kind            text NOT NULL CHECK (kind IN ('still_here', 'closed_now', 'closed_permanently', 'moved',
                        'wrong_hours', 'missing_amenity', 'extra_amenity', 'other')),
    -- still_here is a confirmation, never queued: it is 'noted'. Problem reports start 'open'.
    status          text NOT NULL CHECK (status IN ('noted', 'open', 'accepted', 'rejected')),
    -- The proposed change: a position for the station (moved), hours (wrong_hours), amenities.
    proposed_geom   geometry(Point, 4326),
    proposed_hours  text CHECK (proposed_hours IS NULL OR char_length(proposed_hours) <= 255),
    amenities       text[],
    comment         text CHECK (comment IS NULL OR char_length(comment) BETWEEN 1 AND 500),
    -- What abuse control noticed: repeated_text, station_burst, short_text.
    flags           text[] NOT NULL DEFAULT '{}',
    created_at      timestamptz NOT NULL,
    decided_at      timestamptz,
    decided_by      text CHECK (decided_by IS NULL OR char_length(decided_by) BETWEEN 1 AND 200),
    decision_reason text CHECK (decision_reason IS NULL OR char_length(decision_reason) BETWEEN 1 AND 300),
    -- The accepted report whose change closed this one (itself, for the one accepted).
    resolved_by     bigint REFERENCES station_report (id),

    CONSTRAINT station_report_kind_status CHECK ((kind = 'still_here') = (status = 'noted')),
    CONSTRAINT station_report_moved CHECK ((kind = 'moved') = (proposed_geom IS NOT NULL)),
    CONSTRAINT station_report_hours CHECK ((kind = 'wrong_hours') = (proposed_hours IS NOT NULL)),
    CONSTRAINT station_report_amenities CHECK (
        (kind IN ('missing_amenity', 'extra_amenity')) = (amenities IS NOT NULL)
        AND (amenities IS NULL OR (cardinality(amenities) BETWEEN 1 AND 17 AND amenities <@ ARRAY['drinking_water',
            'microwave', 'phone_charging', 'ebike_charging', 'battery_swap', 'toilet', 'rest_area', 'wifi',
            'first_aid', 'aed', 'air_conditioning', 'heating', 'umbrella', 'repair_tools', 'lockers', 'shower',
            'lodging']::text[]))),
    CONSTRAINT station_report_other CHECK (kind <> 'other' OR comment IS NOT NULL),
    CONSTRAINT station_report_decision CHECK ((status IN ('accepted', 'rejected')) = (decided_at IS NOT NULL)),
    CONSTRAINT station_report_flags CHECK (flags <@ ARRAY['repeated_text', 'station_burst', 'short_text']::text[])
);
-- The moderation queue: newest first per status, keyset-paged on (created_at, id).
CREATE INDEX station_report_queue_idx ON station_report (status, created_at DESC, id DESC);
-- A station's recent reports (read answers, matching reports on accept).
CREATE INDEX station_report_station_idx ON station_report (station_id, kind, created_at);

-- Anonymous check-ins: a count per station per hour, nothing else.
CREATE TABLE station_checkin (
    station_id bigint NOT NULL REFERENCES station (id),
    hour       timestamptz NOT NULL CHECK (date_trunc('hour', hour) = hour),
    n          integer NOT NULL CHECK (n >= 1),
    PRIMARY KEY (station_id, hour)
);
CREATE INDEX station_checkin_hour_idx ON station_checkin (hour);

-- Decisions are audited: an accepted report, an editor's confirmation and riders' verification are
-- station writes (before/after); a rejection names the report in subject.
ALTER TABLE audit_event DROP CONSTRAINT audit_event_action;
ALTER TABLE audit_event DROP CONSTRAINT audit_event_station;
ALTER TABLE audit_event ADD CONSTRAINT audit_event_action CHECK (action IN (
    'create', 'replace', 'patch', 'delete', 'import_insert', 'import_update',
    'report_accept', 'verify', 'rider_verify',
    'region_import', 'demand_import', 'demand_clear', 'token_issue', 'report_reject'));
ALTER TABLE audit_event ADD CONSTRAINT audit_event_station CHECK (
    (station_id IS NOT NULL) = (action IN ('create', 'replace', 'patch', 'delete', 'import_insert', 'import_update',
        'report_accept', 'verify', 'rider_verify')));
