-- The public credit information catalogue (公共信用信息目录) as versioned data.
-- A published version is never edited: admins add a new version of the supplementary catalogue.
CREATE TABLE catalogue_versions (
  id serial PRIMARY KEY,
  catalogue text NOT NULL CHECK (catalogue IN ('NATIONAL', 'JILIN')),
  version text NOT NULL,
  title text NOT NULL,
  document_no text,
  published_on date NOT NULL,
  created_by text NOT NULL DEFAULT 'system',
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (catalogue, version)
);

CREATE TABLE catalogue_items (
  id serial PRIMARY KEY,
  version_id integer NOT NULL REFERENCES catalogue_versions (id),
  code text NOT NULL CHECK (code ~ '^[A-Z][A-Z0-9_]{1,63}$'),
  category text NOT NULL,
  name text NOT NULL,
  name_en text NOT NULL,
  legal_basis text NOT NULL,
  providers text[] NOT NULL,
  openness text NOT NULL CHECK (openness IN ('PUBLIC', 'SHARED', 'AUTHORISED')),
  publicity jsonb NOT NULL,
  subject_types text[] NOT NULL,
  roles jsonb NOT NULL,
  fields jsonb NOT NULL,
  UNIQUE (version_id, code)
);

-- 字典: party classes, id types, licence categories, penalty types, violation tiers.
CREATE TABLE dictionaries (
  code text PRIMARY KEY,
  name text NOT NULL,
  entries jsonb NOT NULL
);

-- Official holidays and make-up working days (调休): only the exceptions to Monday–Friday.
CREATE TABLE calendar_days (
  day date PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('HOLIDAY', 'WORKDAY')),
  name text NOT NULL
);

CREATE TABLE calendar_years (
  year integer PRIMARY KEY,
  source text NOT NULL,
  provisional boolean NOT NULL DEFAULT false,
  note text,
  updated_by text NOT NULL DEFAULT 'system',
  updated_at timestamptz NOT NULL DEFAULT now()
);
