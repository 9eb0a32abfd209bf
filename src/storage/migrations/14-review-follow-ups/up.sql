-- Issue #15, reviews that come back: a step-down can name the day its follow-up is due (the
-- receiving worker and the team look again at how the person is doing), so it puts the person on
-- the due-for-review list (src/reviews.rs) beside a next-review date and an open escalation.
-- Stored as YYYY-MM-DD like every other date; NULL when no follow-up was set. Only a step-down
-- carries one (checked by src/discussions.rs, which reads what a person types, the UK way).
ALTER TABLE care_transitions ADD COLUMN follow_up_date TEXT;


-- The due-for-review list reads each person's latest discussion and the next-review dates set; on
-- ten years of weekly meetings these two keep it from reading every case record in full.
CREATE INDEX agenda_items_discussed ON agenda_items (meeting_id, case_id) WHERE kind = 'case' AND outcome = 'discussed';
CREATE INDEX case_discussions_by_next_review ON case_discussions (next_review_date, agenda_item_id) WHERE next_review_date IS NOT NULL;
