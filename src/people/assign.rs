//! The machine's guesses: which unknown faces are which person. Recomputed from scratch
//! (the `face_guesses` table) after every re-cluster, scan and user action, from the
//! facts, the latest cluster run and the descriptors; it never writes a fact.
//!
//! For every face without a decision (not confirmed, not a stranger, not ignored):
//!
//! 1. its distance to each person is the distance to that person's nearest confirmed
//!    face (at most [`EXEMPLARS`] per person, spread over their faces, so the cost
//!    stays bounded on large libraries); people the face was rejected for don't count;
//! 2. if the face's cluster is a person's group (all confirmed faces in the cluster are
//!    that person's), it is assigned to that person when closer than
//!    [`CLUSTER_ASSIGN_CUTOFF`];
//! 3. otherwise it is assigned to its nearest person when closer than
//!    [`ASSIGN_CUTOFF`] (a face the clustering left out needs stronger evidence);
//! 4. otherwise, closer than [`SUGGEST_CUTOFF`], it becomes a suggestion ("is this
//!    Dan?"); farther, it stays unknown.
//!
//! Same-photo rule: a person never gets two faces of one photo automatically. The
//! nearest candidate wins; the others become suggestions, and a photo where the
//! person is already confirmed gets no guess at all.
//!
//! The confidence is `1 / (1 + exp((d - 0.5) / 0.05))`: 0.5 at distance 0.5 (the
//! clustering cutoff), 0.88 at 0.4, 0.12 at 0.6 (dlib's same-person threshold).

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;
use rusqlite::{params, Connection};
use serde::Serialize;

use super::facts::{load_facts, FactKind};
use crate::error::Result;
use crate::face::{distance, Descriptor};
use crate::library::faces::load_faces_from;
use crate::store::Store;

/// Assign when the face's cluster is the person's group and it is this close.
pub const CLUSTER_ASSIGN_CUTOFF: f32 = 0.55;
/// Assign without the cluster's support when this close.
pub const ASSIGN_CUTOFF: f32 = 0.45;
/// Suggest when this close.
pub const SUGGEST_CUTOFF: f32 = 0.6;
/// Confirmed faces compared per person (spread over all of them). 64 keeps a refresh
/// under a second on 100,000 faces (`kindred bench search`); 256 took 3.8 s.
pub const EXEMPLARS: usize = 64;

/// Counts of what [`refresh_guesses`] wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct GuessSummary {
    pub assigned: usize,
    pub suggested: usize,
}

/// Confidence of a guess at distance `d`.
pub fn confidence(d: f32) -> f32 {
    1.0 / (1.0 + ((d - 0.5) / 0.05).exp())
}

/// Recomputes every automatic assignment and suggestion.
pub fn refresh_guesses(store: &mut Store) -> Result<GuessSummary> {
    let tx = store.connection_mut().transaction()?;
    let s = refresh_guesses_in(&tx)?;
    tx.commit()?;
    Ok(s)
}

/// Per person: up to [`EXEMPLARS`] confirmed descriptors.
pub(crate) fn exemplars(
    confirmed: &HashMap<i64, Vec<usize>>,
    descriptors: &[Descriptor],
) -> HashMap<i64, Vec<Descriptor>> {
    confirmed
        .iter()
        .map(|(&p, idx)| {
            let step = idx.len().div_ceil(EXEMPLARS).max(1);
            (
                p,
                idx.iter().step_by(step).map(|&i| descriptors[i]).collect(),
            )
        })
        .collect()
}

/// Distance from `d` to the nearest of `ex`.
pub(crate) fn nearest(d: &Descriptor, ex: &[Descriptor]) -> f32 {
    ex.iter()
        .map(|e| distance(d, e))
        .fold(f32::INFINITY, f32::min)
}

/// A person's exemplars with their centroid and radius, so that most faces are ruled
/// out with one distance: by the triangle inequality the nearest exemplar is at least
/// `distance(face, centroid) - radius` away.
pub(crate) struct PersonBall {
    pub person: i64,
    pub exemplars: Vec<Descriptor>,
    centroid: Descriptor,
    radius: f32,
}

impl PersonBall {
    pub fn new(person: i64, exemplars: Vec<Descriptor>) -> PersonBall {
        let n = exemplars.len().max(1) as f32;
        let centroid: Descriptor =
            std::array::from_fn(|i| exemplars.iter().map(|e| e[i]).sum::<f32>() / n);
        let radius = exemplars
            .iter()
            .map(|e| distance(e, &centroid))
            .fold(0.0, f32::max);
        PersonBall {
            person,
            exemplars,
            centroid,
            radius,
        }
    }

    /// Distance to the nearest exemplar, or `None` when it is surely `>= limit`.
    pub fn nearest_below(&self, d: &Descriptor, limit: f32) -> Option<f32> {
        if distance(d, &self.centroid) - self.radius >= limit {
            return None;
        }
        Some(nearest(d, &self.exemplars)).filter(|&x| x < limit)
    }
}

struct Candidate {
    face: i64,
    photo: i64,
    person: i64,
    distance: f32,
    assign: bool,
}

/// [`refresh_guesses`] inside the caller's transaction.
pub(crate) fn refresh_guesses_in(conn: &Connection) -> Result<GuessSummary> {
    conn.execute("DELETE FROM face_guesses", [])?;
    let faces = load_faces_from(conn)?;
    let facts = load_facts(conn)?;
    let mut confirmed: HashMap<i64, Vec<usize>> = HashMap::new();
    let mut taken: HashSet<(i64, i64)> = HashSet::new();
    for (i, id) in faces.ids.iter().enumerate() {
        if let Some((FactKind::Confirmed, Some(p))) = facts.identity.get(&id.0) {
            confirmed.entry(*p).or_default().push(i);
            taken.insert((*p, faces.photo[i]));
        }
    }
    if confirmed.is_empty() {
        return Ok(GuessSummary::default());
    }
    let labels = latest_labels(conn)?;
    // A cluster is a person's group when its confirmed faces are all that person's.
    let mut cluster_people: HashMap<i64, HashSet<i64>> = HashMap::new();
    for id in &faces.ids {
        if let (Some(&label), Some((FactKind::Confirmed, Some(p)))) =
            (labels.get(&id.0), facts.identity.get(&id.0))
        {
            cluster_people.entry(label).or_default().insert(*p);
        }
    }
    let group_of: HashMap<i64, i64> = cluster_people
        .into_iter()
        .filter(|(_, ps)| ps.len() == 1)
        .map(|(l, ps)| (l, *ps.iter().next().unwrap_or(&0)))
        .collect();
    let people: Vec<PersonBall> = exemplars(&confirmed, &faces.descriptors)
        .into_iter()
        .map(|(p, ex)| PersonBall::new(p, ex))
        .collect();

    let mut candidates: Vec<Candidate> = (0..faces.len())
        .into_par_iter()
        .filter_map(|i| {
            let face = faces.ids[i].0;
            if facts.identity.contains_key(&face) {
                return None;
            }
            let d = &faces.descriptors[i];
            let allowed = |p: i64| !facts.rejected.contains(&(face, p));
            let candidate = |person: i64, distance: f32, assign: bool| Candidate {
                face,
                photo: faces.photo[i],
                person,
                distance,
                assign,
            };
            let group = labels.get(&face).and_then(|l| group_of.get(l)).copied();
            if let Some(ball) = group
                .filter(|&p| allowed(p))
                .and_then(|p| people.iter().find(|b| b.person == p))
            {
                if let Some(dist) = ball.nearest_below(d, CLUSTER_ASSIGN_CUTOFF) {
                    return Some(candidate(ball.person, dist, true));
                }
            }
            let (p, dist) = people
                .iter()
                .filter(|b| allowed(b.person))
                .filter_map(|b| b.nearest_below(d, SUGGEST_CUTOFF).map(|x| (b.person, x)))
                .min_by(|a, b| a.1.total_cmp(&b.1))?;
            Some(candidate(p, dist, dist < ASSIGN_CUTOFF))
        })
        .collect();
    candidates.sort_by(|a, b| a.distance.total_cmp(&b.distance).then(a.face.cmp(&b.face)));

    let mut summary = GuessSummary::default();
    let confirmed_taken = taken.clone();
    let mut insert = conn.prepare_cached(
        "INSERT INTO face_guesses (face_id, person_id, kind, distance, confidence)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for c in candidates {
        if confirmed_taken.contains(&(c.person, c.photo)) {
            continue;
        }
        let assign = c.assign && !taken.contains(&(c.person, c.photo));
        if assign {
            taken.insert((c.person, c.photo));
            summary.assigned += 1;
        } else {
            summary.suggested += 1;
        }
        insert.execute(params![
            c.face,
            c.person,
            if assign { "assigned" } else { "suggested" },
            c.distance as f64,
            confidence(c.distance) as f64
        ])?;
    }
    Ok(summary)
}

/// Face -> cluster label in the latest run (noise faces are absent).
pub(crate) fn latest_labels(conn: &Connection) -> Result<HashMap<i64, i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT face_id, label FROM cluster_labels
         WHERE run_id = (SELECT max(id) FROM cluster_runs) AND label IS NOT NULL",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn confidence_falls_with_distance() {
        assert!((confidence(0.5) - 0.5).abs() < 1e-6);
        assert!(confidence(0.4) > 0.85 && confidence(0.6) < 0.15);
        assert!(confidence(0.3) > confidence(0.35));
    }
}
