/**
 * The purchaser type a report counts a record under: the type the record gives (what the unit
 * wrote), else its purchaser's in 名录 (by credit code, else by name: filled from the credit
 * code when imported, or set by the clerk). One SQL expression over `records`, so the monthly
 * report's by-type table and the package's 明细 sheet (which `verify` recomputes that table
 * from) can never disagree.
 */
export const EFFECTIVE_PURCHASER_TYPE = `coalesce(records.purchaser_type,
  (SELECT p.type FROM purchasers p WHERE p.credit_code = records.credit_code AND p.type IS NOT NULL ORDER BY p.id LIMIT 1),
  (SELECT p.type FROM purchasers p WHERE p.name = records.purchaser_name AND p.type IS NOT NULL ORDER BY p.id LIMIT 1))`;
