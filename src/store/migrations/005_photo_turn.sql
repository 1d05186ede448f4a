-- Kindred schema: photos turned without EXIF orientation. Described in docs/schema.md.

-- The clockwise turn, in degrees, that the face pipeline applied to the EXIF-upright
-- photo because the photo as stored gave no face (or only poor ones) and the turned
-- one gave a better face. Width, height, face boxes, landmarks and crops are in the
-- turned frame, and the app shows the photo turned. Existing photos were not turned.
ALTER TABLE photos ADD COLUMN turn INTEGER NOT NULL DEFAULT 0
    CHECK (turn IN (0, 90, 180, 270));
