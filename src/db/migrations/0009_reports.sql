-- Credit reports (信用报告, DOMAIN §11): immutable signed snapshots, each in the credit log.

-- A self-service account belongs to one subject (the enterprise or person it acts for).
ALTER TABLE users ADD COLUMN subject_id bigint REFERENCES subjects (id);

-- What a subject's authorisation covers: its restricted archive, its credit reports, or both.
ALTER TABLE subject_authorisations ADD COLUMN scopes text[] NOT NULL DEFAULT ARRAY['archive', 'reports'];

CREATE TABLE credit_reports (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  report_no text NOT NULL UNIQUE,
  -- Printed on the report; verification needs number and code together, so numbers cannot be
  -- enumerated. Sealed like identity numbers: the PDF is rendered after issue and must print it.
  verify_code_sealed bytea NOT NULL,
  subject_id bigint NOT NULL REFERENCES subjects (id),
  kind text NOT NULL CHECK (kind IN ('ORGANISATION', 'INDIVIDUAL')),
  purpose text NOT NULL,
  requester_type text NOT NULL,
  requester_id text,
  requester_name text NOT NULL,
  authorisation_id bigint REFERENCES subject_authorisations (id),
  issued_at timestamptz NOT NULL,
  valid_until date NOT NULL,
  content jsonb NOT NULL,
  content_hash text NOT NULL,
  signatures jsonb NOT NULL,
  -- Filled once the issuance entry is in the tree and the files are rendered (see reports/service.ts).
  ledger_index bigint,
  report_json bytea,
  pdf bytea
);
CREATE INDEX credit_reports_subject_idx ON credit_reports (subject_id, issued_at DESC);

-- The subject sees who used its reports: audit rows name the subject they concern.
CREATE INDEX audit_log_subject_idx ON audit_log ((detail ->> 'subject'), at DESC) WHERE detail ? 'subject';

UPDATE roles SET permissions = permissions || ARRAY['reports:self'] WHERE code = 'SUBJECT_USER';
UPDATE roles SET permissions = permissions || ARRAY['reports:issue'] WHERE code IN ('PLATFORM_ADMIN', 'BANK');
