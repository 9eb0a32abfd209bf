-- A person's current spell of editing one draft case record (issue #7). Drafts save every second
-- or so while someone types; one audit entry per save would bury the log, and one at the start of
-- a spell would record only the first keystroke as the new value. Instead the spell keeps the
-- record as it was when it began, and is closed into one audit entry (the old value, the value at
-- its last save, who, and when) when someone else edits the record, when its author comes back
-- after a quiet spell, when the item is removed, or when the meeting is finalised.
CREATE TABLE draft_edit_spells (
    agenda_item_id INTEGER PRIMARY KEY REFERENCES agenda_items (id) ON DELETE CASCADE,
    actor          TEXT NOT NULL,
    started_at     TEXT NOT NULL,
    last_saved_at  TEXT NOT NULL,
    before         TEXT             -- the record as JSON when the spell began; NULL if there was none
);
