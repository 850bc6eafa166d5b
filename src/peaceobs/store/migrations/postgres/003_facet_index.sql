-- PostgreSQL's planner reads (id, doc_id, kind) from this index in an index-only scan.
CREATE INDEX paragraphs_facets ON paragraphs(id, doc_id, kind);
