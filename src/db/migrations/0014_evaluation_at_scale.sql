-- Evaluation at scale (bench/evaluation.ts: a full recompute of 1,000,000 subjects).
--
-- The subject index of credit records carries every column scoring reads, so a chunk of subjects is
-- scored from an index-only range scan instead of one random heap page per record. Same key and
-- order as before: the archive's per-subject lists use it as they did.
CREATE INDEX credit_records_subject_facts_idx ON credit_records (subject_id, decision_date DESC)
  INCLUDE (status, item_code, tier, kinds, public_id);
DROP INDEX credit_records_subject_idx;
ALTER INDEX credit_records_subject_facts_idx RENAME TO credit_records_subject_idx;

-- The explanation is stored as written (`json`, validated but not converted): cheaper to take in
-- than `jsonb`, and its text can be compared with a newly computed one (md5) to skip unchanged results.
ALTER TABLE subject_evaluations ALTER COLUMN result TYPE json USING result::json;

-- Results and history are derived rows, written only by the scoring path with subject and model ids it
-- has just read; subjects and models are never deleted (models are retired). Their four foreign-key
-- checks were over a third of the time a full recompute spent writing (one trigger call a row each).
ALTER TABLE subject_evaluations DROP CONSTRAINT subject_evaluations_subject_id_fkey,
  DROP CONSTRAINT subject_evaluations_model_id_fkey;
ALTER TABLE evaluation_history DROP CONSTRAINT evaluation_history_subject_id_fkey,
  DROP CONSTRAINT evaluation_history_model_id_fkey;
