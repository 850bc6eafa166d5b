-- PostgreSQL computes its tsvector column as each row is written; nothing to change here.
-- (Kept so that both backends share one schema version.)
SELECT 1;
