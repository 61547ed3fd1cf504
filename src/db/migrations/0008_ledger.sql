-- The tamper-evident credit log (docs/ledger.md): an RFC 6962 Merkle tree over every credit-state
-- change, signed checkpoints, witnesses' cosignatures and peer platforms' keys.

-- The one log of this platform; its hash algorithm is fixed when it is created.
CREATE TABLE ledger_log (
  id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  origin text NOT NULL,
  hash_algorithm text NOT NULL CHECK (hash_algorithm IN ('SM3', 'SHA-256')),
  tree_size bigint NOT NULL DEFAULT 0,
  root_hash bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Transactional outbox: written in the transaction of the change it records. The sequencer moves
-- committed rows into ledger_leaves in one transaction (delete + insert), so each appears once.
CREATE TABLE ledger_queue (
  id bigserial PRIMARY KEY,
  entry_type text NOT NULL,
  object_type text NOT NULL,
  object_id text NOT NULL,
  version integer NOT NULL,
  entry bytea NOT NULL
);

CREATE TABLE ledger_leaves (
  idx bigint PRIMARY KEY,
  queue_id bigint NOT NULL UNIQUE,
  entry_type text NOT NULL,
  object_type text NOT NULL,
  object_id text NOT NULL,
  version integer NOT NULL,
  entry bytea NOT NULL,
  sequenced_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ledger_leaves_object_idx ON ledger_leaves (object_type, object_id, version);

-- Interior hashes as C2SP tlog-tiles of height 8: tile (level, idx) holds the hashes at tree level
-- 8·level with indexes 256·idx … 256·idx+255, concatenated; the right-edge tile of a level is partial.
CREATE TABLE ledger_tiles (
  level smallint NOT NULL,
  idx bigint NOT NULL,
  hashes bytea NOT NULL,
  PRIMARY KEY (level, idx)
);

-- The platform's signing keys. Retired keys stay published so that old checkpoints and reports verify.
CREATE TABLE ledger_keys (
  id serial PRIMARY KEY,
  name text NOT NULL,
  algorithm text NOT NULL CHECK (algorithm IN ('Ed25519', 'SM2')),
  key_id text NOT NULL,
  public_key bytea NOT NULL,
  private_key_sealed bytea NOT NULL,
  status text NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'RETIRED')),
  created_at timestamptz NOT NULL DEFAULT now(),
  retired_at timestamptz,
  UNIQUE (algorithm, key_id)
);
CREATE UNIQUE INDEX ledger_keys_active_idx ON ledger_keys (algorithm) WHERE status = 'ACTIVE';

CREATE TABLE ledger_checkpoints (
  tree_size bigint PRIMARY KEY,
  root_hash bytea NOT NULL,
  note text NOT NULL,
  signed_at timestamptz NOT NULL DEFAULT now()
);

-- Peer platforms that cosign our checkpoints (C2SP tlog-cosignature).
CREATE TABLE ledger_witnesses (
  id serial PRIMARY KEY,
  name text NOT NULL UNIQUE,
  key_id text NOT NULL,
  public_key bytea NOT NULL,
  description text NOT NULL DEFAULT '',
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE ledger_cosignatures (
  tree_size bigint NOT NULL REFERENCES ledger_checkpoints (tree_size),
  witness_id integer NOT NULL REFERENCES ledger_witnesses (id),
  signature_line text NOT NULL,
  cosigned_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tree_size, witness_id)
);

-- Mutual recognition (异地互认): other platforms' published keys, imported by an administrator.
CREATE TABLE ledger_peers (
  id serial PRIMARY KEY,
  origin text NOT NULL UNIQUE,
  hash_algorithm text NOT NULL CHECK (hash_algorithm IN ('SM3', 'SHA-256')),
  keys jsonb NOT NULL,
  imported_at timestamptz NOT NULL DEFAULT now(),
  imported_by integer
);

-- Results of recomputing leaves and tree from the live rows.
CREATE TABLE ledger_audits (
  id bigserial PRIMARY KEY,
  started_at timestamptz NOT NULL,
  finished_at timestamptz NOT NULL,
  tree_size bigint NOT NULL,
  ok boolean NOT NULL,
  problems jsonb NOT NULL
);

UPDATE roles SET permissions = array_append(permissions, 'ledger:manage') WHERE code = 'PLATFORM_ADMIN';
