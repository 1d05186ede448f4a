//! Photos by the people in them. Each person's photos come from one indexed query; the
//! set operations (with, without, only) and the date filter run in memory on photo ids,
//! so a search costs a few index look-ups however large the library is.

use std::collections::{BTreeSet, HashMap};

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::dates::{in_range, parse_bound};
use crate::error::{Error, Result};
use crate::people::facts::require_person;
use crate::store::Store;

/// What to look for. `people` must all be in the photo, `without` none of them; with
/// `only`, no other known person may be in the photo (unknown faces are allowed).
/// Dates are `YYYY[-MM[-DD]]`, both inclusive; photos without a date are left out
/// when a date bound is given.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct PeopleQuery {
    pub people: Vec<String>,
    pub without: Vec<String>,
    pub only: bool,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// One photo found.
#[derive(Debug, Clone, Serialize)]
pub struct PhotoHit {
    pub photo_id: i64,
    /// A present path of the photo (the first scanned).
    pub path: Option<String>,
    pub taken_at: Option<String>,
    /// Names of the known people in the photo.
    pub people: Vec<String>,
}

fn photos_of(conn: &Connection, person: i64) -> Result<BTreeSet<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT f.photo_id FROM face_facts ff JOIN faces f ON f.id = ff.face_id
          WHERE ff.person_id = ?1 AND ff.kind = 'confirmed'
         UNION
         SELECT f.photo_id FROM face_guesses g JOIN faces f ON f.id = g.face_id
          WHERE g.person_id = ?1 AND g.kind = 'assigned'",
    )?;
    let rows = stmt.query_map([person], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn people_in(conn: &Connection, photo: i64) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached(
        // Spelled out instead of the face_people view so that both halves use indexes
        // (`kind <> 'rejected'` lets SQLite use the partial index on face_facts).
        "SELECT ff.person_id FROM faces f JOIN face_facts ff ON ff.face_id = f.id
          WHERE f.photo_id = ?1 AND ff.kind <> 'rejected' AND ff.kind = 'confirmed'
         UNION
         SELECT g.person_id FROM faces f JOIN face_guesses g ON g.face_id = f.id
          WHERE f.photo_id = ?1 AND g.kind = 'assigned'",
    )?;
    let rows = stmt.query_map([photo], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Runs `q`; photos in date order (undated last), then by id.
pub fn search_people(store: &Store, q: &PeopleQuery) -> Result<Vec<PhotoHit>> {
    let conn = store.connection();
    if q.people.is_empty() {
        return Err(Error::Invalid(
            "name at least one person to search for".into(),
        ));
    }
    let want: Vec<i64> = q
        .people
        .iter()
        .map(|n| require_person(conn, n).map(|p| p.id.0))
        .collect::<Result<_>>()?;
    let without: Vec<i64> = q
        .without
        .iter()
        .map(|n| require_person(conn, n).map(|p| p.id.0))
        .collect::<Result<_>>()?;
    let lo = q.from.as_deref().map(parse_bound).transpose()?;
    let hi = q.to.as_deref().map(parse_bound).transpose()?;

    // Intersect starting from the person with the fewest photos.
    let mut sets: Vec<BTreeSet<i64>> = want
        .iter()
        .map(|&p| photos_of(conn, p))
        .collect::<Result<_>>()?;
    sets.sort_by_key(|s| s.len());
    let mut photos = sets.remove(0);
    for s in &sets {
        photos.retain(|p| s.contains(p));
    }
    for &p in &without {
        let s = photos_of(conn, p)?;
        photos.retain(|x| !s.contains(x));
    }

    let mut names: HashMap<i64, String> = HashMap::new();
    let mut hits = Vec::new();
    let mut meta = conn.prepare_cached(
        "SELECT taken_at, (SELECT display_path FROM files WHERE files.photo_id = photos.id
                           ORDER BY files.status = 'missing', files.id LIMIT 1)
           FROM photos WHERE id = ?1",
    )?;
    for photo in photos {
        let (taken_at, path): (Option<String>, Option<String>) =
            meta.query_row([photo], |r| Ok((r.get(0)?, r.get(1)?)))?;
        if lo.is_some() || hi.is_some() {
            let Some(t) = taken_at.as_deref() else {
                continue;
            };
            if !in_range(t, lo.as_deref(), hi.as_deref()) {
                continue;
            }
        }
        let present = people_in(conn, photo)?;
        if q.only && present.iter().any(|p| !want.contains(p)) {
            continue;
        }
        let mut people = Vec::new();
        for p in present {
            if !names.contains_key(&p) {
                names.insert(p, crate::people::facts::person_name(conn, p)?);
            }
            people.push(names[&p].clone());
        }
        people.sort();
        hits.push(PhotoHit {
            photo_id: photo,
            path,
            taken_at,
            people,
        });
    }
    hits.sort_by(|a, b| {
        (a.taken_at.is_none(), &a.taken_at, a.photo_id).cmp(&(
            b.taken_at.is_none(),
            &b.taken_at,
            b.photo_id,
        ))
    });
    Ok(hits)
}
