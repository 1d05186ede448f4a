-- Kindred schema v4: a quality score per face (src/face_quality.rs): faces below the
-- quality line take no part in automatic grouping. Described in docs/schema.md.

-- In [0, 1]; NULL for faces stored before this migration, whose quality is computed from
-- their stored box, landmarks, score and photo size when they are read (the same
-- function), and written back by the next re-cluster.
ALTER TABLE faces ADD COLUMN quality REAL CHECK (quality IS NULL OR (quality >= 0 AND quality <= 1));
