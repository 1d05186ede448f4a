//! Read-only views for lists and the UI: every person with counts, the unnamed
//! clusters of the latest run, the unknown / stranger / ignored buckets, and the faces
//! of one person or one cluster.

use rusqlite::{params, Connection};
use serde::Serialize;

use super::facts::require_person;
use super::PersonId;
use crate::error::Result;
use crate::store::{FaceId, Store};

/// A person and how many faces are theirs.
#[derive(Debug, Clone, Serialize)]
pub struct PersonSummary {
    pub id: PersonId,
    pub name: String,
    pub confirmed: usize,
    pub assigned: usize,
    pub suggested: usize,
    /// Distinct photos with a confirmed or assigned face.
    pub photos: usize,
}

/// A cluster of the latest run whose faces are nobody's yet.
#[derive(Debug, Clone, Serialize)]
pub struct ClusterSummary {
    pub label: u32,
    /// Faces of the cluster with no decision and no assignment.
    pub size: usize,
    /// A few of those faces (for cards in the UI).
    pub sample: Vec<FaceId>,
}

/// Everything the People view lists.
#[derive(Debug, Clone, Serialize)]
pub struct PeopleOverview {
    pub people: Vec<PersonSummary>,
    /// Unnamed clusters, largest first.
    pub clusters: Vec<ClusterSummary>,
    /// Faces with no decision, no assignment and no cluster.
    pub unknown: usize,
    pub strangers: usize,
    pub ignored: usize,
    /// Id of the latest cluster run, if any.
    pub run_id: Option<i64>,
}

/// One face as shown in a person's or a cluster's page.
#[derive(Debug, Clone, Serialize)]
pub struct FaceEntry {
    pub face_id: FaceId,
    pub photo_id: i64,
    /// "confirmed", "assigned", "suggested" or "unknown".
    pub status: String,
    pub distance: Option<f32>,
    pub confidence: Option<f32>,
}

const SAMPLE: usize = 6;

/// Lists people and unnamed clusters.
pub fn list_people(store: &Store) -> Result<PeopleOverview> {
    let conn = store.connection();
    let mut stmt = conn.prepare(
        "SELECT p.id, p.name,
           (SELECT count(*) FROM face_facts WHERE person_id = p.id AND kind = 'confirmed'),
           (SELECT count(*) FROM face_guesses WHERE person_id = p.id AND kind = 'assigned'),
           (SELECT count(*) FROM face_guesses WHERE person_id = p.id AND kind = 'suggested'),
           (SELECT count(DISTINCT f.photo_id) FROM face_people fp JOIN faces f ON f.id = fp.face_id
            WHERE fp.person_id = p.id)
         FROM people p ORDER BY p.name COLLATE NOCASE",
    )?;
    let people = stmt
        .query_map([], |r| {
            Ok(PersonSummary {
                id: PersonId(r.get(0)?),
                name: r.get(1)?,
                confirmed: r.get::<_, i64>(2)? as usize,
                assigned: r.get::<_, i64>(3)? as usize,
                suggested: r.get::<_, i64>(4)? as usize,
                photos: r.get::<_, i64>(5)? as usize,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let run_id: Option<i64> =
        conn.query_row("SELECT max(id) FROM cluster_runs", [], |r| r.get(0))?;
    // Faces nobody has: no fact of identity, no assignment.
    let free = "NOT EXISTS (SELECT 1 FROM face_facts ff WHERE ff.face_id = cl.face_id AND ff.kind <> 'rejected')
                AND NOT EXISTS (SELECT 1 FROM face_guesses g WHERE g.face_id = cl.face_id AND g.kind = 'assigned')";
    let mut stmt = conn.prepare(&format!(
        "SELECT cl.label, count(*), group_concat(cl.face_id) FROM cluster_labels cl
         WHERE cl.run_id = ?1 AND cl.label IS NOT NULL AND {free}
         GROUP BY cl.label ORDER BY count(*) DESC, cl.label"
    ))?;
    let clusters = stmt
        .query_map([run_id.unwrap_or(-1)], |r| {
            let ids: String = r.get(2)?;
            Ok(ClusterSummary {
                label: r.get(0)?,
                size: r.get::<_, i64>(1)? as usize,
                sample: ids
                    .split(',')
                    .filter_map(|s| s.parse().ok())
                    .take(SAMPLE)
                    .map(FaceId)
                    .collect(),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let count = |sql: &str| -> Result<usize> {
        Ok(conn.query_row(sql, params![run_id.unwrap_or(-1)], |r| r.get::<_, i64>(0))? as usize)
    };
    let unknown = count(
        "SELECT count(*) FROM faces f
         WHERE NOT EXISTS (SELECT 1 FROM face_facts ff WHERE ff.face_id = f.id AND ff.kind <> 'rejected')
           AND NOT EXISTS (SELECT 1 FROM face_guesses g WHERE g.face_id = f.id AND g.kind = 'assigned')
           AND NOT EXISTS (SELECT 1 FROM cluster_labels cl
                           WHERE cl.face_id = f.id AND cl.run_id = ?1 AND cl.label IS NOT NULL)",
    )?;
    let strangers = count("SELECT count(*) + 0 * ?1 FROM face_facts WHERE kind = 'stranger'")?;
    let ignored = count("SELECT count(*) + 0 * ?1 FROM face_facts WHERE kind = 'ignored'")?;
    Ok(PeopleOverview {
        people,
        clusters,
        unknown,
        strangers,
        ignored,
        run_id,
    })
}

fn entries(conn: &Connection, sql: &str, key: i64) -> Result<Vec<FaceEntry>> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([key], |r| {
        Ok(FaceEntry {
            face_id: FaceId(r.get(0)?),
            photo_id: r.get(1)?,
            status: r.get(2)?,
            distance: r.get::<_, Option<f64>>(3)?.map(|d| d as f32),
            confidence: r.get::<_, Option<f64>>(4)?.map(|d| d as f32),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The faces of a person: confirmed, then assigned, then suggested (nearest first).
pub fn faces_of_person(store: &Store, name: &str) -> Result<Vec<FaceEntry>> {
    let conn = store.connection();
    let person = require_person(conn, name)?;
    entries(
        conn,
        "SELECT face_id, photo_id, status, distance, confidence FROM (
           SELECT ff.face_id, f.photo_id, 'confirmed' AS status, NULL AS distance,
                  NULL AS confidence
             FROM face_facts ff JOIN faces f ON f.id = ff.face_id
            WHERE ff.person_id = ?1 AND ff.kind = 'confirmed'
           UNION ALL
           SELECT g.face_id, f.photo_id, g.kind, g.distance, g.confidence
             FROM face_guesses g JOIN faces f ON f.id = g.face_id
            WHERE g.person_id = ?1)
         ORDER BY status <> 'confirmed', status <> 'assigned', distance, face_id",
        person.id.0,
    )
}

/// The faces of cluster `label` in the latest run, with what is known about each.
pub fn faces_of_cluster(store: &Store, label: u32) -> Result<Vec<FaceEntry>> {
    entries(
        store.connection(),
        "SELECT cl.face_id, f.photo_id,
                coalesce((SELECT kind FROM face_facts WHERE face_id = cl.face_id AND kind <> 'rejected'),
                         (SELECT kind FROM face_guesses WHERE face_id = cl.face_id), 'unknown'),
                (SELECT distance FROM face_guesses WHERE face_id = cl.face_id),
                (SELECT confidence FROM face_guesses WHERE face_id = cl.face_id)
           FROM cluster_labels cl JOIN faces f ON f.id = cl.face_id
          WHERE cl.run_id = (SELECT max(id) FROM cluster_runs) AND cl.label = ?1
          ORDER BY cl.face_id",
        label as i64,
    )
}

/// The buckets of faces outside every group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Bucket {
    /// No decision, no assignment and no cluster in the latest run (the
    /// [`PeopleOverview::unknown`] count); status "suggested" when the machine has a
    /// guess to ask about, else "unknown".
    Unknown,
    /// Marked as strangers.
    Strangers,
    /// Marked as not worth a name.
    Ignored,
}

/// The faces of one bucket, in face-id order (suggested unknown faces first).
pub fn faces_in_bucket(store: &Store, bucket: Bucket) -> Result<Vec<FaceEntry>> {
    let conn = store.connection();
    match bucket {
        Bucket::Unknown => entries(
            conn,
            "SELECT f.id, f.photo_id, coalesce(g.kind, 'unknown'), g.distance, g.confidence
               FROM faces f LEFT JOIN face_guesses g ON g.face_id = f.id
              WHERE NOT EXISTS (SELECT 1 FROM face_facts ff WHERE ff.face_id = f.id AND ff.kind <> 'rejected')
                AND coalesce(g.kind, '') <> 'assigned'
                AND NOT EXISTS (SELECT 1 FROM cluster_labels cl
                                WHERE cl.face_id = f.id AND cl.run_id = ?1 AND cl.label IS NOT NULL)
              ORDER BY g.kind IS NULL, f.id",
            conn.query_row("SELECT coalesce(max(id), -1) FROM cluster_runs", [], |r| r.get(0))?,
        ),
        Bucket::Strangers | Bucket::Ignored => entries(
            conn,
            "SELECT ff.face_id, f.photo_id, ff.kind, NULL, NULL
               FROM face_facts ff JOIN faces f ON f.id = ff.face_id
              WHERE ff.kind = (CASE ?1 WHEN 0 THEN 'stranger' ELSE 'ignored' END)
              ORDER BY ff.face_id",
            if bucket == Bucket::Strangers { 0 } else { 1 },
        ),
    }
}

/// Who a face of a photo is, as far as anyone knows.
#[derive(Debug, Clone, Serialize)]
pub struct FaceIdentity {
    pub face_id: FaceId,
    /// The person of a confirmed, assigned or suggested face.
    pub person: Option<String>,
    /// "confirmed", "assigned", "suggested", "stranger", "ignored" or "unknown".
    pub status: String,
}

/// The identity of every face of `photo`, in detection order.
pub fn identities_in_photo(store: &Store, photo: i64) -> Result<Vec<FaceIdentity>> {
    let mut stmt = store.connection().prepare_cached(
        "SELECT f.id,
                coalesce((SELECT p.name FROM face_facts ff JOIN people p ON p.id = ff.person_id
                           WHERE ff.face_id = f.id AND ff.kind = 'confirmed'),
                         (SELECT p.name FROM face_guesses g JOIN people p ON p.id = g.person_id
                           WHERE g.face_id = f.id)),
                coalesce((SELECT kind FROM face_facts WHERE face_id = f.id AND kind <> 'rejected'),
                         (SELECT kind FROM face_guesses WHERE face_id = f.id), 'unknown')
           FROM faces f WHERE f.photo_id = ?1 ORDER BY f.idx",
    )?;
    let rows = stmt.query_map([photo], |r| {
        Ok(FaceIdentity { face_id: FaceId(r.get(0)?), person: r.get(1)?, status: r.get(2)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
