//! People: named persons and the human decisions about faces, kept as facts of their
//! own so that re-clustering and re-scanning never lose them.
//!
//! - [`facts`]: reading and writing the decision rows (confirmed, rejected, stranger,
//!   ignored);
//! - [`history`]: every user action is one transaction recorded with what it replaced,
//!   so [`undo`] can restore it;
//! - [`operations`]: the user's verbs (name a cluster, rename, merge, split, move a
//!   face, "not this person", stranger, ignore, accept or reject a suggestion);
//! - [`assign`]: the machine side: maps the latest clusters and the facts to automatic
//!   assignments (with a confidence) and suggestions, never overriding a fact;
//! - [`review`]: the unknown faces most like a person, nearest first;
//! - [`overview`]: people and unnamed clusters with their sizes, for lists and the UI.

pub mod assign;
pub mod facts;
pub mod history;
pub mod operations;
pub mod overview;
pub mod review;

use serde::{Deserialize, Serialize};

pub use assign::{refresh_guesses, GuessSummary};
pub use facts::FactKind;
pub use history::{undo, ActionRecord, UndoReport};
pub use operations::*;
pub use overview::{
    faces_in_bucket, faces_of_cluster, faces_of_person, identities_in_photo, list_people, Bucket,
    ClusterSummary, FaceEntry, FaceIdentity, PeopleOverview, PersonSummary,
};
pub use review::{review_queue, ReviewItem};

/// Row id of a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PersonId(pub i64);

/// A named person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: PersonId,
    pub name: String,
    /// Unix seconds.
    pub created_at: i64,
}
