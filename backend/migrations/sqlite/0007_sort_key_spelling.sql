-- Sort keys now spell letters that Unicode does not decompose (ł, ø, æ, ß and a few
-- more) as the Latin letters catalogues file them under, so such names no longer
-- sort after Z. The application computes the keys, so this migration only queues
-- the recomputation of every book's keys, which the server runs once, right after
-- migrating.
INSERT INTO pending_rekeys (name) VALUES ('sort_keys') ON CONFLICT DO NOTHING;
