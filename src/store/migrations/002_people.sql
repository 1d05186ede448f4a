-- Kindred schema v2: people, the human decisions about faces (facts), the action log
-- that makes every decision undoable, and the machine results (cluster runs, automatic
-- assignments and suggestions) that each re-cluster replaces. Described in
-- docs/schema.md. Facts are never written by an automatic step.

CREATE TABLE people (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL CHECK (length(trim(name)) > 0),
    created_at  INTEGER NOT NULL
) STRICT;

-- Names are unique regardless of case ("dan" and "Dan" are one person).
CREATE UNIQUE INDEX people_by_name ON people(name COLLATE NOCASE);

-- One row per human decision about a face:
--   confirmed: this face is person_id;      rejected: this face is not person_id;
--   stranger:  someone not in the family;   ignored:  not worth a name (poster, TV).
-- A face has at most one of confirmed/stranger/ignored, and any number of rejections.
CREATE TABLE face_facts (
    id          INTEGER PRIMARY KEY,
    face_id     INTEGER NOT NULL REFERENCES faces(id) ON DELETE CASCADE,
    kind        TEXT    NOT NULL CHECK (kind IN ('confirmed', 'rejected', 'stranger', 'ignored')),
    person_id   INTEGER REFERENCES people(id),
    at          INTEGER NOT NULL,
    CHECK ((kind IN ('confirmed', 'rejected')) = (person_id IS NOT NULL))
) STRICT;

CREATE UNIQUE INDEX face_facts_identity ON face_facts(face_id) WHERE kind <> 'rejected';
CREATE UNIQUE INDEX face_facts_rejection ON face_facts(face_id, person_id) WHERE kind = 'rejected';
CREATE INDEX face_facts_by_person ON face_facts(person_id, kind);

-- Every user action, with what it changed: `scope` names the faces and people it
-- touched, `before` holds their people rows and facts as they were, so undo restores
-- them exactly. Only the latest action that is not undone can be undone.
CREATE TABLE actions (
    id          INTEGER PRIMARY KEY,
    kind        TEXT    NOT NULL,
    summary     TEXT    NOT NULL,
    at          INTEGER NOT NULL,
    scope       TEXT    NOT NULL,
    before      TEXT    NOT NULL,
    undone_at   INTEGER
) STRICT;

-- Machine results. Only the latest run is kept (a re-cluster replaces it).
CREATE TABLE cluster_runs (
    id          INTEGER PRIMARY KEY,
    method      TEXT    NOT NULL,
    params      TEXT    NOT NULL,
    model_id    TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    clusters    INTEGER NOT NULL,
    noise       INTEGER NOT NULL
) STRICT;

CREATE TABLE cluster_labels (
    run_id      INTEGER NOT NULL REFERENCES cluster_runs(id) ON DELETE CASCADE,
    face_id     INTEGER NOT NULL REFERENCES faces(id) ON DELETE CASCADE,
    label       INTEGER,
    PRIMARY KEY (run_id, face_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX cluster_labels_by_label ON cluster_labels(run_id, label);

-- Automatic guesses for faces without a fact: 'assigned' (close enough to count as the
-- person, with a confidence) or 'suggested' (asks the user). Recomputed from the facts
-- and the latest run after every re-cluster, scan and action.
CREATE TABLE face_guesses (
    face_id     INTEGER PRIMARY KEY REFERENCES faces(id) ON DELETE CASCADE,
    person_id   INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    kind        TEXT    NOT NULL CHECK (kind IN ('assigned', 'suggested')),
    distance    REAL    NOT NULL,
    confidence  REAL    NOT NULL CHECK (confidence BETWEEN 0 AND 1)
) STRICT;

CREATE INDEX face_guesses_by_person ON face_guesses(person_id, kind);

-- Who each face is, as far as anyone knows: a human confirmation, else an automatic
-- assignment. Search and export read this.
CREATE VIEW face_people (face_id, person_id, source) AS
    SELECT face_id, person_id, 'confirmed' FROM face_facts WHERE kind = 'confirmed'
    UNION ALL
    SELECT face_id, person_id, 'assigned' FROM face_guesses WHERE kind = 'assigned';

CREATE INDEX photos_by_taken ON photos(taken_at);
