//! What the face pipeline returns for one face.

use serde::{Deserialize, Serialize};

use crate::geometry::{Landmarks5, Rect};

/// Length of a face descriptor (dlib ResNet).
pub const DESCRIPTOR_LEN: usize = 128;

/// Identifier of the model that produced a descriptor; stored next to every descriptor
/// so that descriptors of different models are never compared. `flip`: the descriptor
/// is the mean of the chip's and its mirror image's ([`crate::embed::Embedder::describe`]).
/// Faces stored with another identifier are described again by the next scan
/// ([`crate::scan`]), in place, so their ids and every decision about them stay.
pub const MODEL_ID: &str = "dlib_resnet_v1_flip+mtcnn+sp5";

/// A 128-D face descriptor, comparable by euclidean distance (same person below ~0.6).
pub type Descriptor = [f32; DESCRIPTOR_LEN];

/// Euclidean distance between two descriptors.
pub fn distance(a: &Descriptor, b: &Descriptor) -> f32 {
    a.iter().zip(b.iter()).map(|(x, y)| (x - y) * (x - y)).sum::<f32>().sqrt()
}

/// One detected face in the upright photo, in pixels of the full-resolution photo.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Face {
    /// Box from the detector.
    pub bbox: Rect,
    /// dlib 5-point landmarks (eye corners and nose base) used for alignment.
    pub landmarks: Landmarks5,
    /// Detector confidence in [0, 1].
    pub score: f32,
    pub descriptor: Vec<f32>,
}
