/**
 * SQLite's functions the core's SQL calls that PostgreSQL 15 lacks, defined in the ledger's
 * schema under the same names so that SQL runs unchanged on both. Kept to functions whose
 * meaning is exact; where SQL differs otherwise the caller branches on the dialect.
 */
export const COMPAT_FUNCTIONS_SQL = `
-- json_valid(text): 1 when the text is JSON (SQLite: 1/0; here a boolean, which NOT and WHERE take alike).
-- PostgreSQL 16's IS JSON would do; 15 has only the cast, tried in a block that catches its error.
CREATE FUNCTION json_valid(t text) RETURNS boolean LANGUAGE plpgsql IMMUTABLE STRICT AS $$
BEGIN
  PERFORM t::json;
  RETURN true;
EXCEPTION WHEN others THEN
  RETURN false;
END
$$;
`;
