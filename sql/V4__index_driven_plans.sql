-- Every request on stations has a spatial driver: the nearest search walks the geography index in
-- distance order, the listing and coverage use the geometry index on a box. The GIN index on amenities
-- served none of them, but it offered the planner a way out: for a rare amenity combination it chose a
-- bitmap scan on this index and a sort of every match by distance, instead of the index walk that stops
-- after k rows (bench/nearest.sh, docs/benchmarks.md). Without it the amenity test is a filter on the walk.
DROP INDEX IF EXISTS station_amenities_idx;
