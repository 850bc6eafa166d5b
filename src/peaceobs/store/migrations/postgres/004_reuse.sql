-- Reuse pairs found by `peaceobs reuse` (trace/reuse.py), and which documents it has processed:
-- a new or replaced document is processed on the next run, and only pairs touching it are checked.
CREATE TABLE reuse (
  paragraph_id BIGINT NOT NULL REFERENCES paragraphs(id) ON DELETE CASCADE,
  source_id BIGINT NOT NULL REFERENCES paragraphs(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  ratio REAL NOT NULL,
  PRIMARY KEY (paragraph_id, source_id)
);
CREATE INDEX reuse_source ON reuse(source_id);
CREATE TABLE reuse_done (
  doc_id BIGINT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE
);
