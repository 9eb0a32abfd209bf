-- Issue #15, referrals both ways: a referral made for a person (the case) at a discussion (its
-- agenda item), from a roster member to a role, a member or an outside (non-NHS) service by
-- name, with its status over time and the feedback owed to the referrer (see src/referrals.rs).
-- Saved by version: each change names the version it was based on; an older one is refused.

-- Consent to share information with a named outside service: a different thing from
-- agenda_items.consent, which is the person's consent to being discussed at the MDT meeting (per
-- discussion). This one is per person and service, and lasts across meetings.
CREATE TABLE sharing_consents (
    id             INTEGER PRIMARY KEY,
    case_id        INTEGER NOT NULL REFERENCES cases (id) ON DELETE RESTRICT,
    service        TEXT NOT NULL CHECK (length(trim(service)) > 0),
    decision       TEXT NOT NULL CHECK (decision IN ('agreed', 'refused')),
    decided_on     TEXT NOT NULL,                   -- the date the person was asked
    agenda_item_id INTEGER REFERENCES agenda_items (id) ON DELETE SET NULL,
    recorded_at    TEXT NOT NULL,
    recorded_by    TEXT NOT NULL
);
CREATE INDEX sharing_consents_by_case ON sharing_consents (case_id, service COLLATE NOCASE, id);

CREATE TABLE referrals (
    id                  INTEGER PRIMARY KEY,
    case_id             INTEGER NOT NULL REFERENCES cases (id) ON DELETE RESTRICT,
    -- The discussion where it was made (none when recorded outside a meeting, e.g. sample data).
    agenda_item_id      INTEGER REFERENCES agenda_items (id) ON DELETE SET NULL,
    from_member_id      INTEGER NOT NULL REFERENCES team_members (id) ON DELETE RESTRICT,
    to_kind             TEXT NOT NULL CHECK (to_kind IN ('role', 'member', 'service')),
    to_role_key         TEXT REFERENCES roles (key) ON DELETE RESTRICT,
    to_member_id        INTEGER REFERENCES team_members (id) ON DELETE RESTRICT,
    to_service          TEXT NOT NULL DEFAULT '',
    made_on             TEXT NOT NULL,
    reason              TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    status              TEXT NOT NULL DEFAULT 'sent'
                        CHECK (status IN ('sent', 'accepted', 'declined', 'waiting', 'seen', 'closed')),
    status_on           TEXT NOT NULL,
    declined_reason     TEXT NOT NULL DEFAULT '',
    expected_wait_weeks INTEGER CHECK (expected_wait_weeks BETWEEN 0 AND 104),
    feedback_due        TEXT,
    feedback_given_on   TEXT,
    -- The person's consent to share with the outside service, asked in the same step.
    sharing_consent_id  INTEGER REFERENCES sharing_consents (id) ON DELETE RESTRICT,
    version             INTEGER NOT NULL CHECK (version >= 1),
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    CHECK ((to_kind = 'role') = (to_role_key IS NOT NULL)),
    CHECK ((to_kind = 'member') = (to_member_id IS NOT NULL)),
    CHECK ((to_kind = 'service') = (to_service <> '')),
    CHECK (to_kind <> 'service' OR sharing_consent_id IS NOT NULL),
    CHECK (status <> 'declined' OR length(trim(declined_reason)) > 0)
);
CREATE INDEX referrals_by_case ON referrals (case_id, made_on);
CREATE INDEX referrals_by_item ON referrals (agenda_item_id);
-- The open list (and each referrer's) reads only what is not finished.
CREATE INDEX referrals_open ON referrals (from_member_id, made_on) WHERE status NOT IN ('declined', 'closed') OR (feedback_due IS NOT NULL AND feedback_given_on IS NULL);

-- Each status a referral has had, with its date: the referral's story for the record and letter.
CREATE TABLE referral_statuses (
    id          INTEGER PRIMARY KEY,
    referral_id INTEGER NOT NULL REFERENCES referrals (id) ON DELETE CASCADE,
    status      TEXT NOT NULL CHECK (status IN ('sent', 'accepted', 'declined', 'waiting', 'seen', 'closed')),
    status_on   TEXT NOT NULL,
    reason      TEXT NOT NULL DEFAULT '',
    recorded_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL
);
CREATE INDEX referral_statuses_by_referral ON referral_statuses (referral_id, id);
