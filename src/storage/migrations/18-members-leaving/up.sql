-- A member who has left the team stays on the roster, because the minutes name them, but is no
-- longer offered to choose, expected at meetings or warned about for supervision. `left_on` is the
-- day they left (YYYY-MM-DD): from that day they are not in the team. NULL: in the team.
ALTER TABLE team_members ADD COLUMN left_on TEXT
    CHECK (left_on IS NULL OR (length(left_on) = 10 AND date(left_on) IS left_on));
