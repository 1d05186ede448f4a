//! Plain geometric value types shared by detection, landmarks and alignment.

use serde::{Deserialize, Serialize};

/// A point in image pixel coordinates (x right, y down), sub-pixel.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Point {
    pub x: f32,
    pub y: f32,
}

impl Point {
    pub fn new(x: f32, y: f32) -> Self {
        Point { x, y }
    }
}

/// An axis-aligned box in image pixels: `left <= x < right`, `top <= y < bottom`.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Rect {
    pub left: f32,
    pub top: f32,
    pub right: f32,
    pub bottom: f32,
}

impl Rect {
    pub fn new(left: f32, top: f32, right: f32, bottom: f32) -> Self {
        Rect { left, top, right, bottom }
    }
    pub fn width(&self) -> f32 {
        self.right - self.left
    }
    pub fn height(&self) -> f32 {
        self.bottom - self.top
    }
    pub fn area(&self) -> f32 {
        self.width().max(0.0) * self.height().max(0.0)
    }
    pub fn center(&self) -> Point {
        Point::new((self.left + self.right) / 2.0, (self.top + self.bottom) / 2.0)
    }
    /// Area of the intersection with `other` (0 when they do not overlap).
    pub fn intersection(&self, other: &Rect) -> f32 {
        let w = self.right.min(other.right) - self.left.max(other.left);
        let h = self.bottom.min(other.bottom) - self.top.max(other.top);
        if w <= 0.0 || h <= 0.0 { 0.0 } else { w * h }
    }
    /// Intersection over union.
    pub fn iou(&self, other: &Rect) -> f32 {
        let i = self.intersection(other);
        let u = self.area() + other.area() - i;
        if u <= 0.0 { 0.0 } else { i / u }
    }
    /// Scales every coordinate by `s` (e.g. from analysed resolution back to the photo).
    pub fn scaled(&self, s: f32) -> Rect {
        Rect::new(self.left * s, self.top * s, self.right * s, self.bottom * s)
    }
}

/// Five facial landmarks.
pub type Landmarks5 = [Point; 5];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iou_of_identical_and_disjoint_boxes() {
        let a = Rect::new(0.0, 0.0, 10.0, 10.0);
        assert!((a.iou(&a) - 1.0).abs() < 1e-6);
        let b = Rect::new(20.0, 20.0, 30.0, 30.0);
        assert_eq!(a.iou(&b), 0.0);
        let c = Rect::new(5.0, 0.0, 15.0, 10.0);
        assert!((a.iou(&c) - 50.0 / 150.0).abs() < 1e-6);
    }
}
