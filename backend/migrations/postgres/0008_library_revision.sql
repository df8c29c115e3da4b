-- A number that every write to a user's library moves on, in the same transaction.
-- Servers keep rendered list pages under it, so a page is served again only while
-- the library is as it was when the page was made, on any server of the fleet.
ALTER TABLE users ADD COLUMN library_revision BIGINT NOT NULL DEFAULT 0;
