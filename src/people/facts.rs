//! The decision rows of `face_facts` and the `people` rows, read and written inside the
//! caller's transaction. Only the user's actions (see `operations`) call the writers.

use std::collections::{HashMap, HashSet};

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::{Person, PersonId};
use crate::error::{Error, Result};
use crate::store::FaceId;

/// What a human said about a face.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FactKind {
    /// This face is the person.
    Confirmed,
    /// This face is not the person ("not this person").
    Rejected,
    /// Someone outside the family: stays out of every group.
    Stranger,
    /// Not worth a name (a poster, a TV screen, a bad detection).
    Ignored,
}

impl FactKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FactKind::Confirmed => "confirmed",
            FactKind::Rejected => "rejected",
            FactKind::Stranger => "stranger",
            FactKind::Ignored => "ignored",
        }
    }

    pub(crate) fn parse(s: &str) -> Result<FactKind> {
        Ok(match s {
            "confirmed" => FactKind::Confirmed,
            "rejected" => FactKind::Rejected,
            "stranger" => FactKind::Stranger,
            "ignored" => FactKind::Ignored,
            other => return Err(Error::Database(format!("unknown fact kind {other:?}"))),
        })
    }
}

/// One row of `face_facts`, as kept in the undo history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FactRow {
    pub id: i64,
    pub face_id: i64,
    pub kind: FactKind,
    pub person_id: Option<i64>,
    pub at: i64,
}

/// All facts, grouped the way the machine steps need them.
#[derive(Debug, Default)]
pub(crate) struct FactSet {
    /// Face -> its confirmed / stranger / ignored fact.
    pub identity: HashMap<i64, (FactKind, Option<i64>)>,
    /// (face, person) pairs a human rejected.
    pub rejected: HashSet<(i64, i64)>,
}

pub(crate) fn load_facts(conn: &Connection) -> Result<FactSet> {
    let mut set = FactSet::default();
    let mut stmt = conn.prepare_cached("SELECT face_id, kind, person_id FROM face_facts")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let face: i64 = r.get(0)?;
        let kind = FactKind::parse(&r.get::<_, String>(1)?)?;
        let person: Option<i64> = r.get(2)?;
        match (kind, person) {
            (FactKind::Rejected, Some(p)) => {
                set.rejected.insert((face, p));
            }
            _ => {
                set.identity.insert(face, (kind, person));
            }
        }
    }
    Ok(set)
}

/// The person called `name` (case-insensitive).
pub(crate) fn person_by_name(conn: &Connection, name: &str) -> Result<Option<Person>> {
    Ok(conn
        .prepare_cached("SELECT id, name, created_at FROM people WHERE name = ?1 COLLATE NOCASE")?
        .query_row([name.trim()], |r| {
            Ok(Person {
                id: PersonId(r.get(0)?),
                name: r.get(1)?,
                created_at: r.get(2)?,
            })
        })
        .optional()?)
}

/// The person called `name`, or an error naming it.
pub(crate) fn require_person(conn: &Connection, name: &str) -> Result<Person> {
    person_by_name(conn, name)?
        .ok_or_else(|| Error::Invalid(format!("no person named {:?}", name.trim())))
}

/// Checks a name a user typed: trimmed, not empty.
pub(crate) fn clean_name(name: &str) -> Result<&str> {
    let n = name.trim();
    if n.is_empty() {
        return Err(Error::Invalid("a person's name cannot be empty".into()));
    }
    Ok(n)
}

pub(crate) fn insert_person(conn: &Connection, name: &str, now: i64) -> Result<PersonId> {
    let name = clean_name(name)?;
    conn.prepare_cached("INSERT INTO people (name, created_at) VALUES (?1, ?2)")?
        .execute(params![name, now])?;
    Ok(PersonId(conn.last_insert_rowid()))
}

/// Fails unless every face exists.
pub(crate) fn check_faces(conn: &Connection, faces: &[FaceId]) -> Result<()> {
    let mut stmt = conn.prepare_cached("SELECT 1 FROM faces WHERE id = ?1")?;
    for f in faces {
        if !stmt.exists([f.0])? {
            return Err(Error::Invalid(format!("no face with id {}", f.0)));
        }
    }
    Ok(())
}

/// Removes the face's confirmed / stranger / ignored fact, returning what it was.
pub(crate) fn clear_identity(
    conn: &Connection,
    face: FaceId,
) -> Result<Option<(FactKind, Option<i64>)>> {
    let old = conn
        .prepare_cached(
            "SELECT kind, person_id FROM face_facts WHERE face_id = ?1 AND kind <> 'rejected'",
        )?
        .query_row([face.0], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, Option<i64>>(1)?))
        })
        .optional()?;
    conn.prepare_cached("DELETE FROM face_facts WHERE face_id = ?1 AND kind <> 'rejected'")?
        .execute([face.0])?;
    old.map(|(k, p)| Ok((FactKind::parse(&k)?, p))).transpose()
}

/// Records a confirmed / stranger / ignored fact, replacing the face's previous one.
pub(crate) fn set_identity(
    conn: &Connection,
    face: FaceId,
    kind: FactKind,
    person: Option<PersonId>,
    now: i64,
) -> Result<()> {
    clear_identity(conn, face)?;
    if let Some(p) = person {
        // Confirming a face as P withdraws an earlier "not P".
        conn.prepare_cached(
            "DELETE FROM face_facts WHERE face_id = ?1 AND kind = 'rejected' AND person_id = ?2",
        )?
        .execute(params![face.0, p.0])?;
    }
    conn.prepare_cached(
        "INSERT INTO face_facts (face_id, kind, person_id, at) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![face.0, kind.as_str(), person.map(|p| p.0), now])?;
    Ok(())
}

/// Records "this face is not `person`" (idempotent).
pub(crate) fn add_rejection(
    conn: &Connection,
    face: FaceId,
    person: PersonId,
    now: i64,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO face_facts (face_id, kind, person_id, at)
         SELECT ?1, 'rejected', ?2, ?3
         WHERE NOT EXISTS (SELECT 1 FROM face_facts
                           WHERE face_id = ?1 AND kind = 'rejected' AND person_id = ?2)",
    )?
    .execute(params![face.0, person.0, now])?;
    Ok(())
}

/// Photo of a face.
pub(crate) fn photo_of(conn: &Connection, face: FaceId) -> Result<i64> {
    conn.prepare_cached("SELECT photo_id FROM faces WHERE id = ?1")?
        .query_row([face.0], |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::Invalid(format!("no face with id {}", face.0)))
}

/// Another face of the same photo already confirmed as `person`, if any.
pub(crate) fn confirmed_in_photo(
    conn: &Connection,
    person: PersonId,
    photo: i64,
    except: FaceId,
) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached(
            "SELECT ff.face_id FROM face_facts ff JOIN faces f ON f.id = ff.face_id
             WHERE ff.kind = 'confirmed' AND ff.person_id = ?1 AND f.photo_id = ?2
               AND ff.face_id <> ?3 LIMIT 1",
        )?
        .query_row(params![person.0, photo, except.0], |r| r.get(0))
        .optional()?)
}
