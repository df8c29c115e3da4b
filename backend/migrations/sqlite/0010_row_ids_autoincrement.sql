-- no-transaction
-- Without AUTOINCREMENT, SQLite gives a new row the highest id stored plus one, so
-- after the newest reading, shelf or tag was deleted the next one took its id, at
-- version 1. A client still showing the deleted row could then change or delete the
-- new one with an If-Match that matched. AUTOINCREMENT keeps the highest id ever
-- given in sqlite_sequence and never goes below it. PostgreSQL's sequences never go
-- back.
--
-- SQLite cannot add AUTOINCREMENT to a table, so each table is built again under a
-- new name, filled, and renamed, the order SQLite's documentation gives for schema
-- changes. Foreign keys are off while the old table is dropped: with them on, the
-- drop would delete every shelf and tag link through ON DELETE CASCADE. The pragma
-- has no effect inside a transaction, so this file runs outside sqlx's own and opens
-- one of its own.
--
-- The ids deleted before this migration are not recorded anywhere. Those above the
-- highest id stored are the rows deleted at the top of a table since its last
-- insert, since each insert took the highest id plus one, so the sequence of a
-- table that holds rows starts 1,000 above its highest id, past any such run that
-- a reader makes. An empty table starts at 1.
PRAGMA foreign_keys = OFF;

BEGIN IMMEDIATE;

CREATE TABLE readings_new (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    book_id       INTEGER NOT NULL REFERENCES books (id) ON DELETE CASCADE,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    started       TEXT,
    finished      TEXT,
    stopped       TEXT,
    progress      INTEGER,
    progress_unit TEXT,
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    TEXT    NOT NULL
);
INSERT INTO readings_new (id, book_id, user_id, started, finished, stopped, progress,
                          progress_unit, version, created_at)
SELECT id, book_id, user_id, started, finished, stopped, progress, progress_unit,
       version, created_at
FROM readings;
DROP TABLE readings;
ALTER TABLE readings_new RENAME TO readings;
CREATE INDEX readings_book ON readings (book_id);
CREATE INDEX readings_user_finished ON readings (user_id, finished);

CREATE TABLE shelves_new (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name       TEXT    NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1,
    created_at TEXT    NOT NULL,
    UNIQUE (user_id, name)
);
INSERT INTO shelves_new (id, user_id, name, version, created_at)
SELECT id, user_id, name, version, created_at FROM shelves;
DROP TABLE shelves;
ALTER TABLE shelves_new RENAME TO shelves;

CREATE TABLE tags_new (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name       TEXT    NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1,
    created_at TEXT    NOT NULL,
    UNIQUE (user_id, name)
);
INSERT INTO tags_new (id, user_id, name, version, created_at)
SELECT id, user_id, name, version, created_at FROM tags;
DROP TABLE tags;
ALTER TABLE tags_new RENAME TO tags;

DELETE FROM sqlite_sequence WHERE name IN ('readings', 'shelves', 'tags');
INSERT INTO sqlite_sequence (name, seq)
SELECT 'readings', COALESCE(MAX(id) + 1000, 0) FROM readings
UNION ALL SELECT 'shelves', COALESCE(MAX(id) + 1000, 0) FROM shelves
UNION ALL SELECT 'tags', COALESCE(MAX(id) + 1000, 0) FROM tags;

COMMIT;

PRAGMA foreign_keys = ON;
