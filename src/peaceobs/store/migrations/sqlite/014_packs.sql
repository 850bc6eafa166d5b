-- Evidence packs (peaceobs.packs): a named selection owned by its author, private or shared
-- read-only with the team, and its items in order. An item's reference is JSON text (the same on
-- both backends) so kinds not rendered yet (comparison, finance, search) need no new columns.
-- Items carry a surrogate ID and a position that a reorder rewrites in one transaction: a
-- UNIQUE (pack, seq) would trip over itself halfway through a move.
CREATE TABLE packs (
  name TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  title TEXT NOT NULL DEFAULT '',
  shared INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE pack_items (
  id INTEGER PRIMARY KEY,
  pack TEXT NOT NULL REFERENCES packs(name) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  kind TEXT NOT NULL,
  ref TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  added_by TEXT NOT NULL DEFAULT '',
  added_at TEXT NOT NULL
);
CREATE INDEX pack_items_order ON pack_items(pack, seq);
