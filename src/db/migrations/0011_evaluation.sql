-- 公共信用综合评价 (DOMAIN §10): versioned indicator models, each subject's current explained result
-- and its history, human review on request (PIPL Art. 24), and the event cursor that keeps results current.

CREATE TABLE evaluation_models (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  subject_type text NOT NULL,
  version text NOT NULL,
  model jsonb NOT NULL,
  status text NOT NULL DEFAULT 'DRAFT' CHECK (status IN ('DRAFT', 'ACTIVE', 'RETIRED')),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text,
  activated_at timestamptz,
  UNIQUE (subject_type, version)
);
CREATE UNIQUE INDEX evaluation_models_active_idx ON evaluation_models (subject_type) WHERE status = 'ACTIVE';

CREATE TABLE subject_evaluations (
  subject_id bigint PRIMARY KEY REFERENCES subjects (id),
  model_id integer NOT NULL REFERENCES evaluation_models (id),
  state text NOT NULL CHECK (state IN ('RATED', 'INSUFFICIENT')),
  score integer,
  grade text CHECK (grade IN ('A', 'B', 'C', 'D')),
  result jsonb NOT NULL,
  computed_at timestamptz NOT NULL
);
CREATE INDEX subject_evaluations_grade_idx ON subject_evaluations (grade);

-- One row per change of score or grade.
CREATE TABLE evaluation_history (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  subject_id bigint NOT NULL REFERENCES subjects (id),
  model_id integer NOT NULL REFERENCES evaluation_models (id),
  state text NOT NULL,
  score integer,
  grade text,
  computed_at timestamptz NOT NULL
);
CREATE INDEX evaluation_history_subject_idx ON evaluation_history (subject_id, computed_at DESC);

CREATE TABLE evaluation_reviews (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  subject_id bigint NOT NULL REFERENCES subjects (id),
  requested_by text NOT NULL,
  reason text NOT NULL,
  score integer,
  grade text,
  status text NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'UPHELD', 'CORRECTED')),
  resolution text,
  created_at timestamptz NOT NULL DEFAULT now(),
  resolved_at timestamptz,
  resolved_by text
);

-- How far the re-scoring has read the credit log (its leaves name the subjects that changed).
CREATE TABLE evaluation_cursor (
  id integer PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  ledger_idx bigint NOT NULL DEFAULT 0
);
INSERT INTO evaluation_cursor (id, ledger_idx) VALUES (1, 0);

UPDATE roles SET permissions = permissions || ARRAY['evaluation:read', 'evaluation:manage']
  WHERE code = 'PLATFORM_ADMIN';
UPDATE roles SET permissions = permissions || ARRAY['evaluation:read'] WHERE code IN ('DEPT_OPERATOR', 'DEPT_REVIEWER');

-- Full recomputations (new model version or period): resumable from the last subject done.
CREATE TABLE evaluation_runs (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  reason text NOT NULL,
  status text NOT NULL DEFAULT 'RUNNING' CHECK (status IN ('RUNNING', 'DONE', 'FAILED')),
  total integer NOT NULL,
  processed integer NOT NULL DEFAULT 0,
  last_subject_id bigint NOT NULL DEFAULT 0,
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
