//! The review queue: faces nobody has decided about, most like a given person first,
//! so the user can confirm many at once.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;
use serde::Serialize;

use super::assign::{exemplars, nearest};
use super::facts::{load_facts, require_person, FactKind};
use super::PersonId;
use crate::error::Result;
use crate::library::faces::load_faces_from;
use crate::store::{FaceId, Store};

/// One face to review.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewItem {
    pub face_id: FaceId,
    pub photo_id: i64,
    /// Distance to the person's nearest confirmed face.
    pub distance: f32,
    /// The machine's current guess for this face, if any: (person name, "assigned" or
    /// "suggested").
    pub guess: Option<(String, String)>,
}

/// Up to `limit` faces without a decision, not rejected for the person and not in a
/// photo where the person is already confirmed, nearest to the person first.
pub fn review_queue(store: &Store, name: &str, limit: usize) -> Result<Vec<ReviewItem>> {
    let conn = store.connection();
    let person = require_person(conn, name)?;
    let PersonId(pid) = person.id;
    let faces = load_faces_from(conn)?;
    let facts = load_facts(conn)?;
    let mut mine = Vec::new();
    let mut photos = HashSet::new();
    for (i, id) in faces.ids.iter().enumerate() {
        if facts.identity.get(&id.0) == Some(&(FactKind::Confirmed, Some(pid))) {
            mine.push(i);
            photos.insert(faces.photo[i]);
        }
    }
    if mine.is_empty() {
        return Ok(Vec::new());
    }
    let ex = exemplars(&HashMap::from([(pid, mine)]), &faces.descriptors)
        .remove(&pid)
        .unwrap_or_default();
    let mut items: Vec<(usize, f32)> = (0..faces.len())
        .into_par_iter()
        .filter(|&i| {
            let f = faces.ids[i].0;
            !facts.identity.contains_key(&f)
                && !facts.rejected.contains(&(f, pid))
                && !photos.contains(&faces.photo[i])
        })
        .map(|i| (i, nearest(&faces.descriptors[i], &ex)))
        .collect();
    items.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
    items.truncate(limit);
    let mut guess = conn.prepare_cached(
        "SELECT p.name, g.kind FROM face_guesses g JOIN people p ON p.id = g.person_id
         WHERE g.face_id = ?1",
    )?;
    items
        .into_iter()
        .map(|(i, d)| {
            let face_id = faces.ids[i];
            let g = guess
                .query_row([face_id.0], |r| Ok((r.get(0)?, r.get(1)?)))
                .ok();
            Ok(ReviewItem {
                face_id,
                photo_id: faces.photo[i],
                distance: d,
                guess: g,
            })
        })
        .collect()
}
