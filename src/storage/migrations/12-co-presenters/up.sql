-- Issue #15: a case can be presented by more than one member. Working together encourages the OT
-- and the SPLW to present shared cases together; the presenter stays on agenda_items, and these
-- are the colleagues presenting with them, in the order chosen.
CREATE TABLE agenda_item_co_presenters (
    agenda_item_id INTEGER NOT NULL REFERENCES agenda_items (id) ON DELETE CASCADE,
    member_id      INTEGER NOT NULL REFERENCES team_members (id) ON DELETE RESTRICT,
    position       INTEGER NOT NULL,
    PRIMARY KEY (agenda_item_id, member_id)
);
CREATE INDEX agenda_item_co_presenters_by_member ON agenda_item_co_presenters (member_id);

CREATE TRIGGER agenda_item_co_presenters_locked_insert BEFORE INSERT ON agenda_item_co_presenters
WHEN (SELECT m.status = 'finalised' AND m.open_amendment_id IS NULL FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id WHERE a.id = NEW.agenda_item_id)
BEGIN
    SELECT RAISE(ABORT, 'These minutes are finalised. To change them, choose Amend minutes and give a reason; the change and the reason are recorded and printed with the minutes.');
END;

CREATE TRIGGER agenda_item_co_presenters_locked_update BEFORE UPDATE ON agenda_item_co_presenters
WHEN (SELECT m.status = 'finalised' AND m.open_amendment_id IS NULL FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id WHERE a.id = OLD.agenda_item_id) OR (SELECT m.status = 'finalised' AND m.open_amendment_id IS NULL FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id WHERE a.id = NEW.agenda_item_id)
BEGIN
    SELECT RAISE(ABORT, 'These minutes are finalised. To change them, choose Amend minutes and give a reason; the change and the reason are recorded and printed with the minutes.');
END;

CREATE TRIGGER agenda_item_co_presenters_locked_delete BEFORE DELETE ON agenda_item_co_presenters
WHEN (SELECT m.status = 'finalised' AND m.open_amendment_id IS NULL FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id WHERE a.id = OLD.agenda_item_id)
BEGIN
    SELECT RAISE(ABORT, 'These minutes are finalised. To change them, choose Amend minutes and give a reason; the change and the reason are recorded and printed with the minutes.');
END;
