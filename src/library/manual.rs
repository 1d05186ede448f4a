//! Faces the user draws by hand: a face the detector missed gets a box in the photo
//! viewer, and from it a descriptor, a crop and a row of its own, so it takes part in
//! clustering, suggestions and search like any detected face.

use crate::error::{Error, Result};
use crate::geometry::Rect;
use crate::people::{self, ActionResult, DrawnFace};
use crate::photo::{load_photo_in_frame, DecodeOptions};
use crate::pipeline::FacePipeline;
use crate::store::{FaceId, PhotoId, Store};

/// Smallest side of a drawn box, in photo pixels (the UI asks for the same).
pub const MIN_SIDE: f32 = 12.0;

/// Largest overlap (intersection over union) a drawn box may have with a face the
/// photo already has: more is the same face drawn again.
pub const MAX_OVERLAP: f32 = 0.5;

/// Draws a face on scanned photo `photo`: `rect` is in pixels of the upright photo (as
/// the viewer shows it and as stored boxes are). The photo is read again from its file
/// (which must still hold the scanned content), the face is described
/// ([`FacePipeline::describe_drawn`]) and stored as one undoable action, confirmed as
/// `name` when one is given.
pub fn draw_face(
    store: &mut Store,
    pipeline: &mut FacePipeline,
    photo: PhotoId,
    rect: Rect,
    name: Option<&str>,
) -> Result<(FaceId, ActionResult)> {
    if ![rect.left, rect.top, rect.right, rect.bottom].iter().all(|v| v.is_finite()) {
        return Err(Error::Invalid("the box has a coordinate that is not a number".into()));
    }
    let options = DecodeOptions::default();
    let (file, bytes) = store.read_scanned_photo(photo, options.max_file_bytes)?;
    // Boxes of a photo found turned are in the turned frame (as the viewer shows it).
    let turn = store.photo_turn(photo)?.unwrap_or_default();
    let upright = load_photo_in_frame(&bytes, &file.path, &options, turn)?;
    let (w, h) = (upright.image.width() as f32, upright.image.height() as f32);
    let rect = Rect::new(rect.left.max(0.0), rect.top.max(0.0), rect.right.min(w), rect.bottom.min(h));
    if rect.width() < MIN_SIDE || rect.height() < MIN_SIDE {
        return Err(Error::Invalid(format!(
            "a face box needs at least {MIN_SIDE} pixels each way inside the photo"
        )));
    }
    let existing = store.faces_of_photo(photo)?;
    let taken = |b: &Rect| -> Result<()> {
        match existing.iter().find(|o| o.face.bbox.iou(b) > MAX_OVERLAP) {
            Some(o) => Err(Error::Invalid(format!("face {} is already there", o.id.0))),
            None => Ok(()),
        }
    };
    taken(&rect)?;
    let found = pipeline.describe_drawn(&upright.image, rect)?;
    // The detector may have found, inside a loose box, a face the photo already has.
    taken(&found.face.bbox)?;
    let crop = crate::crop::face_crop_jpeg(&upright.image, &found.face.bbox);
    people::add_face(store, DrawnFace { photo, face: &found.face, crop_jpeg: &crop }, name)
}
