-- Users, their tokens, and each user's private library.
-- Dates of readings are partial ISO dates kept as text (YYYY, YYYY-MM, YYYY-MM-DD),
-- which sort in date order. Timestamps are RFC 3339 text in UTC.

CREATE TABLE users (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name          TEXT    NOT NULL UNIQUE,
    password_hash TEXT,
    created_at    TEXT    NOT NULL
);

CREATE TABLE tokens (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id      BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash   TEXT    NOT NULL UNIQUE,
    label        TEXT,
    created_at   TEXT    NOT NULL
);

CREATE TABLE authors (
    id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id   BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name      TEXT    NOT NULL,
    UNIQUE (user_id, name)
);

CREATE TABLE series (
    id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id   BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name      TEXT    NOT NULL,
    UNIQUE (user_id, name)
);

CREATE TABLE books (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id          BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title            TEXT    NOT NULL,
    subtitle         TEXT,
    isbn10           TEXT,
    isbn13           TEXT,
    asin             TEXT,
    goodreads_id     TEXT,
    librarything_id  TEXT,
    publisher        TEXT,
    format           TEXT,
    pages            BIGINT,
    published_year   BIGINT,
    original_year    BIGINT,
    language         TEXT,
    description      TEXT,
    series_id        BIGINT  REFERENCES series (id) ON DELETE SET NULL,
    series_index     DOUBLE PRECISION,
    series_position  TEXT,
    sort_title       TEXT    COLLATE "C" NOT NULL,
    sort_author      TEXT    COLLATE "C" NOT NULL DEFAULT '',
    match_key        TEXT    NOT NULL,
    version          BIGINT  NOT NULL DEFAULT 1,
    created_at       TEXT    NOT NULL,
    updated_at       TEXT    NOT NULL
);

CREATE UNIQUE INDEX books_user_isbn13 ON books (user_id, isbn13) WHERE isbn13 IS NOT NULL;
CREATE INDEX books_user_goodreads ON books (user_id, goodreads_id) WHERE goodreads_id IS NOT NULL;
CREATE INDEX books_user_asin ON books (user_id, asin) WHERE asin IS NOT NULL;
CREATE INDEX books_user_match_key ON books (user_id, match_key);
CREATE INDEX books_user_sort_title ON books (user_id, sort_title, id);

CREATE TABLE book_contributors (
    book_id   BIGINT  NOT NULL REFERENCES books (id) ON DELETE CASCADE,
    position  BIGINT  NOT NULL,
    author_id BIGINT  NOT NULL REFERENCES authors (id),
    role      TEXT    NOT NULL,
    PRIMARY KEY (book_id, position)
);

CREATE INDEX book_contributors_author ON book_contributors (author_id);

-- The reader's side of a book, one row per book.
CREATE TABLE entries (
    book_id        BIGINT  PRIMARY KEY REFERENCES books (id) ON DELETE CASCADE,
    user_id        BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    status         TEXT    NOT NULL,
    rating         BIGINT  CHECK (rating BETWEEN 1 AND 20),
    review         TEXT,
    review_spoiler BOOLEAN NOT NULL DEFAULT FALSE,
    private_notes  TEXT,
    owned_copies   BIGINT  NOT NULL DEFAULT 0,
    date_added     TEXT COLLATE "C",
    version        BIGINT  NOT NULL DEFAULT 1,
    updated_at     TEXT    NOT NULL
);

CREATE INDEX entries_user_status ON entries (user_id, status);

CREATE TABLE readings (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    book_id       BIGINT  NOT NULL REFERENCES books (id) ON DELETE CASCADE,
    user_id       BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    started       TEXT COLLATE "C",
    finished      TEXT COLLATE "C",
    stopped       TEXT COLLATE "C",
    progress      BIGINT,
    progress_unit TEXT,
    version       BIGINT  NOT NULL DEFAULT 1,
    created_at    TEXT    NOT NULL
);

CREATE INDEX readings_book ON readings (book_id);
CREATE INDEX readings_user_finished ON readings (user_id, finished);

CREATE TABLE shelves (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name       TEXT    NOT NULL,
    version    BIGINT  NOT NULL DEFAULT 1,
    created_at TEXT    NOT NULL,
    UNIQUE (user_id, name)
);

CREATE TABLE book_shelves (
    book_id  BIGINT  NOT NULL REFERENCES books (id) ON DELETE CASCADE,
    shelf_id BIGINT  NOT NULL REFERENCES shelves (id) ON DELETE CASCADE,
    PRIMARY KEY (book_id, shelf_id)
);

CREATE INDEX book_shelves_shelf ON book_shelves (shelf_id);

CREATE TABLE tags (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name       TEXT    NOT NULL,
    version    BIGINT  NOT NULL DEFAULT 1,
    created_at TEXT    NOT NULL,
    UNIQUE (user_id, name)
);

CREATE TABLE book_tags (
    book_id BIGINT  NOT NULL REFERENCES books (id) ON DELETE CASCADE,
    tag_id  BIGINT  NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    PRIMARY KEY (book_id, tag_id)
);

CREATE INDEX book_tags_tag ON book_tags (tag_id);

-- Full-text index. The application writes one document per book, already folded to
-- lowercase words without diacritics, so that SQLite and PostgreSQL see the same
-- tokens and return the same matches.
CREATE TABLE book_search (
    book_id  BIGINT   PRIMARY KEY REFERENCES books (id) ON DELETE CASCADE,
    body     tsvector NOT NULL
);

CREATE INDEX book_search_body ON book_search USING gin (body);
