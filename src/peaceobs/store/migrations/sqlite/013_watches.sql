-- Saved searches ("watches"): a query and its filters (JSON text, the same on both backends),
-- and when its owner last looked: the time and the store's generation then. A later visit
-- shows the matching paragraphs of documents stored since; an unchanged generation means none.
CREATE TABLE watches (
  id INTEGER PRIMARY KEY,
  owner TEXT NOT NULL DEFAULT '',
  name TEXT NOT NULL,
  query TEXT NOT NULL,
  filters TEXT NOT NULL DEFAULT '{}',
  created_at TEXT NOT NULL,
  last_seen TEXT NOT NULL,
  last_seen_generation INTEGER NOT NULL DEFAULT 0,
  UNIQUE (owner, name)
);
-- new_since reads documents stored after a moment.
CREATE INDEX documents_ingested_at ON documents(ingested_at);
