-- The 1-based page a paragraph starts on, where its source has pages (PDF, plain text, the GA
-- extraction); NULL for DOCX, report JSON, Markdown, HTML, and for rows written before this
-- migration until their file is ingested again (an unchanged file is skipped: rebuild the store
-- to fill them). Not part of the paragraph's hash: the page is where the text is, not what it says.
ALTER TABLE paragraphs ADD COLUMN page INTEGER;
