-- A subject's recorded authorisation (授权) for a named user — e.g. a bank's loan officer — to see its
-- restricted information for a purpose and period (DOMAIN §12). Recorded by a platform administrator
-- from the signed authorisation; the subject's own online grant arrives with the lending module.
CREATE TABLE subject_authorisations (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  subject_id bigint NOT NULL REFERENCES subjects (id),
  grantee_user_id bigint NOT NULL REFERENCES users (id),
  purpose text NOT NULL,
  valid_from date NOT NULL,
  valid_to date NOT NULL CHECK (valid_to >= valid_from),
  evidence text,
  recorded_by bigint REFERENCES users (id),
  revoked_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX subject_authorisations_lookup_idx ON subject_authorisations (subject_id, grantee_user_id);

UPDATE roles SET permissions = array_append(permissions, 'subjects:authorisations') WHERE code = 'PLATFORM_ADMIN';
