//! Kindred core: everything that finds and groups the people in a photo library,
//! with no knowledge of any user interface. The CLI (`src/bin/kindred.rs`) and the
//! Tauri shell (`src-tauri/`) are thin layers over this crate.
//!
//! Data flows one way: folder -> scan -> decode -> detect -> landmarks -> align ->
//! embed -> SQLite -> cluster -> people -> search.

pub mod cluster;
pub mod error;
pub mod face;
pub mod geometry;
pub mod runtime;

pub use error::{Error, Result};
