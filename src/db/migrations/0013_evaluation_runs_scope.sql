-- A run re-scores everyone, or (after a model change) one subject type.
ALTER TABLE evaluation_runs ADD COLUMN subject_type text;
