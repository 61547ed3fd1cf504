-- Portal search over published records (bench/publication-search.ts, bench/README.md).
-- Each index is partial on exactly the query's own predicate, so the planner drops it and only
-- public_until is left to check — from the index itself. Counts become index-only scans.
DROP INDEX credit_records_public_idx;
CREATE INDEX credit_records_public_idx ON credit_records (item_code, decision_date DESC, id DESC)
  INCLUDE (public_until, tier, kinds) WHERE is_public AND status = 'ACTIVE';
CREATE INDEX credit_records_public_region_idx
  ON credit_records (item_code, region_code text_pattern_ops, decision_date DESC, id DESC)
  INCLUDE (public_until, tier, kinds) WHERE is_public AND status = 'ACTIVE';
CREATE INDEX credit_records_public_department_idx
  ON credit_records (item_code, department_id, decision_date DESC, id DESC)
  INCLUDE (public_until) WHERE is_public AND status = 'ACTIVE';
CREATE INDEX credit_records_public_tier_idx ON credit_records (item_code, tier, decision_date DESC, id DESC)
  INCLUDE (public_until) WHERE is_public AND status = 'ACTIVE';
CREATE INDEX credit_records_public_subject_idx
  ON credit_records (item_code, subject_id, decision_date DESC, id DESC)
  INCLUDE (public_until, region_code) WHERE is_public AND status = 'ACTIVE';
CREATE INDEX credit_records_public_kinds_idx ON credit_records USING gin (kinds)
  WHERE is_public AND status = 'ACTIVE';
CREATE INDEX credit_records_decision_no_idx ON credit_records (decision_no);
