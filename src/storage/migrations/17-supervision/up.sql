-- Issue #19, the supervision log (see src/supervision.rs). The guidance asks that SPLWs have
-- monthly clinical supervision from a relevant healthcare professional (most often a GP; an OT
-- where their scope, experience and the organisation's arrangements allow). Who supervises each
-- person, the sessions held, and the cases to take to the next session, by the discussion they came
-- from (the case is known only by its pseudonymous reference, never by an identifier).

-- Who supervises whom: one arrangement per supervisee, changed by version.
CREATE TABLE supervision_arrangements (
    supervisee_id      INTEGER PRIMARY KEY REFERENCES team_members (id) ON DELETE RESTRICT,
    supervisor_id      INTEGER NOT NULL REFERENCES team_members (id) ON DELETE RESTRICT,
    -- For an OT supervising an SPLW: the team confirms the OT's scope, experience and the
    -- organisation's arrangements allow it, as the guidance asks.
    scope_confirmed    INTEGER NOT NULL DEFAULT 0 CHECK (scope_confirmed IN (0, 1)),
    version            INTEGER NOT NULL CHECK (version >= 1),
    updated_at         TEXT NOT NULL,
    updated_by         TEXT NOT NULL,
    CHECK (supervisor_id <> supervisee_id)
);

CREATE TABLE supervision_sessions (
    id            INTEGER PRIMARY KEY,
    supervisee_id INTEGER NOT NULL REFERENCES team_members (id) ON DELETE RESTRICT,
    supervisor_id INTEGER NOT NULL REFERENCES team_members (id) ON DELETE RESTRICT,
    held_on       TEXT NOT NULL,                       -- YYYY-MM-DD
    format        TEXT NOT NULL CHECK (format IN ('one_to_one', 'group', 'case_based', 'debrief')),
    created_at    TEXT NOT NULL,
    created_by    TEXT NOT NULL,
    CHECK (supervisor_id <> supervisee_id)
);
CREATE INDEX supervision_sessions_by_supervisee ON supervision_sessions (supervisee_id, held_on);

-- A case to take to supervision: from a "raise in supervision" or "joint debrief" suggestion, or
-- chosen. Waiting until a session takes it.
CREATE TABLE supervision_cases (
    id             INTEGER PRIMARY KEY,
    supervisee_id  INTEGER NOT NULL REFERENCES team_members (id) ON DELETE RESTRICT,
    agenda_item_id INTEGER NOT NULL REFERENCES agenda_items (id) ON DELETE RESTRICT,
    source         TEXT NOT NULL CHECK (source IN ('raise_in_supervision', 'joint_debrief', 'chosen')),
    added_at       TEXT NOT NULL,
    added_by       TEXT NOT NULL,
    session_id     INTEGER REFERENCES supervision_sessions (id) ON DELETE RESTRICT
);
-- A discussion waits at most once for each person's next session.
CREATE UNIQUE INDEX supervision_cases_waiting ON supervision_cases (supervisee_id, agenda_item_id) WHERE session_id IS NULL;
CREATE INDEX supervision_cases_by_session ON supervision_cases (session_id);
