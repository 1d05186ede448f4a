//! Photos by the people in them. [`PeopleIndex`] reads, in three bulk queries, who is
//! in which photo (confirmed or assigned faces), each photo's date and path, and the
//! people's names; every search is then set operations in memory, a few milliseconds
//! even on 100,000 faces. The desktop app keeps one index and reloads it after edits
//! or scans; [`search_people`] loads one for a single search.

use std::collections::{BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use super::dates::{in_range, parse_bound};
use crate::error::{Error, Result};
use crate::store::Store;

/// What to look for. `people` must all be in the photo, `without` none of them; with
/// `only`, nobody else may be in the photo: no other person, and no face of another
/// group of the library's grouping, named or not. Faces in no group (unknown), strangers,
/// ignored faces and faces below the quality line do not count.
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
    /// Names of the known people in the photo, sorted.
    pub people: Vec<String>,
}

#[derive(Debug, Default)]
struct PhotoInfo {
    path: Option<String>,
    taken_at: Option<String>,
    /// Person ids in the photo, sorted, distinct.
    people: Vec<i64>,
    /// Whether a face of an unnamed group (no person) is in the photo.
    other_group: bool,
}

/// Who is in which photo, in memory.
#[derive(Debug, Default)]
pub struct PeopleIndex {
    photos: HashMap<i64, PhotoInfo>,
    by_person: HashMap<i64, BTreeSet<i64>>,
    /// Lower-cased name -> id, and id -> name.
    ids: HashMap<String, i64>,
    names: HashMap<i64, String>,
}

impl PeopleIndex {
    /// Reads the index from the store.
    pub fn load(store: &Store) -> Result<PeopleIndex> {
        let conn = store.connection();
        let mut index = PeopleIndex::default();
        let mut stmt = conn.prepare("SELECT id, name FROM people")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let (id, name): (i64, String) = (r.get(0)?, r.get(1)?);
            index.ids.insert(name.to_lowercase(), id);
            index.names.insert(id, name);
        }
        let mut stmt = conn.prepare(
            "SELECT f.photo_id, ff.person_id FROM face_facts ff JOIN faces f ON f.id = ff.face_id
              WHERE ff.kind = 'confirmed'
             UNION
             SELECT f.photo_id, g.person_id FROM face_guesses g JOIN faces f ON f.id = g.face_id
              WHERE g.kind = 'assigned'",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let (photo, person): (i64, i64) = (r.get(0)?, r.get(1)?);
            index.by_person.entry(person).or_default().insert(photo);
            index.photos.entry(photo).or_default().people.push(person);
        }
        for info in index.photos.values_mut() {
            info.people.sort_unstable();
            info.people.dedup();
        }
        // Faces in a group of the latest grouping that belong to no person: someone else
        // for "only these people". Strangers and ignored faces are out of every group
        // (and the quality line keeps poor faces out), so they never count.
        let mut stmt = conn.prepare(
            "SELECT DISTINCT f.photo_id FROM cluster_labels cl JOIN faces f ON f.id = cl.face_id
              WHERE cl.label IS NOT NULL
                AND cl.run_id = (SELECT max(id) FROM cluster_runs)
                AND NOT EXISTS (SELECT 1 FROM face_facts ff WHERE ff.face_id = f.id
                                  AND ff.kind IN ('confirmed', 'stranger', 'ignored'))
                AND NOT EXISTS (SELECT 1 FROM face_guesses g WHERE g.face_id = f.id
                                  AND g.kind = 'assigned')",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            if let Some(info) = index.photos.get_mut(&r.get::<_, i64>(0)?) {
                info.other_group = true;
            }
        }
        // Date and path only for photos with someone known in them.
        let mut stmt = conn.prepare("SELECT id, taken_at FROM photos")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            if let Some(info) = index.photos.get_mut(&r.get::<_, i64>(0)?) {
                info.taken_at = r.get(1)?;
            }
        }
        let mut stmt = conn.prepare(
            "SELECT photo_id, display_path FROM files WHERE photo_id IS NOT NULL
             ORDER BY status = 'missing' DESC, id DESC",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            // Rows come worst first, so the last write is the first present file.
            if let Some(info) = index.photos.get_mut(&r.get::<_, i64>(0)?) {
                info.path = Some(r.get(1)?);
            }
        }
        Ok(index)
    }

    fn person(&self, name: &str) -> Result<i64> {
        self.ids
            .get(&name.trim().to_lowercase())
            .copied()
            .ok_or_else(|| Error::Invalid(format!("no person named {:?}", name.trim())))
    }

    /// Runs `q`; photos in date order (undated last), then by id.
    pub fn search(&self, q: &PeopleQuery) -> Result<Vec<PhotoHit>> {
        if q.people.is_empty() {
            return Err(Error::Invalid(
                "name at least one person to search for".into(),
            ));
        }
        let want: Vec<i64> = q
            .people
            .iter()
            .map(|n| self.person(n))
            .collect::<Result<_>>()?;
        let without: Vec<i64> = q
            .without
            .iter()
            .map(|n| self.person(n))
            .collect::<Result<_>>()?;
        let lo = q.from.as_deref().map(parse_bound).transpose()?;
        let hi = q.to.as_deref().map(parse_bound).transpose()?;
        let empty = BTreeSet::new();
        let set = |p: &i64| self.by_person.get(p).unwrap_or(&empty);
        // Walk the smallest set, test membership in the others.
        let smallest = want
            .iter()
            .min_by_key(|p| set(p).len())
            .copied()
            .unwrap_or(0);
        let mut hits = Vec::new();
        for &photo in set(&smallest) {
            if !want.iter().all(|p| set(p).contains(&photo))
                || without.iter().any(|p| set(p).contains(&photo))
            {
                continue;
            }
            let Some(info) = self.photos.get(&photo) else {
                continue;
            };
            if q.only && (info.other_group || info.people.iter().any(|p| !want.contains(p))) {
                continue;
            }
            if lo.is_some() || hi.is_some() {
                match info.taken_at.as_deref() {
                    Some(t) if in_range(t, lo.as_deref(), hi.as_deref()) => {}
                    _ => continue,
                }
            }
            let mut people: Vec<String> = info
                .people
                .iter()
                .filter_map(|p| self.names.get(p).cloned())
                .collect();
            people.sort();
            hits.push(PhotoHit {
                photo_id: photo,
                path: info.path.clone(),
                taken_at: info.taken_at.clone(),
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
}

/// Loads a [`PeopleIndex`] and runs one search.
pub fn search_people(store: &Store, q: &PeopleQuery) -> Result<Vec<PhotoHit>> {
    PeopleIndex::load(store)?.search(q)
}
