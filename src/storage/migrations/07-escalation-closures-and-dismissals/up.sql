-- Issue #14, classes 7 and 8: escalations have an end, and a flag the chair dismisses stays
-- dismissed for that person until the facts behind it change.

-- An escalation closed (resolved, de-escalated or handed over) with who, when and why. The
-- escalation is named by the discussion that recorded it, its reason and its route, so an open
-- one can be closed at a later meeting without touching the (perhaps finalised) record that
-- raised it. Editing that route later detaches the closure, and the escalation shows as open
-- again: the safe way round.
CREATE TABLE escalation_closures (
    id                  INTEGER PRIMARY KEY,
    raised_at_item_id   INTEGER NOT NULL REFERENCES agenda_items (id) ON DELETE CASCADE,
    trigger             TEXT NOT NULL,
    route               TEXT NOT NULL,
    closed_at_item_id   INTEGER NOT NULL REFERENCES agenda_items (id) ON DELETE CASCADE,
    outcome             TEXT NOT NULL CHECK (outcome IN ('resolved', 'de_escalated', 'handed_over')),
    closed_by_id        INTEGER NOT NULL REFERENCES team_members (id) ON DELETE RESTRICT,
    closed_on           TEXT NOT NULL,
    reason              TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    recorded_at         TEXT NOT NULL,
    recorded_by         TEXT NOT NULL,
    UNIQUE (raised_at_item_id, trigger, route)
);
CREATE INDEX escalation_closures_by_closing_item ON escalation_closures (closed_at_item_id);

-- A flag the chair dismissed, with why. It holds for the person (the case) at this meeting and
-- later ones while the flag's fingerprint (its code and the record parts it cites) is the same.
-- An undo keeps the row and says where and by whom, so earlier minutes still read as they were.
CREATE TABLE flag_dismissals (
    id                  INTEGER PRIMARY KEY,
    case_id             INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    agenda_item_id      INTEGER NOT NULL REFERENCES agenda_items (id) ON DELETE CASCADE,
    flag_code           TEXT NOT NULL,
    fingerprint         TEXT NOT NULL,
    flag_title          TEXT NOT NULL,
    flag_reason         TEXT NOT NULL,
    reason              TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    dismissed_by        TEXT NOT NULL,
    dismissed_at        TEXT NOT NULL,
    undone_at_item_id   INTEGER REFERENCES agenda_items (id) ON DELETE SET NULL,
    undone_by           TEXT,
    undone_at           TEXT
);
CREATE INDEX flag_dismissals_by_case ON flag_dismissals (case_id, flag_code);

-- The dismissed flags a meeting's minutes list under each case, kept when they are finalised
-- (beside guidance_overrides, which lists the flags finalised past).
CREATE TABLE guidance_dismissed (
    id             INTEGER PRIMARY KEY,
    agenda_item_id INTEGER NOT NULL REFERENCES agenda_items (id) ON DELETE CASCADE,
    dismissal_id   INTEGER NOT NULL REFERENCES flag_dismissals (id) ON DELETE CASCADE,
    flag_code      TEXT NOT NULL,
    detail         TEXT NOT NULL DEFAULT '',
    recorded_at    TEXT NOT NULL
);
CREATE INDEX guidance_dismissed_by_item ON guidance_dismissed (agenda_item_id);

CREATE TRIGGER guidance_dismissed_locked_insert BEFORE INSERT ON guidance_dismissed
WHEN (SELECT m.status = 'finalised' AND m.open_amendment_id IS NULL FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id WHERE a.id = NEW.agenda_item_id)
BEGIN
    SELECT RAISE(ABORT, 'These minutes are finalised. To change them, choose Amend minutes and give a reason; the change and the reason are recorded and printed with the minutes.');
END;

CREATE TRIGGER guidance_dismissed_locked_update BEFORE UPDATE ON guidance_dismissed
WHEN (SELECT m.status = 'finalised' AND m.open_amendment_id IS NULL FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id WHERE a.id = OLD.agenda_item_id)
BEGIN
    SELECT RAISE(ABORT, 'These minutes are finalised. To change them, choose Amend minutes and give a reason; the change and the reason are recorded and printed with the minutes.');
END;

CREATE TRIGGER guidance_dismissed_locked_delete BEFORE DELETE ON guidance_dismissed
WHEN (SELECT m.status = 'finalised' AND m.open_amendment_id IS NULL FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id WHERE a.id = OLD.agenda_item_id)
BEGIN
    SELECT RAISE(ABORT, 'These minutes are finalised. To change them, choose Amend minutes and give a reason; the change and the reason are recorded and printed with the minutes.');
END;

-- A closure belongs to the minutes of the meeting where it was made: fixed once they are final.
CREATE TRIGGER escalation_closures_locked_insert BEFORE INSERT ON escalation_closures
WHEN (SELECT m.status = 'finalised' AND m.open_amendment_id IS NULL FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id WHERE a.id = NEW.closed_at_item_id)
BEGIN
    SELECT RAISE(ABORT, 'These minutes are finalised. To change them, choose Amend minutes and give a reason; the change and the reason are recorded and printed with the minutes.');
END;

CREATE TRIGGER escalation_closures_locked_update BEFORE UPDATE ON escalation_closures
WHEN (SELECT m.status = 'finalised' AND m.open_amendment_id IS NULL FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id WHERE a.id = OLD.closed_at_item_id)
BEGIN
    SELECT RAISE(ABORT, 'These minutes are finalised. To change them, choose Amend minutes and give a reason; the change and the reason are recorded and printed with the minutes.');
END;

CREATE TRIGGER escalation_closures_locked_delete BEFORE DELETE ON escalation_closures
WHEN (SELECT m.status = 'finalised' AND m.open_amendment_id IS NULL FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id WHERE a.id = OLD.closed_at_item_id)
BEGIN
    SELECT RAISE(ABORT, 'These minutes are finalised. To change them, choose Amend minutes and give a reason; the change and the reason are recorded and printed with the minutes.');
END;
