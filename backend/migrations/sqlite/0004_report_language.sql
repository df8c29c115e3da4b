-- The language a report job was requested in, as a BCP 47 tag, so the worker words
-- the Markdown and HTML reports in it. Jobs from before this column were English.
ALTER TABLE report_jobs ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
