//! Where detection time goes: the pyramid (resizing and tensor layout), the three
//! networks, and how many candidates each stage saw. Summed over the photos a
//! detector has processed; `kindred bench faces` prints them.
//!
//! Times are CPU time of the detecting thread (wall time where the platform has no
//! thread clock), so they hold on a busy machine; ONNX Runtime's own intra-op threads
//! (when a detector has more than one) are not counted.

use std::time::Duration;

#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct DetectStats {
    /// Photos detected on.
    pub photos: usize,
    /// Bounding the photo to `max_side` (and padding small ones).
    pub prepare: Duration,
    /// Resizing the pyramid levels and laying them out for P-net.
    pub pyramid: Duration,
    /// P-net runs and reading their heat maps (with the per-level NMS).
    pub pnet: Duration,
    /// R-net: cropping, runs and NMS.
    pub rnet: Duration,
    /// O-net: cropping, runs and NMS.
    pub onet: Duration,
    /// Pyramid pixels P-net scanned.
    pub pnet_pixels: u64,
    /// Candidates sent to R-net and to O-net.
    pub rnet_crops: usize,
    pub onet_crops: usize,
}

impl DetectStats {
    pub fn add(&mut self, o: &DetectStats) {
        self.photos += o.photos;
        self.prepare += o.prepare;
        self.pyramid += o.pyramid;
        self.pnet += o.pnet;
        self.rnet += o.rnet;
        self.onet += o.onet;
        self.pnet_pixels += o.pnet_pixels;
        self.rnet_crops += o.rnet_crops;
        self.onet_crops += o.onet_crops;
    }
}
