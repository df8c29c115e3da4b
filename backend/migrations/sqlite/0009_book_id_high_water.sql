-- SQLite gives a new row the highest id stored plus one, so after the newest book
-- was deleted (or merged into another) the next book took its id, at version 1. A
-- client still showing the deleted book could then change or delete the new one
-- with an If-Match that matched. The highest id ever deleted is kept here, and new
-- book ids start above it. PostgreSQL's sequence never goes back.
CREATE TABLE id_high_water (
    name  TEXT    PRIMARY KEY,
    value INTEGER NOT NULL
);

INSERT INTO id_high_water (name, value) VALUES ('books', 0);

CREATE TRIGGER books_deleted_id AFTER DELETE ON books
BEGIN
    UPDATE id_high_water SET value = MAX(value, OLD.id) WHERE name = 'books';
END;
