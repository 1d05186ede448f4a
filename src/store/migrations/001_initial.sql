-- Kindred schema v1. Described in prose in docs/schema.md; keep both in step.
-- A photo is a distinct content (identified by its hash); a file is a path where that
-- content was found. Faces belong to the photo, so moving, renaming or copying a file
-- never moves, loses or duplicates faces.

CREATE TABLE photos (
    id           INTEGER PRIMARY KEY,
    content_hash BLOB    NOT NULL UNIQUE CHECK (length(content_hash) = 32),
    width        INTEGER NOT NULL CHECK (width > 0),
    height       INTEGER NOT NULL CHECK (height > 0),
    orientation  INTEGER NOT NULL DEFAULT 1,
    taken_at     TEXT,
    camera       TEXT,
    analyzed_at  INTEGER NOT NULL
) STRICT;

CREATE TABLE files (
    id           INTEGER PRIMARY KEY,
    path         BLOB    NOT NULL UNIQUE,
    display_path TEXT    NOT NULL,
    size         INTEGER NOT NULL,
    mtime_ns     INTEGER NOT NULL,
    content_hash BLOB,
    photo_id     INTEGER REFERENCES photos(id) ON DELETE SET NULL,
    status       TEXT    NOT NULL CHECK (status IN ('done', 'skipped', 'missing')),
    skip_code    TEXT,
    skip_reason  TEXT,
    seen_at      INTEGER NOT NULL,
    CHECK (status <> 'done' OR photo_id IS NOT NULL),
    CHECK (status <> 'skipped' OR (skip_code IS NOT NULL AND photo_id IS NULL))
) STRICT;

CREATE INDEX files_by_photo ON files(photo_id);
CREATE INDEX files_by_status ON files(status);

CREATE TABLE faces (
    id          INTEGER PRIMARY KEY,
    photo_id    INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
    idx         INTEGER NOT NULL,
    left        REAL    NOT NULL,
    top         REAL    NOT NULL,
    right       REAL    NOT NULL,
    bottom      REAL    NOT NULL,
    landmarks   BLOB    NOT NULL CHECK (length(landmarks) = 40),
    score       REAL    NOT NULL,
    model_id    TEXT    NOT NULL,
    descriptor  BLOB    NOT NULL CHECK (length(descriptor) % 4 = 0),
    UNIQUE (photo_id, idx)
) STRICT;

-- Crops live apart from faces so that reading every descriptor (clustering, search)
-- reads small, densely packed rows instead of one page per face.
CREATE TABLE face_crops (
    face_id     INTEGER PRIMARY KEY REFERENCES faces(id) ON DELETE CASCADE,
    jpeg        BLOB    NOT NULL
) STRICT;

CREATE INDEX faces_by_model ON faces(model_id);
