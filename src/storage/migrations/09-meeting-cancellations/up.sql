-- A planned meeting can be cancelled (issue #20), with the reason, who cancelled it and when, and
-- reinstated if that was a mistake. The cancellation is a row of its own rather than a fourth
-- meeting status because SQLite cannot widen the status column's CHECK without rebuilding the
-- meetings table, which other tables reference with ON DELETE CASCADE. The app reads a meeting
-- with a cancellation as cancelled (meeting_record::get), whatever its stored status says.
CREATE TABLE meeting_cancellations (
    meeting_id    INTEGER PRIMARY KEY REFERENCES meetings (id) ON DELETE CASCADE,
    reason        TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    cancelled_by  TEXT NOT NULL CHECK (length(trim(cancelled_by)) > 0),
    cancelled_at  TEXT NOT NULL
);

-- Only a meeting that has not started can be cancelled; one that has started is finalised instead.
CREATE TRIGGER meeting_cancellations_planned_only BEFORE INSERT ON meeting_cancellations
WHEN (SELECT status FROM meetings WHERE id = NEW.meeting_id) IS NOT 'planned'
BEGIN
    SELECT RAISE(ABORT, 'Only a meeting that has not started can be cancelled.');
END;

-- A cancelled meeting is not started or finalised; it is reinstated first.
CREATE TRIGGER meetings_cancelled_status BEFORE UPDATE OF status ON meetings
WHEN NEW.status IS NOT OLD.status AND EXISTS (SELECT 1 FROM meeting_cancellations WHERE meeting_id = OLD.id)
BEGIN
    SELECT RAISE(ABORT, 'This meeting is cancelled. Reinstate it first.');
END;

-- The reason stays as written while the meeting is cancelled; reinstating removes the row (the
-- audit log keeps both).
CREATE TRIGGER meeting_cancellations_no_update BEFORE UPDATE ON meeting_cancellations
BEGIN
    SELECT RAISE(ABORT, 'A cancellation is kept as recorded; reinstate the meeting to undo it.');
END;
