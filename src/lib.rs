//! Kindred core: everything that finds and groups the people in a photo library,
//! with no knowledge of any user interface. The CLI (`src/bin/kindred.rs`) and the
//! Tauri shell (`src-tauri/`) are thin layers over this crate.
//!
//! Data flows one way: folder -> scan -> decode -> detect -> landmarks -> align ->
//! embed -> SQLite -> cluster -> people -> search.

pub mod align;
pub mod allocator;
pub mod area_resize;
pub mod bench;
pub mod bench_peer;
pub mod cluster;
pub mod cpu_time;
pub mod crop;
pub mod detect;
pub mod embed;
pub mod error;
pub mod face;
pub mod face_quality;
pub mod geometry;
pub mod insight;
pub mod library;
pub mod memory;
pub mod parallel_photos;
pub mod people;
pub mod photo;
pub mod pipeline;
pub mod runtime;
pub mod scan;
pub mod search;
pub mod shape_predictor;
pub mod store;
pub mod turned_photos;

pub use error::{Error, Result};
