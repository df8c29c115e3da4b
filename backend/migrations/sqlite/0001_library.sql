-- Users, their tokens, and each user's private library.
-- Dates of readings are partial ISO dates kept as text (YYYY, YYYY-MM, YYYY-MM-DD),
-- which sort in date order. Timestamps are RFC 3339 text in UTC.

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    name          TEXT    NOT NULL UNIQUE,
    password_hash TEXT,
    created_at    TEXT    NOT NULL
);

CREATE TABLE tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash   TEXT    NOT NULL UNIQUE,
    label        TEXT,
    created_at   TEXT    NOT NULL
);

CREATE TABLE authors (
    id        INTEGER PRIMARY KEY,
    user_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name      TEXT    NOT NULL,
    UNIQUE (user_id, name)
);

CREATE TABLE series (
    id        INTEGER PRIMARY KEY,
    user_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name      TEXT    NOT NULL,
    UNIQUE (user_id, name)
);

CREATE TABLE books (
    id               INTEGER PRIMARY KEY,
    user_id          INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title            TEXT    NOT NULL,
    subtitle         TEXT,
    isbn10           TEXT,
    isbn13           TEXT,
    asin             TEXT,
    goodreads_id     TEXT,
    librarything_id  TEXT,
    publisher        TEXT,
    format           TEXT,
    pages            INTEGER,
    published_year   INTEGER,
    original_year    INTEGER,
    language         TEXT,
    description      TEXT,
    series_id        INTEGER REFERENCES series (id) ON DELETE SET NULL,
    series_index     REAL,
    series_position  TEXT,
    sort_title       TEXT    NOT NULL,
    sort_author      TEXT    NOT NULL DEFAULT '',
    match_key        TEXT    NOT NULL,
    version          INTEGER NOT NULL DEFAULT 1,
    created_at       TEXT    NOT NULL,
    updated_at       TEXT    NOT NULL
);

CREATE UNIQUE INDEX books_user_isbn13 ON books (user_id, isbn13) WHERE isbn13 IS NOT NULL;
CREATE INDEX books_user_goodreads ON books (user_id, goodreads_id) WHERE goodreads_id IS NOT NULL;
CREATE INDEX books_user_asin ON books (user_id, asin) WHERE asin IS NOT NULL;
CREATE INDEX books_user_match_key ON books (user_id, match_key);
CREATE INDEX books_user_sort_title ON books (user_id, sort_title, id);

CREATE TABLE book_contributors (
    book_id   INTEGER NOT NULL REFERENCES books (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    author_id INTEGER NOT NULL REFERENCES authors (id),
    role      TEXT    NOT NULL,
    PRIMARY KEY (book_id, position)
);

CREATE INDEX book_contributors_author ON book_contributors (author_id);

-- The reader's side of a book, one row per book.
CREATE TABLE entries (
    book_id        INTEGER PRIMARY KEY REFERENCES books (id) ON DELETE CASCADE,
    user_id        INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    status         TEXT    NOT NULL,
    rating         INTEGER CHECK (rating BETWEEN 1 AND 20),
    review         TEXT,
    review_spoiler BOOLEAN NOT NULL DEFAULT FALSE,
    private_notes  TEXT,
    owned_copies   INTEGER NOT NULL DEFAULT 0,
    date_added     TEXT,
    version        INTEGER NOT NULL DEFAULT 1,
    updated_at     TEXT    NOT NULL
);

CREATE INDEX entries_user_status ON entries (user_id, status);

CREATE TABLE readings (
    id            INTEGER PRIMARY KEY,
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

CREATE INDEX readings_book ON readings (book_id);
CREATE INDEX readings_user_finished ON readings (user_id, finished);

CREATE TABLE shelves (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name       TEXT    NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1,
    created_at TEXT    NOT NULL,
    UNIQUE (user_id, name)
);

CREATE TABLE book_shelves (
    book_id  INTEGER NOT NULL REFERENCES books (id) ON DELETE CASCADE,
    shelf_id INTEGER NOT NULL REFERENCES shelves (id) ON DELETE CASCADE,
    PRIMARY KEY (book_id, shelf_id)
);

CREATE INDEX book_shelves_shelf ON book_shelves (shelf_id);

CREATE TABLE tags (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name       TEXT    NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1,
    created_at TEXT    NOT NULL,
    UNIQUE (user_id, name)
);

CREATE TABLE book_tags (
    book_id INTEGER NOT NULL REFERENCES books (id) ON DELETE CASCADE,
    tag_id  INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    PRIMARY KEY (book_id, tag_id)
);

CREATE INDEX book_tags_tag ON book_tags (tag_id);

-- Full-text index. The application writes one document per book, already folded to
-- lowercase words without diacritics, so that SQLite and PostgreSQL see the same
-- tokens and return the same matches.
CREATE VIRTUAL TABLE book_search USING fts5 (
    body,
    tokenize = 'unicode61 remove_diacritics 0'
);
