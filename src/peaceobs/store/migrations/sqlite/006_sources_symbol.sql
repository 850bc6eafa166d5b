-- Sources are keyed by the file's resolved path (the pipeline resolves it), and a document's
-- sources are found by symbol and content: one file named two ways is one row, not two.
CREATE INDEX sources_symbol ON sources(symbol, content_hash);
