-- One query language on both backends: PostgreSQL indexes words as SQLite's FTS5 tokenizer does
-- ('porter unicode61 remove_diacritics 2'): split at every character that is not a letter or a
-- digit ("Secretary-General" → secretary general, "COVID-19" → covid 19, "2024/25" → 2024 25,
-- where PostgreSQL's parser would keep a hyphenated compound, a signed integer, a file path),
-- diacritics folded ("Côte" → cote), English stems, and no stop-word list: a phrase keeps every
-- word ("Secretary-General to report" needs "to"; "in the" is a phrase like any other). Stop
-- words are dropped from plain queries before they reach the store (vocabulary.STOP_WORDS), as on
-- SQLite. The tsvector column is computed again: on a large store this rewrites the table.
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE TEXT SEARCH DICTIONARY peaceobs_stem (TEMPLATE = snowball, Language = english);
CREATE TEXT SEARCH CONFIGURATION peaceobs (COPY = english);
ALTER TEXT SEARCH CONFIGURATION peaceobs
  ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
  WITH unaccent, peaceobs_stem;
DROP INDEX IF EXISTS paragraphs_tsv;
ALTER TABLE paragraphs DROP COLUMN tsv;
ALTER TABLE paragraphs ADD COLUMN tsv tsvector GENERATED ALWAYS AS
  (to_tsvector('peaceobs'::regconfig, regexp_replace(text, '[\W_]+', ' ', 'g'))) STORED;
CREATE INDEX paragraphs_tsv ON paragraphs USING gin (tsv);
