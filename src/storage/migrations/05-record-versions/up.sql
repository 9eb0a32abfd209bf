-- Every save of a case record names the version it was based on, and a save based on an older
-- version is refused (issue #12): a screen showing a stale copy, a second window, or later a
-- colleague on the team database can no longer save over what someone else saved. 0 means the
-- record has not been saved by this version of the app yet; each save that changes it adds one.
ALTER TABLE case_discussions ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
