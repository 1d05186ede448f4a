//! Glue between the store and the clustering algorithms: load the stored descriptors
//! of the current model, run a clustering method over them and keep the result as the
//! library's latest cluster run, then let the people layer map clusters to people.
//! Also the quality evaluation against a labels file, and faces drawn by hand.

pub mod eval;
pub mod faces;
pub mod manual;
pub mod recluster;

pub use eval::{evaluate_labels, EvalReport, EvalRow};
pub use faces::{load_faces, LibraryFaces};
pub use recluster::{group_library, recluster, recluster_with, ClusterRun, Grouping};
