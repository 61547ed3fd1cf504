-- Lists (名单, DOMAIN §5) and joint rewards and punishments (联合奖惩, DOMAIN §6): measures as data,
-- list entries with their lifecycle, candidate detection, checks by business systems and feedback.

-- 事项: the administrative matters a business system handles when it checks a subject.
CREATE TABLE matters (
  code text PRIMARY KEY,
  name text NOT NULL
);

-- 措施清单: the national base list and the Jilin supplementary list, versioned per measure code.
CREATE TABLE measures (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code text NOT NULL,
  version integer NOT NULL,
  list text NOT NULL CHECK (list IN ('NATIONAL', 'JILIN')),
  class smallint NOT NULL CHECK (class IN (1, 2, 3)),
  name text NOT NULL,
  legal_basis text NOT NULL,
  implementing_departments text[] NOT NULL,
  list_types text[] NOT NULL,
  subject_types text[] NOT NULL,
  matters text[] NOT NULL,
  action text NOT NULL CHECK (action IN ('BLOCK', 'REVIEW', 'PROMPT', 'FACILITATE')),
  extends_to_responsible boolean NOT NULL DEFAULT false,
  status text NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'RETIRED')),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by integer,
  UNIQUE (code, version)
);
CREATE UNIQUE INDEX measures_active_idx ON measures (code) WHERE status = 'ACTIVE';

CREATE TABLE list_entries (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  public_id text NOT NULL UNIQUE,
  list_type text NOT NULL CHECK (list_type IN ('RED', 'SERIOUS_DISHONESTY', 'KEY_ATTENTION', 'ABNORMAL_OPERATION', 'DISHONEST_DEBTOR')),
  source text NOT NULL CHECK (source IN ('DECIDED', 'MIRRORED')),
  -- For mirrored entries: the intake record they mirror (one entry per record).
  record_id bigint UNIQUE REFERENCES credit_records (id),
  status text NOT NULL CHECK (status IN ('DRAFT', 'NOTICED', 'DECIDED', 'PUBLISHED', 'EXPIRED', 'REMOVED', 'REVOKED', 'CANCELLED')),
  subject_id bigint NOT NULL REFERENCES subjects (id),
  department_id integer REFERENCES departments (id),
  decided_by_name text NOT NULL,
  region_code text NOT NULL,
  facts text NOT NULL DEFAULT '',
  basis text NOT NULL DEFAULT '',
  reason text NOT NULL DEFAULT '',
  noticed_at timestamptz,
  defence_deadline date,
  notice_text text,
  defence_statement text,
  defence_at timestamptz,
  decision_no text,
  decided_at timestamptz,
  removal_conditions text,
  remedies text,
  valid_from date NOT NULL,
  valid_to date NOT NULL,
  published_at timestamptz,
  removal_kind text CHECK (removal_kind IN ('EXPIRY', 'REPAIR', 'REVOCATION', 'CANCELLED')),
  removal_reason text,
  removed_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (valid_to >= valid_from)
);
CREATE INDEX list_entries_subject_idx ON list_entries (subject_id);
CREATE INDEX list_entries_type_status_idx ON list_entries (list_type, status, valid_to);
CREATE INDEX list_entries_region_idx ON list_entries (region_code text_pattern_ops);

-- Jilin regulation Art. 26: the persons marked with a listed organisation.
CREATE TABLE list_entry_persons (
  entry_id bigint NOT NULL REFERENCES list_entries (id),
  person_id bigint NOT NULL REFERENCES subjects (id),
  role text NOT NULL CHECK (role IN ('LEGAL_REPRESENTATIVE', 'PRINCIPAL', 'DIRECTLY_RESPONSIBLE')),
  PRIMARY KEY (entry_id, person_id, role)
);
CREATE INDEX list_entry_persons_person_idx ON list_entry_persons (person_id);

-- 约谈: "谁认定、谁约谈" — scheduled and recorded by the deciding department.
CREATE TABLE list_interviews (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  entry_id bigint NOT NULL REFERENCES list_entries (id),
  scheduled_at timestamptz NOT NULL,
  place text NOT NULL,
  status text NOT NULL DEFAULT 'SCHEDULED' CHECK (status IN ('SCHEDULED', 'DONE', 'MISSED')),
  record text,
  conducted_at timestamptz,
  recorded_by text
);
CREATE INDEX list_interviews_entry_idx ON list_interviews (entry_id);

-- Every committed change that can alter a check result; API processes poll it to stay current.
CREATE TABLE list_changes (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  subject_id bigint,
  kind text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);

-- 候选名单: what the detection rules found, for the competent department to review.
CREATE TABLE list_candidates (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  rule text NOT NULL,
  list_type text NOT NULL,
  subject_id bigint NOT NULL REFERENCES subjects (id),
  region_code text NOT NULL,
  evidence jsonb NOT NULL,
  status text NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'DISMISSED', 'PROMOTED')),
  detected_at timestamptz NOT NULL DEFAULT now(),
  resolved_at timestamptz,
  resolved_by text,
  resolution text,
  entry_id bigint REFERENCES list_entries (id)
);
CREATE UNIQUE INDEX list_candidates_open_idx ON list_candidates (rule, subject_id) WHERE status = 'OPEN';

-- 自动比对: one row per check; subject_key is the USCC or the keyed hash of an identity number.
CREATE TABLE checks (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  check_id text NOT NULL UNIQUE,
  checked_at timestamptz NOT NULL,
  client_kind text NOT NULL,
  client_id text,
  client_name text NOT NULL,
  department_id integer,
  region_code text,
  subject_key text NOT NULL,
  subject_id bigint,
  matter text NOT NULL,
  reference text,
  result text NOT NULL CHECK (result IN ('CLEAR', 'HIT')),
  hits jsonb NOT NULL DEFAULT '[]'
);
CREATE INDEX checks_subject_idx ON checks (subject_key, checked_at DESC);
CREATE INDEX checks_at_idx ON checks (checked_at);
CREATE INDEX checks_hit_idx ON checks (checked_at) WHERE result = 'HIT';

-- One row per hit, for the supervision statistics.
CREATE TABLE check_hits (
  check_id bigint NOT NULL REFERENCES checks (id),
  entry_id bigint NOT NULL,
  list_type text NOT NULL,
  measure_code text NOT NULL,
  action text NOT NULL,
  deciding_department_id integer,
  PRIMARY KEY (check_id, entry_id, measure_code)
);
CREATE INDEX check_hits_entry_idx ON check_hits (entry_id);

-- 自动反馈.
CREATE TABLE check_feedback (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  check_id bigint NOT NULL REFERENCES checks (id),
  entry_id bigint,
  action_taken text NOT NULL CHECK (action_taken IN ('RESTRICTED', 'REFUSED', 'REVIEWED', 'FACILITATED', 'NOT_APPLIED')),
  reason text,
  handler text NOT NULL,
  matter_id text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX check_feedback_check_idx ON check_feedback (check_id);

UPDATE roles SET permissions = permissions || ARRAY['lists:read', 'lists:decide', 'measures:manage', 'sanctions:stats']
  WHERE code = 'PLATFORM_ADMIN';
UPDATE roles SET permissions = permissions || ARRAY['lists:read', 'lists:decide', 'sanctions:stats']
  WHERE code = 'DEPT_OPERATOR';
UPDATE roles SET permissions = permissions || ARRAY['lists:read', 'sanctions:stats']
  WHERE code = 'DEPT_REVIEWER';
