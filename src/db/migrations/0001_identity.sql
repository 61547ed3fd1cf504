-- Identity and access: departments, roles, users, sessions, API clients, audit log.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE departments (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  uscc text UNIQUE,
  region_code text NOT NULL CHECK (region_code ~ '^[0-9]{6}$'),
  parent_id bigint REFERENCES departments (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE roles (
  code text PRIMARY KEY CHECK (code ~ '^[A-Z][A-Z0-9_]{1,39}$'),
  name text NOT NULL,
  permissions text[] NOT NULL DEFAULT '{}',
  built_in boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO roles (code, name, permissions, built_in) VALUES
  ('PLATFORM_ADMIN', '平台管理员', ARRAY['admin:departments','admin:users','admin:roles','admin:api-clients','audit:read','subjects:read','subjects:restricted','stats:read'], true),
  ('DEPT_OPERATOR', '部门经办人', ARRAY['subjects:read','subjects:restricted','stats:read'], true),
  ('DEPT_REVIEWER', '部门审核人', ARRAY['subjects:read','subjects:restricted','stats:read','audit:read'], true),
  ('BANK', '金融机构', ARRAY['subjects:read'], true),
  ('SUBJECT_USER', '信用主体用户', ARRAY['subjects:read'], true),
  ('PUBLIC', '社会公众', ARRAY[]::text[], true);

CREATE TABLE users (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9_.-]{2,39}$'),
  display_name text NOT NULL,
  password_hash text NOT NULL,
  role_code text NOT NULL REFERENCES roles (code),
  region_code text NOT NULL CHECK (region_code ~ '^[0-9]{6}$'),
  department_id bigint REFERENCES departments (id),
  disabled boolean NOT NULL DEFAULT false,
  failed_logins integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  last_login_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The cookie carries a random token; only its SHA-256 is stored.
CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token text NOT NULL,
  ip text,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

-- Department business systems. Keys look like `xy_<prefix>_<secret>`; only SHA-256 of the whole key is kept.
CREATE TABLE api_clients (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL,
  department_id bigint NOT NULL REFERENCES departments (id),
  scopes text[] NOT NULL DEFAULT '{}',
  key_prefix text NOT NULL UNIQUE,
  key_hash text NOT NULL,
  rate_limit_per_minute integer NOT NULL DEFAULT 600 CHECK (rate_limit_per_minute > 0),
  revoked_at timestamptz,
  last_used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Every write and every read of restricted data: who, what, when, from where.
CREATE TABLE audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor_type text NOT NULL CHECK (actor_type IN ('USER', 'API_CLIENT', 'SYSTEM', 'PUBLIC')),
  actor_id text,
  actor_name text,
  action text NOT NULL,
  target_type text,
  target_id text,
  region_code text,
  ip text,
  request_id text,
  detail jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_at_idx ON audit_log (at DESC, id DESC);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_type, actor_id, at DESC);
CREATE INDEX audit_log_action_idx ON audit_log (action, at DESC);
CREATE INDEX audit_log_target_idx ON audit_log (target_type, target_id);
