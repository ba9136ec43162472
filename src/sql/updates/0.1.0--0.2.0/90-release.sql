-- hredd 0.2.0: check_location in the forms users keep their data in
-- (issue 13): a declared country as text, coordinates as text.

-- The forms users keep their data in: a declared country as text (an
-- unknown one gets verdict "unverified", never an error in the middle of a
-- list), coordinates as text (a decimal comma is read; what is not a number
-- gets "out of range").  numeric, integer and varchar arguments resolve to
-- these through PostgreSQL's implicit casts.
CREATE FUNCTION hredd.check_location(lat float8, lng float8, declared text)
RETURNS TABLE (verdict text, located_in hredd.country, distance_km float8, detail text)
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, hredd, pg_temp AS $$
DECLARE
    known hredd.country := hredd.try_country(declared);
BEGIN
    IF known IS NOT NULL OR btrim(coalesce(declared, '')) = '' THEN
        RETURN QUERY SELECT r.verdict, r.located_in, r.distance_km, r.detail
                     FROM hredd.check_location(lat, lng, known) r;
        RETURN;
    END IF;
    RETURN QUERY
    SELECT CASE WHEN r.verdict IN ('ok', 'at sea') THEN 'unverified' ELSE r.verdict END, r.located_in, r.distance_km,
           format('The declared country "%s" is unknown to hredd: %s%s. %s', left(declared, 60),
                  lower(left(hredd.country_error(declared), 1)), rtrim(substr(hredd.country_error(declared), 2), '.'),
                  r.detail)
    FROM hredd.check_location(lat, lng, NULL::hredd.country) r;
END
$$;
COMMENT ON FUNCTION hredd.check_location(float8, float8, text) IS 'check_location with the declared country as text: a name or code hredd reads as a country is checked as that country; any other text gets verdict unverified, saying why';

CREATE FUNCTION hredd.check_location(lat text, lng text, declared text DEFAULT NULL)
RETURNS TABLE (verdict text, located_in hredd.country, distance_km float8, detail text)
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, hredd, pg_temp AS $$
DECLARE
    number constant text := '^[+-]?([0-9]+([.,][0-9]*)?|[.,][0-9]+)([eE][+-]?[0-9]+)?$';
BEGIN
    IF btrim(coalesce(lat, '')) = '' OR btrim(coalesce(lng, '')) = '' THEN
        RETURN QUERY SELECT r.verdict, r.located_in, r.distance_km, r.detail
                     FROM hredd.check_location(NULL::float8, NULL::float8, declared) r;
    ELSIF btrim(lat) !~ number THEN
        RETURN QUERY SELECT 'out of range', NULL::hredd.country, NULL::float8,
            format('Latitude "%s" is not a number.', left(lat, 40));
    ELSIF btrim(lng) !~ number THEN
        RETURN QUERY SELECT 'out of range', NULL::hredd.country, NULL::float8,
            format('Longitude "%s" is not a number.', left(lng, 40));
    ELSE
        RETURN QUERY SELECT r.verdict, r.located_in, r.distance_km, r.detail
                     FROM hredd.check_location(replace(btrim(lat), ',', '.')::float8,
                                               replace(btrim(lng), ',', '.')::float8, declared) r;
    END IF;
END
$$;
COMMENT ON FUNCTION hredd.check_location(text, text, text) IS 'check_location with coordinates as text (decimal point or comma; empty is missing, anything else not a number is out of range)';

CREATE FUNCTION hredd.check_location(lat text, lng text, declared hredd.country)
RETURNS TABLE (verdict text, located_in hredd.country, distance_km float8, detail text)
LANGUAGE sql STABLE PARALLEL SAFE SET search_path = pg_catalog, hredd, pg_temp AS $$
    SELECT r.verdict, r.located_in, r.distance_km, r.detail FROM hredd.check_location(lat, lng, declared::text) r
$$;
COMMENT ON FUNCTION hredd.check_location(text, text, hredd.country) IS 'check_location with coordinates as text and a declared country';
