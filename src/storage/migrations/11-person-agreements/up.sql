-- Issue #15: the joint-working agreement is kept on the person, not on one discussion. The
-- guidance has the four questions settled at the outset of joint working and then revisited:
-- who leads on which aspect, how concerns are passed on, who holds clinical risk (a member or
-- an outside clinician, and split by aspect when the team agrees so) and whom to call in an
-- emergency. Later discussions confirm it ("still right?") or change it with a reason.
CREATE TABLE person_agreements (
    case_id            INTEGER PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
    concerns           TEXT NOT NULL DEFAULT '',
    emergency_contacts TEXT NOT NULL DEFAULT '',
    version            INTEGER NOT NULL CHECK (version >= 1),
    updated_at         TEXT NOT NULL,
    updated_by         TEXT NOT NULL
);

CREATE TABLE person_agreement_leads (
    id        INTEGER PRIMARY KEY,
    case_id   INTEGER NOT NULL REFERENCES person_agreements (case_id) ON DELETE CASCADE,
    aspect    TEXT NOT NULL CHECK (length(trim(aspect)) > 0),
    member_id INTEGER REFERENCES team_members (id) ON DELETE RESTRICT,
    role_key  TEXT REFERENCES roles (key) ON DELETE RESTRICT,
    CHECK (member_id IS NOT NULL OR role_key IS NOT NULL)
);
CREATE INDEX person_agreement_leads_by_case ON person_agreement_leads (case_id);

-- Who holds clinical risk: a roster member, or an outside clinician by name and service. An
-- empty aspect means all of the person's clinical risk.
CREATE TABLE person_agreement_risk_holders (
    id              INTEGER PRIMARY KEY,
    case_id         INTEGER NOT NULL REFERENCES person_agreements (case_id) ON DELETE CASCADE,
    aspect          TEXT NOT NULL DEFAULT '',
    member_id       INTEGER REFERENCES team_members (id) ON DELETE RESTRICT,
    outside_name    TEXT NOT NULL DEFAULT '',
    outside_service TEXT NOT NULL DEFAULT '',
    CHECK ((member_id IS NULL) <> (trim(outside_name) = ''))
);
CREATE INDEX person_agreement_risk_holders_by_case ON person_agreement_risk_holders (case_id);

-- What happened to the agreement at one discussion: agreed there for the first time, confirmed
-- as still right, or changed (with the reason). The agreement as it then stood is kept as JSON,
-- so the minutes go on saying what was agreed at the time.
CREATE TABLE agreement_reviews (
    agenda_item_id INTEGER PRIMARY KEY REFERENCES agenda_items (id) ON DELETE CASCADE,
    outcome        TEXT NOT NULL CHECK (outcome IN ('agreed', 'confirmed', 'changed')),
    reason         TEXT NOT NULL DEFAULT '',
    version        INTEGER NOT NULL CHECK (version >= 1),
    agreement      TEXT NOT NULL,
    reviewed_at    TEXT NOT NULL,
    reviewed_by    TEXT NOT NULL,
    CHECK (outcome <> 'changed' OR length(trim(reason)) > 0)
);

CREATE TRIGGER agreement_reviews_locked_insert BEFORE INSERT ON agreement_reviews
WHEN (SELECT m.status = 'finalised' FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id WHERE a.id = NEW.agenda_item_id)
BEGIN
    SELECT RAISE(ABORT, 'These minutes are finalised: the joint-working agreement is confirmed or changed at the person''s next discussion.');
END;

CREATE TRIGGER agreement_reviews_locked_update BEFORE UPDATE ON agreement_reviews
WHEN (SELECT m.status = 'finalised' FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id WHERE a.id = OLD.agenda_item_id)
BEGIN
    SELECT RAISE(ABORT, 'These minutes are finalised: the joint-working agreement is confirmed or changed at the person''s next discussion.');
END;

CREATE TRIGGER agreement_reviews_locked_delete BEFORE DELETE ON agreement_reviews
WHEN (SELECT m.status = 'finalised' FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id WHERE a.id = OLD.agenda_item_id)
BEGIN
    SELECT RAISE(ABORT, 'These minutes are finalised: the joint-working agreement is confirmed or changed at the person''s next discussion.');
END;

-- Databases from before this migration kept the answers on each discussion. Each person's
-- latest discussion that answered any of them becomes their agreement (version 1), so it is
-- offered for confirmation rather than asked again. The same statements run after the sample
-- generator writes discussions (src/agreement.rs, SEED_FROM_RECORDS).
CREATE TEMP TABLE latest_answers AS
SELECT a.case_id, a.id AS item_id
FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id JOIN case_discussions d ON d.agenda_item_id = a.id
WHERE a.case_id IS NOT NULL
  AND (d.risk_holder_id IS NOT NULL OR trim(d.communication_plan) <> '' OR trim(d.urgent_contacts) <> ''
       OR EXISTS (SELECT 1 FROM discussion_leads l WHERE l.agenda_item_id = a.id))
  AND NOT EXISTS (
      SELECT 1 FROM agenda_items a2 JOIN meetings m2 ON m2.id = a2.meeting_id JOIN case_discussions d2 ON d2.agenda_item_id = a2.id
      WHERE a2.case_id = a.case_id AND (m2.starts_at > m.starts_at OR (m2.starts_at = m.starts_at AND a2.id > a.id))
        AND (d2.risk_holder_id IS NOT NULL OR trim(d2.communication_plan) <> '' OR trim(d2.urgent_contacts) <> ''
             OR EXISTS (SELECT 1 FROM discussion_leads l2 WHERE l2.agenda_item_id = a2.id)));

INSERT INTO person_agreements (case_id, concerns, emergency_contacts, version, updated_at, updated_by)
SELECT t.case_id, d.communication_plan, d.urgent_contacts, 1, d.updated_at, 'earlier case records'
FROM latest_answers t JOIN case_discussions d ON d.agenda_item_id = t.item_id;

INSERT INTO person_agreement_leads (case_id, aspect, member_id, role_key)
SELECT t.case_id, l.aspect, l.member_id, l.role_key
FROM latest_answers t JOIN discussion_leads l ON l.agenda_item_id = t.item_id ORDER BY l.id;

INSERT INTO person_agreement_risk_holders (case_id, aspect, member_id)
SELECT t.case_id, '', d.risk_holder_id
FROM latest_answers t JOIN case_discussions d ON d.agenda_item_id = t.item_id WHERE d.risk_holder_id IS NOT NULL;

DROP TABLE latest_answers;
