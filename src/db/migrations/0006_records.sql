-- Data intake (信用信息归集) and 双公示 publication.

-- One intake call, uploaded file or CLI import.
CREATE TABLE intake_batches (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  item_code text NOT NULL,
  department_id bigint NOT NULL REFERENCES departments (id),
  channel text NOT NULL CHECK (channel IN ('API', 'FILE', 'CLI', 'CORRECTION')),
  file_name text,
  headers jsonb,                             -- the file's header row, for the error report
  encoding text,
  status text NOT NULL DEFAULT 'RUNNING' CHECK (status IN ('RUNNING', 'DONE', 'FAILED')),
  total integer NOT NULL DEFAULT 0,
  accepted integer NOT NULL DEFAULT 0,
  updated integer NOT NULL DEFAULT 0,
  duplicate integer NOT NULL DEFAULT 0,
  rejected integer NOT NULL DEFAULT 0,
  bytes_total bigint,
  bytes_read bigint NOT NULL DEFAULT 0,
  error_code text,
  error_message text,
  actor_type text NOT NULL,
  actor_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
CREATE INDEX intake_batches_department_idx ON intake_batches (department_id, created_at DESC);

-- Accepted credit records. Every record names its catalogue version and item.
-- item_id and batch_id carry no foreign keys: both parents are append-only (never updated or
-- deleted) and the pipeline sets them from rows it has just read, while per-row key checks cost a
-- third of bulk-intake time. Subject and department keep theirs.
CREATE TABLE credit_records (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  public_id text NOT NULL UNIQUE,
  item_id integer NOT NULL,                  -- catalogue_items (id)
  item_code text NOT NULL,
  category text NOT NULL,
  subject_id bigint NOT NULL REFERENCES subjects (id),
  department_id bigint NOT NULL REFERENCES departments (id),
  region_code text NOT NULL,                 -- the deciding authority's region (from its USCC), for scope
  decision_no text NOT NULL,                 -- 决定文书号: with the authority code the natural key
  authority_code text NOT NULL,
  authority_name text NOT NULL,
  decision_date date NOT NULL,
  valid_from date,
  valid_to date,
  tier text CHECK (tier IN ('MINOR', 'GENERAL', 'SERIOUS')),
  party_name text NOT NULL,
  party_class text NOT NULL,
  kinds text[] NOT NULL DEFAULT '{}',        -- licence category or penalty types, for filters
  fine_amount numeric(18, 6),                -- 万元
  fields jsonb NOT NULL,                     -- normalised values by field code; no identity numbers
  sealed bytea,                              -- non-public identity numbers, AES-256-GCM
  content_hash text NOT NULL,
  version integer NOT NULL DEFAULT 1,
  status text NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'WITHDRAWN')),
  withdrawn_at timestamptz,
  withdrawn_reason text,
  intake_date date NOT NULL,
  working_days_to_intake integer NOT NULL,
  late boolean NOT NULL,
  regime text,                               -- publicity regime: NEW (from 2026-04-01) or OLD
  public_until date,                         -- last day on the portal; null: never published
  minimum_until date,
  is_public boolean NOT NULL,                -- cleared at withdrawal and by the expiry job
  batch_id bigint,                           -- intake_batches (id)
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (item_code, authority_code, decision_no)
);
CREATE INDEX credit_records_subject_idx ON credit_records (subject_id, decision_date DESC);
CREATE INDEX credit_records_public_idx ON credit_records (item_code, decision_date DESC, id DESC) WHERE is_public;
CREATE INDEX credit_records_department_idx ON credit_records (department_id, intake_date);
CREATE INDEX credit_records_region_idx ON credit_records (region_code text_pattern_ops, decision_date DESC);

-- Earlier versions of a record, written when an update replaces them.
CREATE TABLE credit_record_history (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  record_id bigint NOT NULL REFERENCES credit_records (id),
  version integer NOT NULL,
  fields jsonb NOT NULL,
  content_hash text NOT NULL,
  status text NOT NULL,
  batch_id bigint REFERENCES intake_batches (id),
  replaced_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (record_id, version)
);

-- Rejected rows, kept with their errors until corrected or discarded (nothing is lost).
CREATE TABLE quarantine_rows (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  batch_id bigint NOT NULL REFERENCES intake_batches (id),
  item_code text NOT NULL,
  department_id bigint NOT NULL REFERENCES departments (id),
  row_number integer NOT NULL,
  natural_key text,                          -- authority code ␟ decision number, when the row names them
  raw_sealed bytea NOT NULL,                 -- the row as submitted, encrypted (it may hold identity numbers)
  raw_preview jsonb NOT NULL,                -- the row with identity numbers masked, for lists
  errors jsonb NOT NULL,
  status text NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'RESOLVED', 'DISCARDED')),
  record_id bigint REFERENCES credit_records (id),
  resolved_by text,
  resolved_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX quarantine_rows_open_idx ON quarantine_rows (department_id, status, id);
CREATE INDEX quarantine_rows_batch_idx ON quarantine_rows (batch_id, row_number);
CREATE INDEX quarantine_rows_key_idx ON quarantine_rows (item_code, natural_key) WHERE status = 'OPEN';

UPDATE roles SET permissions = permissions || ARRAY['catalogue:manage', 'intake:submit', 'records:read', 'records:withdraw', 'intake:stats']
  WHERE code = 'PLATFORM_ADMIN';
UPDATE roles SET permissions = permissions || ARRAY['intake:submit', 'records:read', 'records:withdraw', 'intake:stats']
  WHERE code IN ('DEPT_OPERATOR');
UPDATE roles SET permissions = permissions || ARRAY['records:read', 'intake:stats']
  WHERE code IN ('DEPT_REVIEWER');
