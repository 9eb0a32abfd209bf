-- Issue #15, first slice: what matters to the person and their goals, kept on the person (the
-- case, known by its pseudonymous reference) rather than on one discussion, so it carries to
-- every later discussion of them. Saved like a case record: each save names the version it was
-- based on, and one based on an older version is refused (see src/person.rs).
CREATE TABLE person_profiles (
    case_id             INTEGER PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
    what_matters        TEXT NOT NULL DEFAULT '',
    goals               TEXT NOT NULL DEFAULT '',
    -- The person's personalised care and support plan, by its reference in the team's own system.
    care_plan_reference TEXT NOT NULL DEFAULT '',
    version             INTEGER NOT NULL CHECK (version >= 1),
    updated_at          TEXT NOT NULL,
    updated_by          TEXT NOT NULL
);

-- What mattered to the person as it stood when a meeting's minutes were finalised, per case
-- item: the minutes go on saying what was said at the time however the person's record changes.
CREATE TABLE person_profiles_minuted (
    agenda_item_id      INTEGER PRIMARY KEY REFERENCES agenda_items (id) ON DELETE CASCADE,
    what_matters        TEXT NOT NULL,
    goals               TEXT NOT NULL,
    care_plan_reference TEXT NOT NULL,
    version             INTEGER NOT NULL,
    recorded_at         TEXT NOT NULL
);

CREATE TRIGGER person_profiles_minuted_locked_insert BEFORE INSERT ON person_profiles_minuted
WHEN (SELECT m.status = 'finalised' AND m.open_amendment_id IS NULL FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id WHERE a.id = NEW.agenda_item_id)
BEGIN
    SELECT RAISE(ABORT, 'These minutes are finalised. To change them, choose Amend minutes and give a reason; the change and the reason are recorded and printed with the minutes.');
END;

CREATE TRIGGER person_profiles_minuted_locked_update BEFORE UPDATE ON person_profiles_minuted
WHEN (SELECT m.status = 'finalised' AND m.open_amendment_id IS NULL FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id WHERE a.id = OLD.agenda_item_id)
BEGIN
    SELECT RAISE(ABORT, 'These minutes are finalised. To change them, choose Amend minutes and give a reason; the change and the reason are recorded and printed with the minutes.');
END;

CREATE TRIGGER person_profiles_minuted_locked_delete BEFORE DELETE ON person_profiles_minuted
WHEN (SELECT m.status = 'finalised' AND m.open_amendment_id IS NULL FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id WHERE a.id = OLD.agenda_item_id)
BEGIN
    SELECT RAISE(ABORT, 'These minutes are finalised. To change them, choose Amend minutes and give a reason; the change and the reason are recorded and printed with the minutes.');
END;
