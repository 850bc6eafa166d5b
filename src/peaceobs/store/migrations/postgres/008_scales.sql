-- Scales of assessment loaded from a user's file or an ingested document (the regular budget
-- scale is read from its GA resolution whenever it is asked for, and is not stored here).
CREATE TABLE scales (
  name TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  year INTEGER NOT NULL,
  source TEXT NOT NULL DEFAULT '',
  official INTEGER NOT NULL DEFAULT 1,
  printed_total TEXT,
  note TEXT NOT NULL DEFAULT '',
  loaded_at TEXT NOT NULL
);
CREATE TABLE scale_rates (
  scale TEXT NOT NULL REFERENCES scales(name) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  member_state TEXT NOT NULL,
  rate TEXT NOT NULL,
  level TEXT,
  PRIMARY KEY (scale, seq)
);
