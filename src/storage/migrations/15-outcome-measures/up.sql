-- Issue #19, outcomes: before-and-after scores of outcome measures for a person (by their
-- pseudonymous case), so a team can see change over time beside the person's record.
--
-- A measure is a set of questions, each scored on a whole-number scale, where higher is better
-- or lower is. The app ships one measure, the ONS personal well-being questions ("ONS4"),
-- published by the Office for National Statistics under the Open Government Licence, so it is
-- free to use; a team adds its own (labelled as the team's) and chooses which are in use. No
-- measure whose licence forbids it is shipped. A measure's questions are fixed once it exists:
-- changing them would change what earlier scores meant.
CREATE TABLE outcome_measures (
    key        TEXT PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 40),
    name       TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
    about      TEXT NOT NULL DEFAULT '',
    -- Where it comes from and on what terms; empty for a team's own measure.
    source     TEXT NOT NULL DEFAULT '',
    built_in   INTEGER NOT NULL DEFAULT 0 CHECK (built_in IN (0, 1)),
    in_use     INTEGER NOT NULL DEFAULT 1 CHECK (in_use IN (0, 1)),
    created_at TEXT NOT NULL
);

CREATE TABLE outcome_measure_items (
    measure_key TEXT NOT NULL REFERENCES outcome_measures (key) ON DELETE RESTRICT,
    position    INTEGER NOT NULL,
    key         TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 40),
    question    TEXT NOT NULL CHECK (length(trim(question)) > 0),
    short       TEXT NOT NULL CHECK (length(trim(short)) > 0),
    min_value   INTEGER NOT NULL,
    max_value   INTEGER NOT NULL,
    direction   TEXT NOT NULL CHECK (direction IN ('higher_is_better', 'lower_is_better')),
    PRIMARY KEY (measure_key, key),
    UNIQUE (measure_key, position),
    CHECK (max_value > min_value)
);

INSERT INTO outcome_measures (key, name, about, source, built_in, in_use, created_at) VALUES
    ('ons4', 'ONS4 personal well-being',
     'Four questions on how the person feels about their life, each answered from 0 to 10. Ask them in this order, before other questions about how they are.',
     'Office for National Statistics personal well-being questions, Crown copyright, used under the Open Government Licence v3.0.',
     1, 1, '2026-12-02T00:00:00Z');
INSERT INTO outcome_measure_items (measure_key, position, key, question, short, min_value, max_value, direction) VALUES
    ('ons4', 0, 'life_satisfaction', 'Overall, how satisfied are you with your life nowadays?', 'Life satisfaction', 0, 10, 'higher_is_better'),
    ('ons4', 1, 'worthwhile', 'Overall, to what extent do you feel that the things you do in your life are worthwhile?', 'Worthwhile', 0, 10, 'higher_is_better'),
    ('ons4', 2, 'happiness', 'Overall, how happy did you feel yesterday?', 'Happiness yesterday', 0, 10, 'higher_is_better'),
    ('ons4', 3, 'anxiety', 'On a scale where 0 is "not at all anxious" and 10 is "completely anxious", overall, how anxious did you feel yesterday?', 'Anxiety yesterday', 0, 10, 'lower_is_better');

-- One sitting of a measure with a person: the day, and each question's answer (NULL: the person
-- did not answer it). One sitting per person, measure and day, so a double entry is refused.
CREATE TABLE outcome_scores (
    id             INTEGER PRIMARY KEY,
    case_id        INTEGER NOT NULL REFERENCES cases (id) ON DELETE RESTRICT,
    measure_key    TEXT NOT NULL REFERENCES outcome_measures (key) ON DELETE RESTRICT,
    taken_on       TEXT NOT NULL CHECK (taken_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    -- The discussion it was recorded from, when there was one.
    agenda_item_id INTEGER REFERENCES agenda_items (id) ON DELETE SET NULL,
    note           TEXT NOT NULL DEFAULT '',
    recorded_by    TEXT NOT NULL,
    recorded_at    TEXT NOT NULL,
    UNIQUE (case_id, measure_key, taken_on)
);
CREATE INDEX outcome_scores_by_case ON outcome_scores (case_id, measure_key, taken_on);

CREATE TABLE outcome_score_values (
    score_id INTEGER NOT NULL REFERENCES outcome_scores (id) ON DELETE CASCADE,
    item_key TEXT NOT NULL,
    value    INTEGER,
    PRIMARY KEY (score_id, item_key)
);
