-- Issue #19, a directory of local services: the team's own list of community services, groups
-- and statutory services, offered when a referral or an outside service is typed so that each
-- name is typed once and stays the same (see src/directory.rs). Saved by version: each change
-- names the version it was based on; an older one is refused. An entry no longer used is
-- archived, never deleted, so the audit log and old referrals keep making sense.
CREATE TABLE directory_entries (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL CHECK (length(trim(name)) > 0),
    offers       TEXT NOT NULL DEFAULT '',   -- what it offers
    for_whom     TEXT NOT NULL DEFAULT '',   -- who it is for
    how_to_refer TEXT NOT NULL DEFAULT '',
    contact      TEXT NOT NULL DEFAULT '',
    area         TEXT NOT NULL DEFAULT '',
    last_checked TEXT,                       -- YYYY-MM-DD, when someone last checked it is right
    archived     INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    version      INTEGER NOT NULL CHECK (version >= 1),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    updated_by   TEXT NOT NULL
);
-- One current entry per name, whatever its capitals: the point of the list is one spelling.
CREATE UNIQUE INDEX directory_entries_current_name ON directory_entries (name COLLATE NOCASE) WHERE archived = 0;
