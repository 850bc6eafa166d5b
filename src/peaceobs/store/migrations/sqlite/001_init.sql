CREATE TABLE documents (
  id INTEGER PRIMARY KEY,
  symbol TEXT NOT NULL UNIQUE,
  key TEXT NOT NULL,
  title TEXT NOT NULL DEFAULT '',
  date TEXT,
  year INTEGER,
  session INTEGER,
  body TEXT NOT NULL DEFAULT '',
  doc_type TEXT NOT NULL DEFAULT '',
  agenda_item TEXT,
  language TEXT NOT NULL DEFAULT 'en',
  source TEXT NOT NULL DEFAULT '',
  source_format TEXT NOT NULL DEFAULT '',
  content_hash TEXT NOT NULL DEFAULT '',
  n_paragraphs INTEGER NOT NULL DEFAULT 0,
  ingested_at TEXT NOT NULL
);
CREATE INDEX documents_key ON documents(key);
CREATE INDEX documents_filters ON documents(body, doc_type, year);

CREATE TABLE paragraphs (
  id INTEGER PRIMARY KEY,
  doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  pid TEXT NOT NULL,
  seq INTEGER NOT NULL,
  kind TEXT NOT NULL,
  label TEXT,
  parent TEXT,
  depth INTEGER NOT NULL DEFAULT 0,
  text TEXT NOT NULL,
  hash TEXT NOT NULL,
  UNIQUE (doc_id, pid)
);
CREATE INDEX paragraphs_hash ON paragraphs(hash);

CREATE VIRTUAL TABLE paragraphs_fts USING fts5(
  text, content='paragraphs', content_rowid='id',
  tokenize='porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER paragraphs_ai AFTER INSERT ON paragraphs BEGIN
  INSERT INTO paragraphs_fts(rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER paragraphs_ad AFTER DELETE ON paragraphs BEGIN
  INSERT INTO paragraphs_fts(paragraphs_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;

CREATE TABLE citations (
  id INTEGER PRIMARY KEY,
  doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  from_pid TEXT NOT NULL,
  to_symbol TEXT NOT NULL,
  to_key TEXT NOT NULL,
  raw TEXT NOT NULL,
  to_body TEXT NOT NULL DEFAULT '',
  to_type TEXT NOT NULL DEFAULT ''
);
CREATE INDEX citations_doc ON citations(doc_id);
CREATE INDEX citations_to ON citations(to_key);

CREATE TABLE sources (
  path TEXT PRIMARY KEY,
  content_hash TEXT NOT NULL,
  symbol TEXT NOT NULL,
  format TEXT NOT NULL,
  status TEXT NOT NULL,
  ingested_at TEXT NOT NULL
);

CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  added INTEGER NOT NULL DEFAULT 0,
  replaced INTEGER NOT NULL DEFAULT 0,
  unchanged INTEGER NOT NULL DEFAULT 0,
  failed INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE failures (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  path TEXT NOT NULL,
  reason TEXT NOT NULL
);
