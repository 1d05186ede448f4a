-- Kindred schema v3: faces the user drew by hand (the detector missed them) and split
-- proposals the user turned down. Described in docs/schema.md.

-- Where a face came from: the detector, or a box the user drew (then `score` is the
-- detector's score for the face it found inside the box, 0 when it found none).
-- Existing faces are all detected.
ALTER TABLE faces ADD COLUMN source TEXT NOT NULL DEFAULT 'detected'
    CHECK (source IN ('detected', 'manual'));

-- "Keep together": the user said a proposed split of a group was wrong. Both sides are
-- kept (JSON arrays of face ids); a later proposal that separates faces of one side
-- from faces of the other is not shown again. A fact, written by user actions only.
CREATE TABLE kept_together (
    id          INTEGER PRIMARY KEY,
    side_a      TEXT    NOT NULL,
    side_b      TEXT    NOT NULL,
    at          INTEGER NOT NULL
) STRICT;
