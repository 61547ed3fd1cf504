-- Bulk intake (bench/intake.ts): the subject and department foreign keys of credit_records cost a
-- trigger call and an index probe a row — about an eighth of PostgreSQL's share of an import. Like
-- item_id and batch_id (0006), both parents are never deleted, and the pipeline sets both from rows
-- it has just read or registered in the same transaction.
ALTER TABLE credit_records DROP CONSTRAINT credit_records_subject_id_fkey,
  DROP CONSTRAINT credit_records_department_id_fkey;
