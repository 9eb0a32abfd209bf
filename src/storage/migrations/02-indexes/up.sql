-- Indexes on the foreign keys the ten-year benchmarks showed being scanned (issue #8).
-- Loading a meeting reads these per agenda item; deleting an item or a meeting cascades through them.

-- Deleting an item sets carried_from_id to NULL in the items carried from it: found by index.
CREATE INDEX agenda_items_by_carried_from ON agenda_items (carried_from_id);
CREATE INDEX agenda_item_professionals_by_item ON agenda_item_professionals (agenda_item_id);
CREATE INDEX discussion_leads_by_item ON discussion_leads (agenda_item_id);
CREATE INDEX escalations_by_item ON escalations (agenda_item_id);
CREATE INDEX care_transitions_by_item ON care_transitions (agenda_item_id);
CREATE INDEX agreed_actions_by_item ON agreed_actions (agenda_item_id);
CREATE INDEX minute_amendments_by_meeting ON minute_amendments (meeting_id);
CREATE INDEX guidance_overrides_by_item ON guidance_overrides (agenda_item_id);
-- The minutes list actions done since the previous meeting as matters arising.
CREATE INDEX agreed_actions_by_status_done ON agreed_actions (status, done_on);
-- The meetings screen lists finalised meetings newest first, a page at a time.
CREATE INDEX meetings_by_status_date ON meetings (status, starts_at);
