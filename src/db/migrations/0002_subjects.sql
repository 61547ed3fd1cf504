-- Credit subjects (信用主体) of the five types and their relations.
CREATE TABLE subjects (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  public_id text NOT NULL UNIQUE,            -- opaque id used in URLs; individuals are never addressed by identity number
  type text NOT NULL CHECK (type IN ('GOVERNMENT', 'ENTERPRISE', 'INDIVIDUAL', 'INSTITUTION', 'SOCIAL_ORG')),
  sub_type text NOT NULL,
  name text NOT NULL,
  former_names text[] NOT NULL DEFAULT '{}',
  uscc text UNIQUE,                          -- 统一社会信用代码 of organisations
  id_number_enc bytea,                       -- identity number, AES-256-GCM
  id_number_hash bytea UNIQUE,               -- HMAC of the identity number, for exact lookup
  id_number_masked text,                     -- first 6 + ******** + last 4, safe for public output
  region_code text NOT NULL CHECK (region_code ~ '^[0-9]{6}$'),
  address text,
  phone text,
  registration_authority text,
  established_on date,
  status text NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'REVOKED', 'CANCELLED', 'DISSOLVED')),
  legal_representative text,
  industry text,
  registered_capital numeric(18, 4) CHECK (registered_capital >= 0),   -- 万元
  pinyin_initials text NOT NULL DEFAULT '',
  search_terms tsvector NOT NULL,            -- name bigrams and pinyin-initial suffixes, see search-terms.ts
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (uscc IS NOT NULL OR id_number_hash IS NOT NULL),
  CHECK ((type = 'INDIVIDUAL') = (id_number_hash IS NOT NULL))
);
CREATE INDEX subjects_search_idx ON subjects USING gin (search_terms);
CREATE INDEX subjects_name_idx ON subjects (name text_pattern_ops);
CREATE INDEX subjects_region_idx ON subjects (region_code text_pattern_ops);
CREATE INDEX subjects_type_region_idx ON subjects (type, region_code);

CREATE TABLE subject_relations (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  org_id bigint NOT NULL REFERENCES subjects (id),
  person_id bigint NOT NULL REFERENCES subjects (id),
  role text NOT NULL CHECK (role IN ('LEGAL_REPRESENTATIVE', 'PRINCIPAL', 'SHAREHOLDER', 'DIRECTOR')),
  since date NOT NULL,
  until date,
  CHECK (until IS NULL OR until >= since)
);
CREATE INDEX subject_relations_org_idx ON subject_relations (org_id);
CREATE INDEX subject_relations_person_idx ON subject_relations (person_id);
