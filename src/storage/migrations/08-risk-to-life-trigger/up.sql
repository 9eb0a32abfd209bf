-- Issue #14, class 3: a risk to life (thoughts of suicide, self-harm, a mental health crisis) is an
-- escalation of its own. SQLite cannot change a CHECK in place, so the table is rebuilt with the
-- wider list, its rows copied as they are, and its index and finalised-minutes triggers (from
-- 02-indexes and 03-finalised-minutes) made again. (07-escalation-closures-and-dismissals, from
-- the same issue, does not touch this table.)
CREATE TABLE escalations_widened (
    id                INTEGER PRIMARY KEY,
    agenda_item_id    INTEGER NOT NULL REFERENCES case_discussions (agenda_item_id) ON DELETE CASCADE,
    trigger           TEXT NOT NULL
                      CHECK (trigger IN ('safeguarding', 'deterioration', 'environmental_risk', 'complexity', 'risk_to_life')),
    route             TEXT NOT NULL DEFAULT '',
    informed          TEXT NOT NULL DEFAULT '',
    not_needed_reason TEXT NOT NULL DEFAULT ''
);
INSERT INTO escalations_widened (id, agenda_item_id, trigger, route, informed, not_needed_reason)
    SELECT id, agenda_item_id, trigger, route, informed, not_needed_reason FROM escalations;
DROP TABLE escalations;
ALTER TABLE escalations_widened RENAME TO escalations;
CREATE INDEX escalations_by_item ON escalations (agenda_item_id);

CREATE TRIGGER escalations_locked_insert BEFORE INSERT ON escalations
WHEN (SELECT m.status = 'finalised' AND m.open_amendment_id IS NULL FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id WHERE a.id = NEW.agenda_item_id)
BEGIN
    SELECT RAISE(ABORT, 'These minutes are finalised. To change them, choose Amend minutes and give a reason; the change and the reason are recorded and printed with the minutes.');
END;

CREATE TRIGGER escalations_locked_update BEFORE UPDATE ON escalations
WHEN (SELECT m.status = 'finalised' AND m.open_amendment_id IS NULL FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id WHERE a.id = OLD.agenda_item_id) OR (SELECT m.status = 'finalised' AND m.open_amendment_id IS NULL FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id WHERE a.id = NEW.agenda_item_id)
BEGIN
    SELECT RAISE(ABORT, 'These minutes are finalised. To change them, choose Amend minutes and give a reason; the change and the reason are recorded and printed with the minutes.');
END;

CREATE TRIGGER escalations_locked_delete BEFORE DELETE ON escalations
WHEN (SELECT m.status = 'finalised' AND m.open_amendment_id IS NULL FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id WHERE a.id = OLD.agenda_item_id)
BEGIN
    SELECT RAISE(ABORT, 'These minutes are finalised. To change them, choose Amend minutes and give a reason; the change and the reason are recorded and printed with the minutes.');
END;
