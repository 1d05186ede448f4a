//! The user's verbs on people and faces. Each is one undoable action (see `history`)
//! and writes facts only; the automatic assignments are recomputed afterwards.
//!
//! Names are matched case-insensitively; a verb that takes a target name creates the
//! person when no one has that name yet.

use rusqlite::{params, Connection, Transaction};
use serde::Serialize;

use super::facts::{
    add_rejection, check_faces, clean_name, clear_identity, confirmed_in_photo, insert_person,
    person_by_name, photo_of, require_person, set_identity, FactKind,
};
use super::history::{perform, Created, Outcome, Scope};
use super::PersonId;
use crate::error::{Error, Result};
use crate::store::{FaceId, Store};

/// What an action did to faces.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ActionResult {
    /// The person the faces now belong to, when there is one.
    pub person: Option<PersonId>,
    /// Faces whose facts changed.
    pub changed: usize,
    /// Faces left alone, with the reason (already someone else's, same photo, ...).
    pub skipped: Vec<(FaceId, String)>,
}

/// Faces of cluster `label` in the latest cluster run.
pub fn cluster_faces(conn: &Connection, label: u32) -> Result<Vec<FaceId>> {
    let mut stmt = conn.prepare_cached(
        "SELECT face_id FROM cluster_labels
         WHERE run_id = (SELECT max(id) FROM cluster_runs) AND label = ?1 ORDER BY face_id",
    )?;
    let faces: Vec<FaceId> = stmt
        .query_map([label], |r| Ok(FaceId(r.get(0)?)))?
        .collect::<rusqlite::Result<_>>()?;
    if faces.is_empty() {
        return Err(Error::Invalid(format!(
            "no cluster {label} in the latest cluster run"
        )));
    }
    Ok(faces)
}

/// "1 face", "3 faces": for the summaries people read in the history and undo button.
fn n_faces(n: usize) -> String {
    if n == 1 {
        "1 face".into()
    } else {
        format!("{n} faces")
    }
}

/// Id of the person called `name`, creating it when new; the bool says "created".
fn person_or_new(conn: &Connection, name: &str, now: i64) -> Result<(PersonId, bool)> {
    match person_by_name(conn, name)? {
        Some(p) => Ok((p.id, false)),
        None => Ok((insert_person(conn, name, now)?, true)),
    }
}

/// Confirms `faces` as `person`, keeping the one-face-per-photo rule and earlier
/// decisions about other people (a face confirmed as someone else, a stranger or an
/// ignored face is left alone; so is a face the user said is not this person).
fn confirm_all(
    tx: &Transaction,
    faces: &[FaceId],
    person: PersonId,
    now: i64,
    result: &mut ActionResult,
) -> Result<()> {
    let facts = super::facts::load_facts(tx)?;
    for &face in faces {
        if let Some((kind, who)) = facts.identity.get(&face.0) {
            if *kind == FactKind::Confirmed && *who == Some(person.0) {
                continue;
            }
            result
                .skipped
                .push((face, format!("already {}", kind.as_str())));
            continue;
        }
        if facts.rejected.contains(&(face.0, person.0)) {
            result
                .skipped
                .push((face, "marked as not this person".into()));
            continue;
        }
        let photo = photo_of(tx, face)?;
        if let Some(other) = confirmed_in_photo(tx, person, photo, face)? {
            result.skipped.push((
                face,
                format!("face {other} of the same photo is already this person"),
            ));
            continue;
        }
        set_identity(tx, face, FactKind::Confirmed, Some(person), now)?;
        result.changed += 1;
    }
    Ok(())
}

fn people_named(conn: &Connection, names: &[&str]) -> Result<Vec<i64>> {
    names
        .iter()
        .filter_map(|n| person_by_name(conn, n).transpose())
        .map(|p| p.map(|p| p.id.0))
        .collect()
}

/// Names cluster `label` of the latest run: its faces become confirmed as `name`
/// (created if new). Naming two clusters with one name merges them.
pub fn name_cluster(store: &mut Store, label: u32, name: &str) -> Result<ActionResult> {
    name_clusters(store, &[label], name)
}

/// Names several clusters at once with one name (merging them into one person).
pub fn name_clusters(store: &mut Store, labels: &[u32], name: &str) -> Result<ActionResult> {
    let name = clean_name(name)?.to_string();
    let mut faces = Vec::new();
    for &l in labels {
        faces.extend(cluster_faces(store.connection(), l)?);
    }
    let scope = Scope {
        faces: faces.iter().map(|f| f.0).collect(),
        people: people_named(store.connection(), &[&name])?,
        ..Scope::default()
    };
    perform(store, "name", scope, |tx, now| {
        let (person, created) = person_or_new(tx, &name, now)?;
        let mut result = ActionResult {
            person: Some(person),
            ..Default::default()
        };
        confirm_all(tx, &faces, person, now, &mut result)?;
        Ok(Outcome {
            summary: format!(
                "named cluster(s) {labels:?} {name:?}: {} confirmed",
                n_faces(result.changed)
            ),
            value: result,
            created: Created::person_if(created, person),
        })
    })
}

/// Gives a person a new name. Fails when another person has that name (merge instead).
pub fn rename_person(store: &mut Store, old: &str, new: &str) -> Result<PersonId> {
    let new = clean_name(new)?.to_string();
    let person = require_person(store.connection(), old)?;
    if let Some(other) = person_by_name(store.connection(), &new)? {
        if other.id != person.id {
            return Err(Error::Invalid(format!(
                "{:?} already exists: merge the two people instead",
                other.name
            )));
        }
    }
    let scope = Scope {
        faces: vec![],
        people: vec![person.id.0],
        ..Scope::default()
    };
    perform(store, "rename", scope, |tx, _| {
        tx.execute(
            "UPDATE people SET name = ?1 WHERE id = ?2",
            params![new, person.id.0],
        )?;
        Ok(Outcome {
            value: person.id,
            summary: format!("renamed {:?} to {new:?}", person.name),
            created: Created::default(),
        })
    })
}

/// Merges the people `from` into `into` (created if new): their confirmed faces and
/// "not this person" facts move to `into`, then they are removed. (`merge_groups`
/// without clusters.)
pub fn merge_people(store: &mut Store, into: &str, from: &[&str]) -> Result<ActionResult> {
    merge_groups(store, into, &[], from)
}

/// Moves the facts of person `src` to `target` and deletes `src`; returns how many
/// confirmed faces moved.
fn absorb_person(tx: &Transaction, target: PersonId, src: i64) -> Result<usize> {
    // A face both "not target" and confirmed as the source: the confirmation was the
    // more specific decision, and the two are now one person.
    tx.execute(
        "DELETE FROM face_facts WHERE kind = 'rejected' AND person_id = ?1
           AND face_id IN (SELECT face_id FROM face_facts
                           WHERE kind = 'confirmed' AND person_id = ?2)",
        params![target.0, src],
    )?;
    let moved = tx.execute(
        "UPDATE face_facts SET person_id = ?1 WHERE person_id = ?2 AND kind = 'confirmed'",
        params![target.0, src],
    )?;
    // Rejections: keep one per face, and none for faces confirmed as the target.
    tx.execute(
        "DELETE FROM face_facts WHERE kind = 'rejected' AND person_id = ?2
           AND face_id IN (SELECT face_id FROM face_facts
                           WHERE person_id = ?1)",
        params![target.0, src],
    )?;
    tx.execute(
        "UPDATE face_facts SET person_id = ?1 WHERE person_id = ?2 AND kind = 'rejected'",
        params![target.0, src],
    )?;
    tx.execute("DELETE FROM face_guesses WHERE person_id = ?1", [src])?;
    tx.execute("DELETE FROM people WHERE id = ?1", [src])?;
    Ok(moved)
}

/// Merges unnamed clusters of the latest run and people into one person called `into`
/// (created if new), as ONE undoable action: the clusters' faces are confirmed as
/// `into` (keeping the one-face-per-photo rule), then the people are merged into it.
/// This is what selecting cards (or dropping one card on another) and choosing a name
/// does in the app.
pub fn merge_groups(
    store: &mut Store,
    into: &str,
    labels: &[u32],
    people: &[&str],
) -> Result<ActionResult> {
    let into = clean_name(into)?.to_string();
    let conn = store.connection();
    let mut faces = Vec::new();
    for &l in labels {
        faces.extend(cluster_faces(conn, l)?);
    }
    let mut sources = Vec::new();
    for name in people {
        let p = require_person(conn, name)?;
        if !p.name.eq_ignore_ascii_case(&into) && !sources.contains(&p.id.0) {
            sources.push(p.id.0);
        }
    }
    if faces.is_empty() && sources.is_empty() {
        return Err(Error::Invalid("nothing to merge".into()));
    }
    let mut scope_people = people_named(conn, &[&into])?;
    scope_people.extend(&sources);
    let scope = Scope {
        faces: faces.iter().map(|f| f.0).collect(),
        people: scope_people,
        ..Scope::default()
    };
    perform(store, "merge", scope, |tx, now| {
        let (target, created) = person_or_new(tx, &into, now)?;
        let mut result = ActionResult {
            person: Some(target),
            ..Default::default()
        };
        // People first: their confirmed faces then count for the one-per-photo rule
        // when the clusters' faces are confirmed.
        for &src in &sources {
            result.changed += absorb_person(tx, target, src)?;
        }
        confirm_all(tx, &faces, target, now, &mut result)?;
        let what: Vec<String> = labels
            .iter()
            .map(|l| format!("cluster {l}"))
            .chain(people.iter().filter(|p| !p.trim().eq_ignore_ascii_case(&into)).map(|p| format!("{:?}", p.trim())))
            .collect();
        Ok(Outcome {
            summary: format!("merged {} into {into:?}", what.join(", ")),
            value: result,
            created: Created::person_if(created, target),
        })
    })
}

/// "Keep together": the user turned down a proposed split of a group. Faces of
/// `side_a` and faces of `side_b` are one person as far as split proposals go: no
/// later proposal that separates them is shown again ([`is_kept_together`]).
pub fn keep_together(store: &mut Store, side_a: &[FaceId], side_b: &[FaceId]) -> Result<i64> {
    if side_a.is_empty() || side_b.is_empty() {
        return Err(Error::Invalid("both sides of a split need faces".into()));
    }
    check_faces(store.connection(), side_a)?;
    check_faces(store.connection(), side_b)?;
    let sorted = |v: &[FaceId]| {
        let mut ids: Vec<i64> = v.iter().map(|f| f.0).collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    };
    let (a, b) = (sorted(side_a), sorted(side_b));
    let json = |v: &Vec<i64>| serde_json::to_string(v).map_err(|e| Error::Database(e.to_string()));
    let (ja, jb) = (json(&a)?, json(&b)?);
    perform(store, "keep", Scope::default(), |tx, now| {
        tx.execute(
            "INSERT INTO kept_together (side_a, side_b, at) VALUES (?1, ?2, ?3)",
            params![ja, jb, now],
        )?;
        let id = tx.last_insert_rowid();
        Ok(Outcome {
            summary: format!("kept {} and {} together", n_faces(a.len()), n_faces(b.len())),
            value: id,
            created: Created {
                kept: vec![id],
                ..Created::default()
            },
        })
    })
}

/// Every "keep together" fact: (side A, side B).
pub fn kept_together(conn: &Connection) -> Result<Vec<(Vec<i64>, Vec<i64>)>> {
    let mut stmt = conn.prepare_cached("SELECT side_a, side_b FROM kept_together ORDER BY id")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    let parse = |s: &str| serde_json::from_str::<Vec<i64>>(s).map_err(|e| Error::Database(format!("kept_together: {e}")));
    let mut out = Vec::new();
    for row in rows {
        let (a, b) = row?;
        out.push((parse(&a)?, parse(&b)?));
    }
    Ok(out)
}

/// Whether splitting a group into `a` and `b` would separate faces the user kept
/// together: some kept pair has faces on both sides of the proposal.
pub fn is_kept_together(kept: &[(Vec<i64>, Vec<i64>)], a: &[i64], b: &[i64]) -> bool {
    let meets = |x: &[i64], y: &[i64]| x.iter().any(|f| y.contains(f));
    kept.iter().any(|(ka, kb)| (meets(ka, a) && meets(kb, b)) || (meets(ka, b) && meets(kb, a)))
}

/// A face the user drew by hand, already described (see
/// `library::manual::draw_face`), to add to `photo`.
pub struct DrawnFace<'a> {
    pub photo: crate::store::PhotoId,
    pub face: &'a crate::face::Face,
    pub crop_jpeg: &'a [u8],
}

/// Adds a face the detector missed to its photo, as one undoable action (undo removes
/// the face again), confirmed as `name` when one is given. The face then takes part in
/// clustering, suggestions and search like any detected face.
pub fn add_face(store: &mut Store, drawn: DrawnFace, name: Option<&str>) -> Result<(FaceId, ActionResult)> {
    let name = name.map(clean_name).transpose()?.map(str::to_string);
    let scope = Scope {
        people: match &name {
            Some(n) => people_named(store.connection(), &[n])?,
            None => vec![],
        },
        ..Scope::default()
    };
    perform(store, "draw", scope, |tx, now| {
        let face = crate::store::faces::insert_manual_face(tx, drawn.photo, drawn.face, drawn.crop_jpeg)?;
        let mut result = ActionResult::default();
        let mut created = Created { faces: vec![face.0], ..Created::default() };
        if let Some(n) = &name {
            let (person, new) = person_or_new(tx, n, now)?;
            if new {
                created.people.push(person.0);
            }
            result.person = Some(person);
            confirm_all(tx, &[face], person, now, &mut result)?;
        }
        Ok(Outcome {
            summary: match &name {
                Some(n) => format!("added a face to photo {} as {n:?}", drawn.photo.0),
                None => format!("added a face to photo {}", drawn.photo.0),
            },
            value: (face, result),
            created,
        })
    })
}

/// Takes `faces` out of whatever group they are in and makes them a new person called
/// `name` (or "Person N" when no name is given). Faces that were someone's get a "not
/// that person" fact so that no re-cluster puts them back.
pub fn split_faces(
    store: &mut Store,
    faces: &[FaceId],
    name: Option<&str>,
) -> Result<ActionResult> {
    let conn = store.connection();
    check_faces(conn, faces)?;
    let mut photos = std::collections::HashSet::new();
    for &f in faces {
        if !photos.insert(photo_of(conn, f)?) {
            return Err(Error::Invalid(format!(
                "face {} shares a photo with another face of the split: one person appears once per photo",
                f.0
            )));
        }
    }
    let name = match name {
        Some(n) => clean_name(n)?.to_string(),
        None => next_free_name(conn)?,
    };
    let previous_owner = |f: FaceId| -> Result<Option<i64>> {
        Ok(conn
            .query_row(
                "SELECT person_id FROM face_people WHERE face_id = ?1",
                [f.0],
                |r| r.get(0),
            )
            .ok())
    };
    let mut owners = Vec::new();
    for &f in faces {
        owners.push(previous_owner(f)?);
    }
    let mut people = people_named(conn, &[&name])?;
    people.extend(owners.iter().flatten());
    let scope = Scope {
        faces: faces.iter().map(|f| f.0).collect(),
        people,
        ..Scope::default()
    };
    let faces = faces.to_vec();
    perform(store, "split", scope, |tx, now| {
        let (person, created) = person_or_new(tx, &name, now)?;
        for (&f, owner) in faces.iter().zip(&owners) {
            if let Some(o) = owner.filter(|o| *o != person.0) {
                add_rejection(tx, f, PersonId(o), now)?;
            }
            clear_identity(tx, f)?;
        }
        let mut result = ActionResult {
            person: Some(person),
            ..Default::default()
        };
        confirm_all(tx, &faces, person, now, &mut result)?;
        Ok(Outcome {
            summary: format!("split {} into {name:?}", n_faces(faces.len())),
            value: result,
            created: Created::person_if(created, person),
        })
    })
}

/// "Person N" with the smallest N not taken.
fn next_free_name(conn: &Connection) -> Result<String> {
    for n in 1.. {
        let name = format!("Person {n}");
        if person_by_name(conn, &name)?.is_none() {
            return Ok(name);
        }
    }
    unreachable!("some name is always free")
}

/// Moves faces to the person called `name` (created if new), whatever they were before.
/// Refuses a face whose photo already has a face confirmed as that person.
pub fn move_faces(store: &mut Store, faces: &[FaceId], name: &str) -> Result<ActionResult> {
    let name = clean_name(name)?.to_string();
    check_faces(store.connection(), faces)?;
    let mut photos = std::collections::HashSet::new();
    for &f in faces {
        if !photos.insert(photo_of(store.connection(), f)?) {
            return Err(Error::Invalid(format!(
                "face {} shares a photo with another face moved: one person appears once per photo",
                f.0
            )));
        }
    }
    if let Some(p) = person_by_name(store.connection(), &name)? {
        for &f in faces {
            let photo = photo_of(store.connection(), f)?;
            if let Some(other) = confirmed_in_photo(store.connection(), p.id, photo, f)? {
                return Err(Error::Invalid(format!(
                    "face {other} of the same photo is already {}: one person appears once per photo",
                    p.name
                )));
            }
        }
    }
    let scope = Scope {
        faces: faces.iter().map(|f| f.0).collect(),
        people: people_named(store.connection(), &[&name])?,
        ..Scope::default()
    };
    let faces = faces.to_vec();
    perform(store, "move", scope, |tx, now| {
        let (person, created) = person_or_new(tx, &name, now)?;
        for &f in &faces {
            set_identity(tx, f, FactKind::Confirmed, Some(person), now)?;
        }
        Ok(Outcome {
            summary: format!("moved {} to {name:?}", n_faces(faces.len())),
            value: ActionResult {
                person: Some(person),
                changed: faces.len(),
                skipped: vec![],
            },
            created: Created::person_if(created, person),
        })
    })
}

/// "Not this person": the faces are not `name`; a confirmation as `name` is withdrawn
/// and no automatic step will suggest `name` for them again.
pub fn reject_faces(store: &mut Store, faces: &[FaceId], name: &str) -> Result<ActionResult> {
    check_faces(store.connection(), faces)?;
    let person = require_person(store.connection(), name)?;
    let scope = Scope {
        faces: faces.iter().map(|f| f.0).collect(),
        people: vec![person.id.0],
        ..Scope::default()
    };
    let faces = faces.to_vec();
    perform(store, "reject", scope, |tx, now| {
        for &f in &faces {
            tx.execute(
                "DELETE FROM face_facts WHERE face_id = ?1 AND kind = 'confirmed' AND person_id = ?2",
                params![f.0, person.id.0],
            )?;
            add_rejection(tx, f, person.id, now)?;
        }
        Ok(Outcome {
            summary: format!("{} {} not {:?}", n_faces(faces.len()), if faces.len() == 1 { "is" } else { "are" }, person.name),
            value: ActionResult {
                person: Some(person.id),
                changed: faces.len(),
                skipped: vec![],
            },
            created: Created::default(),
        })
    })
}

/// Marks faces as strangers or as ignored (`kind` must be one of those two); they leave
/// every group and are never assigned or suggested.
pub fn mark_faces(store: &mut Store, faces: &[FaceId], kind: FactKind) -> Result<ActionResult> {
    if !matches!(kind, FactKind::Stranger | FactKind::Ignored) {
        return Err(Error::Invalid(
            "faces can be marked as stranger or ignored only".into(),
        ));
    }
    check_faces(store.connection(), faces)?;
    let scope = Scope {
        faces: faces.iter().map(|f| f.0).collect(),
        people: vec![],
        ..Scope::default()
    };
    let faces = faces.to_vec();
    perform(store, kind.as_str(), scope, |tx, now| {
        for &f in &faces {
            set_identity(tx, f, kind, None, now)?;
        }
        Ok(Outcome {
            summary: format!("marked {} {}", n_faces(faces.len()), kind.as_str()),
            value: ActionResult {
                person: None,
                changed: faces.len(),
                skipped: vec![],
            },
            created: Created::default(),
        })
    })
}

/// Withdraws every decision about the faces (they become unknown again).
pub fn forget_faces(store: &mut Store, faces: &[FaceId]) -> Result<ActionResult> {
    check_faces(store.connection(), faces)?;
    let scope = Scope {
        faces: faces.iter().map(|f| f.0).collect(),
        people: vec![],
        ..Scope::default()
    };
    let faces = faces.to_vec();
    perform(store, "forget", scope, |tx, _| {
        let mut changed = 0;
        for &f in &faces {
            changed += tx.execute("DELETE FROM face_facts WHERE face_id = ?1", [f.0])?;
        }
        Ok(Outcome {
            summary: format!("forgot the decisions about {}", n_faces(faces.len())),
            value: ActionResult {
                person: None,
                changed,
                skipped: vec![],
            },
            created: Created::default(),
        })
    })
}

/// The suggestion (person name) standing for a face.
fn suggestion(conn: &Connection, face: FaceId) -> Result<String> {
    conn.query_row(
        "SELECT p.name FROM face_guesses g JOIN people p ON p.id = g.person_id
         WHERE g.face_id = ?1",
        [face.0],
        |r| r.get(0),
    )
    .map_err(|_| Error::Invalid(format!("face {} has no suggestion", face.0)))
}

/// The faces grouped by the person the machine guessed for them (one action each).
fn by_suggestion(conn: &Connection, faces: &[FaceId]) -> Result<Vec<(String, Vec<FaceId>)>> {
    let mut groups: Vec<(String, Vec<FaceId>)> = Vec::new();
    for &f in faces {
        let name = suggestion(conn, f)?;
        match groups.iter_mut().find(|(n, _)| *n == name) {
            Some((_, v)) => v.push(f),
            None => groups.push((name, vec![f])),
        }
    }
    Ok(groups)
}

/// Accepts the machine's guess for each face (suggested or assigned): confirms it.
/// One undoable action per person guessed.
pub fn accept_suggestions(store: &mut Store, faces: &[FaceId]) -> Result<ActionResult> {
    let mut total = ActionResult::default();
    for (name, group) in by_suggestion(store.connection(), faces)? {
        let r = move_faces(store, &group, &name)?;
        total.person = r.person;
        total.changed += r.changed;
    }
    Ok(total)
}

/// Rejects the machine's guess for each face: "not this person", for good.
/// One undoable action per person guessed.
pub fn reject_suggestions(store: &mut Store, faces: &[FaceId]) -> Result<ActionResult> {
    let mut total = ActionResult::default();
    for (name, group) in by_suggestion(store.connection(), faces)? {
        total.changed += reject_faces(store, &group, &name)?.changed;
    }
    Ok(total)
}
