-- Finalised minutes are changed only through an amendment with its reason (issue #7).
--
-- The core refuses such changes first (meetings::ensure_editable) with a message for the user; these
-- triggers make the same rule hold for anything that writes to the file directly (the sqlite3 shell,
-- another program, a bug). A meeting is locked when its status is 'finalised' and no amendment is open.
-- What stays possible on locked minutes: opening an amendment (which needs a recorded reason), and
-- following up its actions (done, cancelled, reopened), which is follow-up rather than a change to
-- what was minuted.

-- The meeting itself: details, status and finalised time are fixed; an amendment needs its reason.
CREATE TRIGGER meetings_locked_update BEFORE UPDATE ON meetings
WHEN OLD.status = 'finalised' AND (
    NEW.status IS NOT 'finalised' OR NEW.finalised_at IS NOT OLD.finalised_at
    OR (OLD.open_amendment_id IS NULL AND NEW.open_amendment_id IS NULL)
    OR (OLD.open_amendment_id IS NULL AND (
        (NEW.series_id, NEW.title, NEW.starts_at, NEW.planned_minutes, NEW.location, NEW.video_link, NEW.chair_id,
         NEW.minute_taker_id, NEW.started_at, NEW.created_at)
        IS NOT (OLD.series_id, OLD.title, OLD.starts_at, OLD.planned_minutes, OLD.location, OLD.video_link, OLD.chair_id,
         OLD.minute_taker_id, OLD.started_at, OLD.created_at)
        OR NOT EXISTS (SELECT 1 FROM minute_amendments WHERE id = NEW.open_amendment_id AND meeting_id = OLD.id))))
BEGIN
    SELECT RAISE(ABORT, 'These minutes are finalised. To change them, choose Amend minutes and give a reason; the change and the reason are recorded and printed with the minutes.');
END;

CREATE TRIGGER meetings_locked_delete BEFORE DELETE ON meetings
WHEN OLD.status = 'finalised'
BEGIN
    SELECT RAISE(ABORT, 'These minutes are finalised. To change them, choose Amend minutes and give a reason; the change and the reason are recorded and printed with the minutes.');
END;

-- The reasons given for amendments are part of the minutes: kept as written.
CREATE TRIGGER minute_amendments_no_update BEFORE UPDATE ON minute_amendments
BEGIN
    SELECT RAISE(ABORT, 'The reasons given for amending minutes are kept as written.');
END;
CREATE TRIGGER minute_amendments_no_delete BEFORE DELETE ON minute_amendments
BEGIN
    SELECT RAISE(ABORT, 'The reasons given for amending minutes are kept as written.');
END;

-- Agenda items and attendance of locked minutes.
CREATE TRIGGER agenda_items_locked_insert BEFORE INSERT ON agenda_items
WHEN (SELECT status = 'finalised' AND open_amendment_id IS NULL FROM meetings WHERE id = NEW.meeting_id)
BEGIN
    SELECT RAISE(ABORT, 'These minutes are finalised. To change them, choose Amend minutes and give a reason; the change and the reason are recorded and printed with the minutes.');
END;

CREATE TRIGGER agenda_items_locked_update BEFORE UPDATE ON agenda_items
WHEN ((SELECT status = 'finalised' AND open_amendment_id IS NULL FROM meetings WHERE id = OLD.meeting_id) OR (SELECT status = 'finalised' AND open_amendment_id IS NULL FROM meetings WHERE id = NEW.meeting_id))
    AND (NEW.meeting_id, NEW.position, NEW.kind, NEW.case_id, NEW.teach_in_id, NEW.title, NEW.reason, NEW.presenter_id,
         NEW.minutes_allowed, NEW.consent, NEW.outcome, NEW.seconds_used)
        IS NOT (OLD.meeting_id, OLD.position, OLD.kind, OLD.case_id, OLD.teach_in_id, OLD.title, OLD.reason, OLD.presenter_id,
         OLD.minutes_allowed, OLD.consent, OLD.outcome, OLD.seconds_used)
BEGIN
    SELECT RAISE(ABORT, 'These minutes are finalised. To change them, choose Amend minutes and give a reason; the change and the reason are recorded and printed with the minutes.');
END;

CREATE TRIGGER agenda_items_locked_delete BEFORE DELETE ON agenda_items
WHEN (SELECT status = 'finalised' AND open_amendment_id IS NULL FROM meetings WHERE id = OLD.meeting_id)
BEGIN
    SELECT RAISE(ABORT, 'These minutes are finalised. To change them, choose Amend minutes and give a reason; the change and the reason are recorded and printed with the minutes.');
END;

CREATE TRIGGER attendance_locked_insert BEFORE INSERT ON attendance
WHEN (SELECT status = 'finalised' AND open_amendment_id IS NULL FROM meetings WHERE id = NEW.meeting_id)
BEGIN
    SELECT RAISE(ABORT, 'These minutes are finalised. To change them, choose Amend minutes and give a reason; the change and the reason are recorded and printed with the minutes.');
END;

CREATE TRIGGER attendance_locked_update BEFORE UPDATE ON attendance
WHEN (SELECT status = 'finalised' AND open_amendment_id IS NULL FROM meetings WHERE id = OLD.meeting_id) OR (SELECT status = 'finalised' AND open_amendment_id IS NULL FROM meetings WHERE id = NEW.meeting_id)
BEGIN
    SELECT RAISE(ABORT, 'These minutes are finalised. To change them, choose Amend minutes and give a reason; the change and the reason are recorded and printed with the minutes.');
END;

CREATE TRIGGER attendance_locked_delete BEFORE DELETE ON attendance
WHEN (SELECT status = 'finalised' AND open_amendment_id IS NULL FROM meetings WHERE id = OLD.meeting_id)
BEGIN
    SELECT RAISE(ABORT, 'These minutes are finalised. To change them, choose Amend minutes and give a reason; the change and the reason are recorded and printed with the minutes.');
END;

-- Each case's record: the discussion, needs, leads, escalations, step-downs, professionals involved and
-- the guidance flags the chair finalised past.
CREATE TRIGGER case_discussions_locked_insert BEFORE INSERT ON case_discussions
WHEN (SELECT m.status = 'finalised' AND m.open_amendment_id IS NULL FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id WHERE a.id = NEW.agenda_item_id)
BEGIN
    SELECT RAISE(ABORT, 'These minutes are finalised. To change them, choose Amend minutes and give a reason; the change and the reason are recorded and printed with the minutes.');
END;

CREATE TRIGGER case_discussions_locked_update BEFORE UPDATE ON case_discussions
WHEN (SELECT m.status = 'finalised' AND m.open_amendment_id IS NULL FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id WHERE a.id = OLD.agenda_item_id) OR (SELECT m.status = 'finalised' AND m.open_amendment_id IS NULL FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id WHERE a.id = NEW.agenda_item_id)
BEGIN
    SELECT RAISE(ABORT, 'These minutes are finalised. To change them, choose Amend minutes and give a reason; the change and the reason are recorded and printed with the minutes.');
END;

CREATE TRIGGER case_discussions_locked_delete BEFORE DELETE ON case_discussions
WHEN (SELECT m.status = 'finalised' AND m.open_amendment_id IS NULL FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id WHERE a.id = OLD.agenda_item_id)
BEGIN
    SELECT RAISE(ABORT, 'These minutes are finalised. To change them, choose Amend minutes and give a reason; the change and the reason are recorded and printed with the minutes.');
END;

CREATE TRIGGER discussion_needs_locked_insert BEFORE INSERT ON discussion_needs
WHEN (SELECT m.status = 'finalised' AND m.open_amendment_id IS NULL FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id WHERE a.id = NEW.agenda_item_id)
BEGIN
    SELECT RAISE(ABORT, 'These minutes are finalised. To change them, choose Amend minutes and give a reason; the change and the reason are recorded and printed with the minutes.');
END;

CREATE TRIGGER discussion_needs_locked_update BEFORE UPDATE ON discussion_needs
WHEN (SELECT m.status = 'finalised' AND m.open_amendment_id IS NULL FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id WHERE a.id = OLD.agenda_item_id) OR (SELECT m.status = 'finalised' AND m.open_amendment_id IS NULL FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id WHERE a.id = NEW.agenda_item_id)
BEGIN
    SELECT RAISE(ABORT, 'These minutes are finalised. To change them, choose Amend minutes and give a reason; the change and the reason are recorded and printed with the minutes.');
END;

CREATE TRIGGER discussion_needs_locked_delete BEFORE DELETE ON discussion_needs
WHEN (SELECT m.status = 'finalised' AND m.open_amendment_id IS NULL FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id WHERE a.id = OLD.agenda_item_id)
BEGIN
    SELECT RAISE(ABORT, 'These minutes are finalised. To change them, choose Amend minutes and give a reason; the change and the reason are recorded and printed with the minutes.');
END;

CREATE TRIGGER discussion_leads_locked_insert BEFORE INSERT ON discussion_leads
WHEN (SELECT m.status = 'finalised' AND m.open_amendment_id IS NULL FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id WHERE a.id = NEW.agenda_item_id)
BEGIN
    SELECT RAISE(ABORT, 'These minutes are finalised. To change them, choose Amend minutes and give a reason; the change and the reason are recorded and printed with the minutes.');
END;

CREATE TRIGGER discussion_leads_locked_update BEFORE UPDATE ON discussion_leads
WHEN (SELECT m.status = 'finalised' AND m.open_amendment_id IS NULL FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id WHERE a.id = OLD.agenda_item_id) OR (SELECT m.status = 'finalised' AND m.open_amendment_id IS NULL FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id WHERE a.id = NEW.agenda_item_id)
BEGIN
    SELECT RAISE(ABORT, 'These minutes are finalised. To change them, choose Amend minutes and give a reason; the change and the reason are recorded and printed with the minutes.');
END;

CREATE TRIGGER discussion_leads_locked_delete BEFORE DELETE ON discussion_leads
WHEN (SELECT m.status = 'finalised' AND m.open_amendment_id IS NULL FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id WHERE a.id = OLD.agenda_item_id)
BEGIN
    SELECT RAISE(ABORT, 'These minutes are finalised. To change them, choose Amend minutes and give a reason; the change and the reason are recorded and printed with the minutes.');
END;

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

CREATE TRIGGER care_transitions_locked_insert BEFORE INSERT ON care_transitions
WHEN (SELECT m.status = 'finalised' AND m.open_amendment_id IS NULL FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id WHERE a.id = NEW.agenda_item_id)
BEGIN
    SELECT RAISE(ABORT, 'These minutes are finalised. To change them, choose Amend minutes and give a reason; the change and the reason are recorded and printed with the minutes.');
END;

CREATE TRIGGER care_transitions_locked_update BEFORE UPDATE ON care_transitions
WHEN (SELECT m.status = 'finalised' AND m.open_amendment_id IS NULL FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id WHERE a.id = OLD.agenda_item_id) OR (SELECT m.status = 'finalised' AND m.open_amendment_id IS NULL FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id WHERE a.id = NEW.agenda_item_id)
BEGIN
    SELECT RAISE(ABORT, 'These minutes are finalised. To change them, choose Amend minutes and give a reason; the change and the reason are recorded and printed with the minutes.');
END;

CREATE TRIGGER care_transitions_locked_delete BEFORE DELETE ON care_transitions
WHEN (SELECT m.status = 'finalised' AND m.open_amendment_id IS NULL FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id WHERE a.id = OLD.agenda_item_id)
BEGIN
    SELECT RAISE(ABORT, 'These minutes are finalised. To change them, choose Amend minutes and give a reason; the change and the reason are recorded and printed with the minutes.');
END;

CREATE TRIGGER agenda_item_professionals_locked_insert BEFORE INSERT ON agenda_item_professionals
WHEN (SELECT m.status = 'finalised' AND m.open_amendment_id IS NULL FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id WHERE a.id = NEW.agenda_item_id)
BEGIN
    SELECT RAISE(ABORT, 'These minutes are finalised. To change them, choose Amend minutes and give a reason; the change and the reason are recorded and printed with the minutes.');
END;

CREATE TRIGGER agenda_item_professionals_locked_update BEFORE UPDATE ON agenda_item_professionals
WHEN (SELECT m.status = 'finalised' AND m.open_amendment_id IS NULL FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id WHERE a.id = OLD.agenda_item_id) OR (SELECT m.status = 'finalised' AND m.open_amendment_id IS NULL FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id WHERE a.id = NEW.agenda_item_id)
BEGIN
    SELECT RAISE(ABORT, 'These minutes are finalised. To change them, choose Amend minutes and give a reason; the change and the reason are recorded and printed with the minutes.');
END;

CREATE TRIGGER agenda_item_professionals_locked_delete BEFORE DELETE ON agenda_item_professionals
WHEN (SELECT m.status = 'finalised' AND m.open_amendment_id IS NULL FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id WHERE a.id = OLD.agenda_item_id)
BEGIN
    SELECT RAISE(ABORT, 'These minutes are finalised. To change them, choose Amend minutes and give a reason; the change and the reason are recorded and printed with the minutes.');
END;

CREATE TRIGGER guidance_overrides_locked_insert BEFORE INSERT ON guidance_overrides
WHEN (SELECT m.status = 'finalised' AND m.open_amendment_id IS NULL FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id WHERE a.id = NEW.agenda_item_id)
BEGIN
    SELECT RAISE(ABORT, 'These minutes are finalised. To change them, choose Amend minutes and give a reason; the change and the reason are recorded and printed with the minutes.');
END;

CREATE TRIGGER guidance_overrides_locked_update BEFORE UPDATE ON guidance_overrides
WHEN (SELECT m.status = 'finalised' AND m.open_amendment_id IS NULL FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id WHERE a.id = OLD.agenda_item_id) OR (SELECT m.status = 'finalised' AND m.open_amendment_id IS NULL FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id WHERE a.id = NEW.agenda_item_id)
BEGIN
    SELECT RAISE(ABORT, 'These minutes are finalised. To change them, choose Amend minutes and give a reason; the change and the reason are recorded and printed with the minutes.');
END;

CREATE TRIGGER guidance_overrides_locked_delete BEFORE DELETE ON guidance_overrides
WHEN (SELECT m.status = 'finalised' AND m.open_amendment_id IS NULL FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id WHERE a.id = OLD.agenda_item_id)
BEGIN
    SELECT RAISE(ABORT, 'These minutes are finalised. To change them, choose Amend minutes and give a reason; the change and the reason are recorded and printed with the minutes.');
END;

-- Agreed actions: what, who and when are minuted; their progress (status, done date, why cancelled) is
-- follow-up and stays open.
CREATE TRIGGER agreed_actions_locked_insert BEFORE INSERT ON agreed_actions
WHEN (SELECT status = 'finalised' AND open_amendment_id IS NULL FROM meetings WHERE id = NEW.meeting_id)
BEGIN
    SELECT RAISE(ABORT, 'These minutes are finalised. To change them, choose Amend minutes and give a reason; the change and the reason are recorded and printed with the minutes.');
END;

CREATE TRIGGER agreed_actions_locked_update BEFORE UPDATE ON agreed_actions
WHEN ((SELECT status = 'finalised' AND open_amendment_id IS NULL FROM meetings WHERE id = OLD.meeting_id) OR (SELECT status = 'finalised' AND open_amendment_id IS NULL FROM meetings WHERE id = NEW.meeting_id))
    AND (NEW.meeting_id, NEW.agenda_item_id, NEW.case_id, NEW.description, NEW.owner_id, NEW.due_date, NEW.created_at)
        IS NOT (OLD.meeting_id, OLD.agenda_item_id, OLD.case_id, OLD.description, OLD.owner_id, OLD.due_date, OLD.created_at)
BEGIN
    SELECT RAISE(ABORT, 'These minutes are finalised. To change them, choose Amend minutes and give a reason; the change and the reason are recorded and printed with the minutes.');
END;

CREATE TRIGGER agreed_actions_locked_delete BEFORE DELETE ON agreed_actions
WHEN (SELECT status = 'finalised' AND open_amendment_id IS NULL FROM meetings WHERE id = OLD.meeting_id)
BEGIN
    SELECT RAISE(ABORT, 'These minutes are finalised. To change them, choose Amend minutes and give a reason; the change and the reason are recorded and printed with the minutes.');
END;
