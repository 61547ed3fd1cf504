-- 双随机、一公开 with graded supervision: each department's inspector pool, declared conflicts of
-- interest, and inspection plans with their published seed and draw.

CREATE TABLE inspectors (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  department_id integer NOT NULL REFERENCES departments (id),
  name text NOT NULL,
  active boolean NOT NULL DEFAULT true
);
CREATE INDEX inspectors_department_idx ON inspectors (department_id) WHERE active;

CREATE TABLE inspector_conflicts (
  inspector_id integer NOT NULL REFERENCES inspectors (id),
  subject_id bigint NOT NULL REFERENCES subjects (id),
  reason text NOT NULL,
  PRIMARY KEY (inspector_id, subject_id)
);

CREATE TABLE inspection_plans (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  public_id text NOT NULL UNIQUE,
  name text NOT NULL,
  matter text NOT NULL,
  region_code text NOT NULL,
  subject_type text NOT NULL,
  department_id integer NOT NULL REFERENCES departments (id),
  seed text NOT NULL,
  ratios jsonb NOT NULL,
  population jsonb NOT NULL,
  population_hash text NOT NULL,
  sampled jsonb NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE inspection_draws (
  plan_id integer NOT NULL REFERENCES inspection_plans (id),
  subject_id bigint NOT NULL REFERENCES subjects (id),
  grade text,
  inspectors jsonb NOT NULL,
  PRIMARY KEY (plan_id, subject_id)
);

UPDATE roles SET permissions = permissions || ARRAY['inspections:plan'] WHERE code IN ('PLATFORM_ADMIN', 'DEPT_OPERATOR');
