-- A counter every write of a document bumps (added, replaced, deleted): the key of caches built
-- over the documents (the trace index). A count and the latest ingest time (kept to the second)
-- missed a document replaced within the same second.
CREATE TABLE generation (n BIGINT NOT NULL);
INSERT INTO generation (n) VALUES (0);
