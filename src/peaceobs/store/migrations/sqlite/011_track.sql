-- The recommendation tracker (peaceobs.track): frameworks of commitments, evidence links (suggested,
-- confirmed, rejected, added by hand), statuses with their history, an append-only audit log, and
-- a cache of paragraph embeddings keyed by content hash and model.
CREATE TABLE frameworks (
  name TEXT PRIMARY KEY,
  title TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL DEFAULT '',
  created_by TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL
);
CREATE TABLE commitments (
  id INTEGER PRIMARY KEY,
  framework TEXT NOT NULL REFERENCES frameworks(name) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  ref TEXT NOT NULL,
  area TEXT NOT NULL DEFAULT '',
  text TEXT NOT NULL,
  source_symbol TEXT,
  source_pid TEXT,
  source_note TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'not started',
  rationale TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1,
  updated_by TEXT NOT NULL DEFAULT '',
  updated_at TEXT NOT NULL,
  UNIQUE (framework, ref)
);
CREATE TABLE evidence_links (
  id INTEGER PRIMARY KEY,
  commitment_id INTEGER NOT NULL REFERENCES commitments(id) ON DELETE CASCADE,
  symbol TEXT NOT NULL,
  pid TEXT NOT NULL,
  state TEXT NOT NULL,
  origin TEXT NOT NULL,
  score REAL,
  note TEXT NOT NULL DEFAULT '',
  by_user TEXT NOT NULL DEFAULT '',
  at TEXT NOT NULL,
  UNIQUE (commitment_id, symbol, pid)
);
CREATE TABLE status_history (
  id INTEGER PRIMARY KEY,
  commitment_id INTEGER NOT NULL REFERENCES commitments(id) ON DELETE CASCADE,
  status TEXT NOT NULL,
  rationale TEXT NOT NULL DEFAULT '',
  evidence TEXT NOT NULL DEFAULT '[]',
  by_user TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX status_history_commitment ON status_history(commitment_id, id);
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  object TEXT NOT NULL,
  before TEXT,
  after TEXT
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TABLE embeddings (
  hash TEXT NOT NULL,
  model TEXT NOT NULL,
  vector BLOB NOT NULL,
  PRIMARY KEY (hash, model)
);
