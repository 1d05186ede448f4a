//! Insight: tools that explain and check what the face pipeline decided.
//!
//! Everything here is a pure function over plain data (labelled descriptors, faces
//! with their person/cluster), so it can be tested without the store and wired to the
//! CLI and the app by thin adapters:
//!
//! - [`calibrate`]: precision/recall/accuracy/F1 over all labelled pairs at a grid of
//!   cutoffs, ROC AUC, the cutoff reaching a target precision, a text table, an SVG plot
//!   and a fitted [`calibrate::ConfidenceModel`] (P(same person | distance)).
//! - [`face_graph`]: the graph of faces linked below a cutoff; missed matches reachable
//!   only through indirect paths, and groups that may be two people (bridge edges).
//! - [`compare`]: distance, same/different and confidence for two descriptors.
//! - [`verify_report`]: verification metrics with the wrong pairs, as a standalone HTML
//!   report with embedded face crops.
//! - [`graph_export`]: GraphML and CSV (Neo4j / Gephi) export of the face graph.
//! - [`xmp`]: Metadata Working Group face regions in XMP sidecars and JPEG APP1 packets.
//!
//! One rule is shared by every part: two faces match when `distance < cutoff`
//! ([`is_match`]). face_recognition uses `<=`; the two only differ on exact ties.

pub mod calibrate;
pub mod compare;
pub mod face_graph;
pub mod graph_export;
pub mod labels;
pub mod verify_report;
pub mod xmp;

use crate::face::Descriptor;

/// A face whose identity is known (a confirmed person or a labels-CSV row).
/// (Not serde: serde has no impls for 128-element arrays; these are inputs.)
#[derive(Debug, Clone)]
pub struct LabelledFace {
    pub face_id: i64,
    pub identity: String,
    pub descriptor: Descriptor,
}

/// A face as the graph tools see it: where it is, who it was assigned to (if anyone),
/// which cluster it fell in (if any).
#[derive(Debug, Clone)]
pub struct GraphFace {
    pub face_id: i64,
    pub photo_id: i64,
    /// Confirmed or assigned person name.
    pub person: Option<String>,
    /// Cluster number from the clustering step.
    pub cluster: Option<u32>,
    pub descriptor: Descriptor,
}

/// The matching rule used everywhere in this module: strictly below the cutoff.
pub fn is_match(distance: f32, cutoff: f32) -> bool {
    distance < cutoff
}

/// The cutoff used when the user has not calibrated: dlib's published threshold.
pub const DEFAULT_CUTOFF: f32 = 0.6;
