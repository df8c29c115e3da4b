-- Author sort keys now put the surname first. The application computes the keys, so
-- this migration only queues the recomputation of every book's key, which the
-- server runs once, right after migrating, and then deletes the queued row.
CREATE TABLE pending_rekeys (name TEXT PRIMARY KEY);

INSERT INTO pending_rekeys (name) VALUES ('sort_author');
