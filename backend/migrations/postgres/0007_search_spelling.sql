-- Search documents now spell letters that Unicode does not decompose (ł, ø, æ, ß and
-- a few more) as sort keys do, so that a search for stanislaw finds Stanisław. The
-- application writes the documents, so this migration only queues the rewrite of
-- those that hold such a letter, which the server runs once, right after migrating.
INSERT INTO pending_rekeys (name) VALUES ('search_documents') ON CONFLICT DO NOTHING;
