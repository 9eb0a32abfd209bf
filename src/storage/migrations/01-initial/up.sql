-- MDT Assistant schema, version 1: the whole product.
-- Dates are ISO 8601 text (YYYY-MM-DD), date-times are local ISO text (YYYY-MM-DDTHH:MM),
-- audit timestamps are UTC RFC 3339. Booleans are 0/1 integers.
-- Deleting anything a decision refers to is RESTRICTed: minutes must keep their meaning.

-- Professions, with a flag the guidance checks rely on (an SPLW is not a clinical role).
CREATE TABLE roles (
    key        TEXT PRIMARY KEY CHECK (key GLOB '[a-z]*' AND length(key) <= 40),
    name       TEXT NOT NULL UNIQUE,
    clinical   INTEGER NOT NULL CHECK (clinical IN (0, 1)),
    sort_order INTEGER NOT NULL
);

INSERT INTO roles (key, name, clinical, sort_order) VALUES
    ('ot',            'Occupational therapist',                1,  1),
    ('splw',          'Social prescribing link worker',        0,  2),
    ('gp',            'GP',                                     1,  3),
    ('nurse',         'Practice or district nurse',            1,  4),
    ('physio',        'Physiotherapist',                        1,  5),
    ('pharmacist',    'Pharmacist',                             1,  6),
    ('social_worker', 'Social worker',                          0,  7),
    ('mental_health', 'Mental health practitioner',            1,  8),
    ('safeguarding',  'Safeguarding lead',                      0,  9),
    ('hiu_lead',      'High-intensity-user lead',               0, 10),
    ('care_coordinator', 'Care coordinator',                    0, 11),
    ('other',         'Other professional',                     0, 12);

-- A team's own edits to a shipped role profile (assets/roles/KEY.toml). No row: the default applies.
CREATE TABLE role_profile_edits (
    role_key   TEXT PRIMARY KEY REFERENCES roles (key) ON DELETE RESTRICT,
    profile    TEXT NOT NULL,          -- the edited profile, same format as the shipped file
    updated_at TEXT NOT NULL
);

CREATE TABLE team_members (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL CHECK (length(trim(name)) > 0),
    role_key     TEXT NOT NULL REFERENCES roles (key) ON DELETE RESTRICT,
    organisation TEXT NOT NULL DEFAULT '',
    email        TEXT NOT NULL DEFAULT '',
    phone        TEXT NOT NULL DEFAULT '',
    core_member  INTEGER NOT NULL DEFAULT 0 CHECK (core_member IN (0, 1)),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX team_members_by_name ON team_members (name COLLATE NOCASE);

-- Team-wide settings: escalation routes and contacts, protective marking, thresholds.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- A run of meetings of one team (e.g. "North Locality MDT"); matters arising carry within a series.
CREATE TABLE meeting_series (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0)
);

CREATE TABLE meetings (
    id                INTEGER PRIMARY KEY,
    series_id         INTEGER NOT NULL REFERENCES meeting_series (id) ON DELETE RESTRICT,
    title             TEXT NOT NULL CHECK (length(trim(title)) > 0),
    starts_at         TEXT NOT NULL,                -- local date-time
    planned_minutes   INTEGER NOT NULL CHECK (planned_minutes BETWEEN 5 AND 600),
    location          TEXT NOT NULL DEFAULT '',
    video_link        TEXT NOT NULL DEFAULT '',
    chair_id          INTEGER REFERENCES team_members (id) ON DELETE RESTRICT,
    minute_taker_id   INTEGER REFERENCES team_members (id) ON DELETE RESTRICT,
    status            TEXT NOT NULL DEFAULT 'planned'
                      CHECK (status IN ('planned', 'in_progress', 'finalised')),
    started_at        TEXT,
    finalised_at      TEXT,
    -- Set while a finalised meeting is being amended; edits are then audited as amendments.
    open_amendment_id INTEGER REFERENCES minute_amendments (id) ON DELETE RESTRICT,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
);
CREATE INDEX meetings_by_series_date ON meetings (series_id, starts_at);

CREATE TABLE attendance (
    meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    member_id  INTEGER NOT NULL REFERENCES team_members (id) ON DELETE RESTRICT,
    expected   INTEGER NOT NULL DEFAULT 1 CHECK (expected IN (0, 1)),
    status     TEXT NOT NULL DEFAULT 'unknown'
               CHECK (status IN ('unknown', 'present', 'apologies', 'absent')),
    arrived_at TEXT,                                 -- set when the member arrived late
    left_at    TEXT,                                 -- set when the member left early
    PRIMARY KEY (meeting_id, member_id)
);
CREATE INDEX attendance_by_member ON attendance (member_id);

-- A person discussed, known on screen only by a pseudonymous reference.
CREATE TABLE cases (
    id         INTEGER PRIMARY KEY,
    reference  TEXT NOT NULL UNIQUE CHECK (length(trim(reference)) > 0),
    created_at TEXT NOT NULL
);

-- Full identifiers live apart from the case so that nothing shows them by accident.
CREATE TABLE case_identifiers (
    case_id          INTEGER PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
    nhs_number       TEXT NOT NULL DEFAULT '',
    other_identifier TEXT NOT NULL DEFAULT ''
);

CREATE TABLE teach_ins (
    id            INTEGER PRIMARY KEY,
    title         TEXT NOT NULL CHECK (length(trim(title)) > 0),
    role_keys     TEXT NOT NULL,                    -- comma-separated role keys, e.g. 'ot,splw'
    total_minutes INTEGER NOT NULL CHECK (total_minutes BETWEEN 5 AND 240),
    audience      TEXT NOT NULL DEFAULT '',
    case_example  TEXT NOT NULL DEFAULT '',         -- rewritten by the presenter, never identifying
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);

CREATE TABLE teach_in_slots (
    id          INTEGER PRIMARY KEY,
    teach_in_id INTEGER NOT NULL REFERENCES teach_ins (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    title       TEXT NOT NULL,
    minutes     INTEGER NOT NULL CHECK (minutes >= 0),
    notes       TEXT NOT NULL DEFAULT '',
    UNIQUE (teach_in_id, position)
);

CREATE TABLE teach_in_presenters (
    slot_id   INTEGER NOT NULL REFERENCES teach_in_slots (id) ON DELETE CASCADE,
    member_id INTEGER NOT NULL REFERENCES team_members (id) ON DELETE RESTRICT,
    PRIMARY KEY (slot_id, member_id)
);

-- One line of a meeting's agenda: a case, a teach-in slot or another item.
CREATE TABLE agenda_items (
    id               INTEGER PRIMARY KEY,
    meeting_id       INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    position         INTEGER NOT NULL,
    kind             TEXT NOT NULL CHECK (kind IN ('case', 'matters_arising', 'teach_in', 'other')),
    case_id          INTEGER REFERENCES cases (id) ON DELETE RESTRICT,
    teach_in_id      INTEGER REFERENCES teach_ins (id) ON DELETE RESTRICT,
    title            TEXT NOT NULL DEFAULT '',
    reason           TEXT NOT NULL DEFAULT '',
    presenter_id     INTEGER REFERENCES team_members (id) ON DELETE RESTRICT,
    minutes_allowed  INTEGER NOT NULL DEFAULT 10 CHECK (minutes_allowed BETWEEN 0 AND 240),
    consent          TEXT NOT NULL DEFAULT 'not_recorded'
                     CHECK (consent IN ('not_recorded', 'agreed', 'objected')),
    outcome          TEXT NOT NULL DEFAULT 'pending'
                     CHECK (outcome IN ('pending', 'discussed', 'not_discussed')),
    seconds_used     INTEGER NOT NULL DEFAULT 0 CHECK (seconds_used >= 0),
    carried_from_id  INTEGER REFERENCES agenda_items (id) ON DELETE SET NULL,
    CHECK ((kind = 'case') = (case_id IS NOT NULL)),
    CHECK ((kind = 'teach_in') = (teach_in_id IS NOT NULL))
);
-- Not UNIQUE: reordering rewrites every position of a meeting inside one transaction.
CREATE INDEX agenda_items_by_meeting ON agenda_items (meeting_id, position);
CREATE INDEX agenda_items_by_case ON agenda_items (case_id);
-- Deleting an item sets carried_from_id to NULL in the items carried from it: found by index.
CREATE INDEX agenda_items_by_carried_from ON agenda_items (carried_from_id);

-- Professionals already involved with the person: a member, or an external service by name.
CREATE TABLE agenda_item_professionals (
    id               INTEGER PRIMARY KEY,
    agenda_item_id   INTEGER NOT NULL REFERENCES agenda_items (id) ON DELETE CASCADE,
    member_id        INTEGER REFERENCES team_members (id) ON DELETE RESTRICT,
    external_service TEXT NOT NULL DEFAULT '',
    CHECK ((member_id IS NULL) <> (external_service = ''))
);
CREATE INDEX agenda_item_professionals_by_item ON agenda_item_professionals (agenda_item_id);

-- The structured record of one case discussion (one per case agenda item).
CREATE TABLE case_discussions (
    agenda_item_id      INTEGER PRIMARY KEY REFERENCES agenda_items (id) ON DELETE CASCADE,
    situation           TEXT NOT NULL DEFAULT '',
    done_so_far         TEXT NOT NULL DEFAULT '',
    discussion          TEXT NOT NULL DEFAULT '',
    risk_holder_id      INTEGER REFERENCES team_members (id) ON DELETE RESTRICT,
    communication_plan  TEXT NOT NULL DEFAULT '',
    urgent_contacts     TEXT NOT NULL DEFAULT '',
    decision            TEXT NOT NULL DEFAULT '',
    decision_owner_id   INTEGER REFERENCES team_members (id) ON DELETE RESTRICT,
    next_review_date    TEXT,
    suggested_lead      TEXT NOT NULL DEFAULT '',   -- JSON: the guidance suggestion shown at the time
    lead_override_reason TEXT NOT NULL DEFAULT '',
    updated_at          TEXT NOT NULL
);

CREATE TABLE discussion_needs (
    agenda_item_id INTEGER NOT NULL REFERENCES case_discussions (agenda_item_id) ON DELETE CASCADE,
    need           TEXT NOT NULL,
    PRIMARY KEY (agenda_item_id, need)
);

-- Who leads on which aspect of a person's care: a member, or a role when no member is named yet.
CREATE TABLE discussion_leads (
    id             INTEGER PRIMARY KEY,
    agenda_item_id INTEGER NOT NULL REFERENCES case_discussions (agenda_item_id) ON DELETE CASCADE,
    aspect         TEXT NOT NULL CHECK (length(trim(aspect)) > 0),
    member_id      INTEGER REFERENCES team_members (id) ON DELETE RESTRICT,
    role_key       TEXT REFERENCES roles (key) ON DELETE RESTRICT,
    CHECK (member_id IS NOT NULL OR role_key IS NOT NULL)
);
CREATE INDEX discussion_leads_by_item ON discussion_leads (agenda_item_id);

-- Escalations and their routes, or a recorded reason why none was needed.
CREATE TABLE escalations (
    id                INTEGER PRIMARY KEY,
    agenda_item_id    INTEGER NOT NULL REFERENCES case_discussions (agenda_item_id) ON DELETE CASCADE,
    trigger           TEXT NOT NULL
                      CHECK (trigger IN ('safeguarding', 'deterioration', 'environmental_risk', 'complexity')),
    route             TEXT NOT NULL DEFAULT '',
    informed          TEXT NOT NULL DEFAULT '',
    not_needed_reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX escalations_by_item ON escalations (agenda_item_id);

-- Step-down (e.g. OT to SPLW once stable) and step-up, with the handover plan.
CREATE TABLE care_transitions (
    id             INTEGER PRIMARY KEY,
    agenda_item_id INTEGER NOT NULL REFERENCES case_discussions (agenda_item_id) ON DELETE CASCADE,
    direction      TEXT NOT NULL CHECK (direction IN ('step_down', 'step_up')),
    from_role_key  TEXT NOT NULL REFERENCES roles (key) ON DELETE RESTRICT,
    to_role_key    TEXT NOT NULL REFERENCES roles (key) ON DELETE RESTRICT,
    handover_plan  TEXT NOT NULL DEFAULT '',
    joint_visits   INTEGER NOT NULL DEFAULT 0 CHECK (joint_visits >= 0),
    consult_contact TEXT NOT NULL DEFAULT ''
);
CREATE INDEX care_transitions_by_item ON care_transitions (agenda_item_id);

CREATE TABLE agreed_actions (
    id             INTEGER PRIMARY KEY,
    meeting_id     INTEGER NOT NULL REFERENCES meetings (id) ON DELETE RESTRICT,
    agenda_item_id INTEGER REFERENCES agenda_items (id) ON DELETE RESTRICT,
    case_id        INTEGER REFERENCES cases (id) ON DELETE RESTRICT,
    description    TEXT NOT NULL CHECK (length(trim(description)) > 0),
    owner_id       INTEGER NOT NULL REFERENCES team_members (id) ON DELETE RESTRICT,
    due_date       TEXT,
    status         TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
    done_on        TEXT,
    cancel_reason  TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    CHECK (status <> 'done' OR done_on IS NOT NULL),
    CHECK (status <> 'cancelled' OR length(trim(cancel_reason)) > 0)
);
CREATE INDEX agreed_actions_by_owner_status ON agreed_actions (owner_id, status, due_date);
CREATE INDEX agreed_actions_by_status_due ON agreed_actions (status, due_date);
CREATE INDEX agreed_actions_by_meeting ON agreed_actions (meeting_id);
CREATE INDEX agreed_actions_by_case ON agreed_actions (case_id);
CREATE INDEX agreed_actions_by_item ON agreed_actions (agenda_item_id);

-- Changes made to minutes after they were finalised, with the reason given.
CREATE TABLE minute_amendments (
    id         INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE RESTRICT,
    reason     TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    amended_at TEXT NOT NULL,
    amended_by TEXT NOT NULL
);
CREATE INDEX minute_amendments_by_meeting ON minute_amendments (meeting_id);

-- Guidance flags the chair chose to finalise past; they are printed in the minutes.
CREATE TABLE guidance_overrides (
    id             INTEGER PRIMARY KEY,
    agenda_item_id INTEGER NOT NULL REFERENCES agenda_items (id) ON DELETE CASCADE,
    flag_code      TEXT NOT NULL,
    detail         TEXT NOT NULL DEFAULT '',
    overridden_at  TEXT NOT NULL
);
CREATE INDEX guidance_overrides_by_item ON guidance_overrides (agenda_item_id);

-- Append-only record of every change: who, what, when, before and after (JSON).
CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id INTEGER,
    action    TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete', 'amend', 'finalise', 'reveal', 'export', 'restore')),
    before    TEXT,
    after     TEXT
);
CREATE INDEX audit_log_by_entity ON audit_log (entity, entity_id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

-- Full-text search over case reasons, discussions and actions. The rowid encodes what a row is
-- (id * 4 + kind: 0 case reason, 1 discussion, 2 action) so triggers replace rows without a scan.
CREATE VIRTUAL TABLE search_index USING fts5 (
    reference, body, tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER search_case_reason_ins AFTER INSERT ON agenda_items WHEN NEW.kind = 'case'
BEGIN
    INSERT INTO search_index (rowid, reference, body)
    VALUES (NEW.id * 4, (SELECT reference FROM cases WHERE id = NEW.case_id), NEW.reason);
END;
CREATE TRIGGER search_case_reason_upd AFTER UPDATE OF reason, case_id ON agenda_items WHEN NEW.kind = 'case'
BEGIN
    DELETE FROM search_index WHERE rowid = NEW.id * 4;
    INSERT INTO search_index (rowid, reference, body)
    VALUES (NEW.id * 4, (SELECT reference FROM cases WHERE id = NEW.case_id), NEW.reason);
END;
CREATE TRIGGER search_case_reason_del AFTER DELETE ON agenda_items
BEGIN
    DELETE FROM search_index WHERE rowid IN (OLD.id * 4, OLD.id * 4 + 1);
END;

CREATE TRIGGER search_discussion_ins AFTER INSERT ON case_discussions
BEGIN
    INSERT INTO search_index (rowid, reference, body)
    VALUES (NEW.agenda_item_id * 4 + 1,
            (SELECT c.reference FROM agenda_items a JOIN cases c ON c.id = a.case_id WHERE a.id = NEW.agenda_item_id),
            concat_ws(' ', NEW.situation, NEW.done_so_far, NEW.discussion, NEW.communication_plan, NEW.decision));
END;
CREATE TRIGGER search_discussion_upd AFTER UPDATE ON case_discussions
BEGIN
    DELETE FROM search_index WHERE rowid = NEW.agenda_item_id * 4 + 1;
    INSERT INTO search_index (rowid, reference, body)
    VALUES (NEW.agenda_item_id * 4 + 1,
            (SELECT c.reference FROM agenda_items a JOIN cases c ON c.id = a.case_id WHERE a.id = NEW.agenda_item_id),
            concat_ws(' ', NEW.situation, NEW.done_so_far, NEW.discussion, NEW.communication_plan, NEW.decision));
END;

CREATE TRIGGER search_action_ins AFTER INSERT ON agreed_actions
BEGIN
    INSERT INTO search_index (rowid, reference, body)
    VALUES (NEW.id * 4 + 2, coalesce((SELECT reference FROM cases WHERE id = NEW.case_id), ''), NEW.description);
END;
CREATE TRIGGER search_action_upd AFTER UPDATE OF description, case_id ON agreed_actions
BEGIN
    DELETE FROM search_index WHERE rowid = NEW.id * 4 + 2;
    INSERT INTO search_index (rowid, reference, body)
    VALUES (NEW.id * 4 + 2, coalesce((SELECT reference FROM cases WHERE id = NEW.case_id), ''), NEW.description);
END;
CREATE TRIGGER search_action_del AFTER DELETE ON agreed_actions
BEGIN
    DELETE FROM search_index WHERE rowid = OLD.id * 4 + 2;
END;
