//! The action history behind undo. Each user action runs in one transaction through
//! [`perform`], which first copies the rows it may change (the people and facts of the
//! faces and people in its scope) into the `actions` table. Undo deletes the scope's
//! current rows and puts the copies back, then recomputes the machine guesses. Because
//! only the latest action that is not undone can be undone, the rows in its scope are
//! exactly as that action left them.

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use super::assign::refresh_guesses_in;
use super::facts::{FactKind, FactRow};
use crate::error::{Error, Result};
use crate::store::Store;

/// What an action may touch: these faces' facts, these people and every fact about
/// them. People the action creates are added by [`perform`]; so are the rows it
/// creates that undo removes again (faces drawn by hand, "keep together" facts).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct Scope {
    pub faces: Vec<i64>,
    pub people: Vec<i64>,
    /// Faces the action added (history written before schema v3 has none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub added_faces: Vec<i64>,
    /// `kept_together` rows the action added.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub added_kept: Vec<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct PersonRow {
    id: i64,
    name: String,
    created_at: i64,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Before {
    people: Vec<PersonRow>,
    facts: Vec<FactRow>,
}

/// One entry of the history.
#[derive(Debug, Clone, Serialize)]
pub struct ActionRecord {
    pub id: i64,
    pub kind: String,
    pub summary: String,
    pub at: i64,
    pub undone: bool,
}

/// What [`undo`] reverted.
#[derive(Debug, Clone, Serialize)]
pub struct UndoReport {
    pub action: ActionRecord,
    pub facts_restored: usize,
}

/// What an action body returns: a summary line and the rows it created.
pub(crate) struct Outcome<T> {
    pub value: T,
    pub summary: String,
    pub created: Created,
}

/// Rows an action created, which its undo deletes.
#[derive(Debug, Default)]
pub(crate) struct Created {
    pub people: Vec<i64>,
    pub faces: Vec<i64>,
    pub kept: Vec<i64>,
}

impl Created {
    /// `person` when the action created it.
    pub fn person_if(created: bool, person: super::PersonId) -> Self {
        Created {
            people: if created { vec![person.0] } else { vec![] },
            ..Created::default()
        }
    }
}

/// Runs `body` as one recorded, undoable action.
pub(crate) fn perform<T>(
    store: &mut Store,
    kind: &str,
    scope: Scope,
    body: impl FnOnce(&Transaction, i64) -> Result<Outcome<T>>,
) -> Result<T> {
    let mut scope = scope;
    scope.faces.sort_unstable();
    scope.faces.dedup();
    scope.people.sort_unstable();
    scope.people.dedup();
    let now = crate::store::now_unix();
    let tx = store.connection_mut().transaction()?;
    let before = snapshot(&tx, &scope)?;
    let outcome = body(&tx, now)?;
    scope.people.extend(outcome.created.people.iter().copied());
    scope.faces.extend(outcome.created.faces.iter().copied());
    scope.added_faces.extend(outcome.created.faces.iter().copied());
    scope.added_kept.extend(outcome.created.kept.iter().copied());
    tx.execute(
        "INSERT INTO actions (kind, summary, at, scope, before) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            kind,
            outcome.summary,
            now,
            to_json(&scope)?,
            to_json(&before)?
        ],
    )?;
    refresh_guesses_in(&tx)?;
    tx.commit()?;
    Ok(outcome.value)
}

/// Reverts the latest action that is not undone yet.
pub fn undo(store: &mut Store) -> Result<UndoReport> {
    let tx = store.connection_mut().transaction()?;
    let row = tx
        .query_row(
            "SELECT id, kind, summary, at, scope, before FROM actions
             WHERE undone_at IS NULL ORDER BY id DESC LIMIT 1",
            [],
            |r| {
                Ok((
                    ActionRecord {
                        id: r.get(0)?,
                        kind: r.get(1)?,
                        summary: r.get(2)?,
                        at: r.get(3)?,
                        undone: true,
                    },
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                ))
            },
        )
        .optional()?;
    let Some((action, scope, before)) = row else {
        return Err(Error::Invalid("nothing to undo".into()));
    };
    let scope: Scope = from_json(&scope)?;
    let before: Before = from_json(&before)?;
    for f in &scope.faces {
        tx.execute("DELETE FROM face_facts WHERE face_id = ?1", [f])?;
    }
    for p in &scope.people {
        tx.execute("DELETE FROM face_facts WHERE person_id = ?1", [p])?;
        tx.execute("DELETE FROM face_guesses WHERE person_id = ?1", [p])?;
        tx.execute("DELETE FROM people WHERE id = ?1", [p])?;
    }
    for p in &before.people {
        tx.execute(
            "INSERT INTO people (id, name, created_at) VALUES (?1, ?2, ?3)",
            params![p.id, p.name, p.created_at],
        )?;
    }
    let mut restored = 0;
    for f in &before.facts {
        // A face removed by a later re-scan has nothing left to restore.
        restored += tx.execute(
            "INSERT INTO face_facts (id, face_id, kind, person_id, at)
             SELECT ?1, ?2, ?3, ?4, ?5 WHERE EXISTS (SELECT 1 FROM faces WHERE id = ?2)",
            params![f.id, f.face_id, f.kind.as_str(), f.person_id, f.at],
        )?;
    }
    // Rows the action created go last: their facts (added by later, already undone
    // actions or by this one) are gone by now, and the cascade takes crops and guesses.
    for f in &scope.added_faces {
        tx.execute("DELETE FROM faces WHERE id = ?1", [f])?;
    }
    for k in &scope.added_kept {
        tx.execute("DELETE FROM kept_together WHERE id = ?1", [k])?;
    }
    tx.execute(
        "UPDATE actions SET undone_at = ?1 WHERE id = ?2",
        params![crate::store::now_unix(), action.id],
    )?;
    refresh_guesses_in(&tx)?;
    tx.commit()?;
    Ok(UndoReport {
        action,
        facts_restored: restored,
    })
}

/// The latest actions, newest first.
pub fn history(store: &Store, limit: usize) -> Result<Vec<ActionRecord>> {
    let mut stmt = store.connection().prepare(
        "SELECT id, kind, summary, at, undone_at IS NOT NULL FROM actions ORDER BY id DESC LIMIT ?1",
    )?;
    let rows = stmt.query_map([limit as i64], |r| {
        Ok(ActionRecord {
            id: r.get(0)?,
            kind: r.get(1)?,
            summary: r.get(2)?,
            at: r.get(3)?,
            undone: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn snapshot(conn: &Connection, scope: &Scope) -> Result<Before> {
    let mut before = Before::default();
    let mut seen = std::collections::HashSet::new();
    let mut fact = |r: &rusqlite::Row| -> Result<()> {
        let id: i64 = r.get(0)?;
        if seen.insert(id) {
            before.facts.push(FactRow {
                id,
                face_id: r.get(1)?,
                kind: FactKind::parse(&r.get::<_, String>(2)?)?,
                person_id: r.get(3)?,
                at: r.get(4)?,
            });
        }
        Ok(())
    };
    let cols = "SELECT id, face_id, kind, person_id, at FROM face_facts";
    for f in &scope.faces {
        let mut stmt = conn.prepare_cached(&format!("{cols} WHERE face_id = ?1"))?;
        let mut rows = stmt.query([f])?;
        while let Some(r) = rows.next()? {
            fact(r)?;
        }
    }
    for p in &scope.people {
        let mut stmt = conn.prepare_cached(&format!("{cols} WHERE person_id = ?1"))?;
        let mut rows = stmt.query([p])?;
        while let Some(r) = rows.next()? {
            fact(r)?;
        }
    }
    for p in &scope.people {
        if let Some(row) = conn
            .prepare_cached("SELECT id, name, created_at FROM people WHERE id = ?1")?
            .query_row([p], |r| {
                Ok(PersonRow {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    created_at: r.get(2)?,
                })
            })
            .optional()?
        {
            before.people.push(row);
        }
    }
    Ok(before)
}

fn to_json<T: Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| Error::Database(format!("action history: {e}")))
}

fn from_json<T: for<'de> Deserialize<'de>>(s: &str) -> Result<T> {
    serde_json::from_str(s).map_err(|e| Error::Database(format!("action history: {e}")))
}
