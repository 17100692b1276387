-- A data version is a tile's ETag and every cache's key, so it must never name two different states of
-- the data. A fresh database started its counters at 1: an ETag a phone kept from another database (a
-- reinstall, a new cluster behind the same host name) could match a different tile by chance. And a
-- restore took the counters back to the backup's values, which later writes reach again with other
-- data. Each counter now moves by a random amount (up to 2^40) here, once, and after every restore
-- (db/Backup calls this function); a version stays below 2^53, exact as a JavaScript number.
CREATE FUNCTION reseed_data_versions() RETURNS void LANGUAGE sql AS $$
    UPDATE data_version_counter SET v = v + 1 + floor(random() * 2 ^ 40)::bigint
$$;

SELECT reseed_data_versions();
