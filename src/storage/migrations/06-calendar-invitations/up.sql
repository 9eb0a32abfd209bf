-- A meeting's calendar invitation (issue #20). Calendars (Outlook, Teams, Google) match an event
-- by its UID and take a file with a higher SEQUENCE as a change to it. The UID is made once, at
-- the first export, random so that two teams' meeting #3 never share an event; the sequence goes
-- up by one when the invitation's content has changed since the last export, which the
-- fingerprint of that content tells.
CREATE TABLE calendar_invitations (
    meeting_id   INTEGER PRIMARY KEY REFERENCES meetings (id) ON DELETE CASCADE,
    uid          TEXT NOT NULL UNIQUE CHECK (length(uid) > 0),
    sequence     INTEGER NOT NULL DEFAULT 0 CHECK (sequence >= 0),
    fingerprint  TEXT NOT NULL,
    exported_at  TEXT NOT NULL
);
