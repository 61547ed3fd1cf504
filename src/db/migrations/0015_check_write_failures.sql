-- Checks the write-behind recorder could not store however it split the batch (a value PostgreSQL
-- refuses): kept here as the JSON of the row, as bytes so that nothing in it can be refused again.
CREATE TABLE check_write_failures (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  check_id text NOT NULL,
  checked_at timestamptz NOT NULL,
  row_json bytea NOT NULL,
  error_code text,
  error_message text NOT NULL,
  failed_at timestamptz NOT NULL DEFAULT now()
);
