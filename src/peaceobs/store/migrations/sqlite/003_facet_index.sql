-- Facet counts read (doc_id, kind) for every matching paragraph; paragraph rows hold their text
-- inline, so a narrow covering index makes that pass ~30% faster on common words (DECISIONS D11).
CREATE INDEX paragraphs_facets ON paragraphs(id, doc_id, kind);
