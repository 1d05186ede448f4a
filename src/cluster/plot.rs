//! The elbow plot as a small hand-written SVG (k on x, cost on y, the knee marked):
//! a line chart needs no plotting crate.

use std::fmt::Write as _;
use std::path::Path;

use super::elbow::Elbow;
use crate::error::{Error, Result};

const W: f32 = 640.0;
const H: f32 = 400.0;
const LEFT: f32 = 70.0;
const RIGHT: f32 = 20.0;
const TOP: f32 = 30.0;
const BOTTOM: f32 = 50.0;

/// SVG text of the elbow plot.
pub fn elbow_svg(e: &Elbow) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" font-family="sans-serif" font-size="12">"#
    );
    s.push_str(r#"<rect width="100%" height="100%" fill="white"/>"#);
    let _ = write!(
        s,
        r#"<text x="{}" y="18" text-anchor="middle" font-size="14">k-means cost (inertia) by k</text>"#,
        W / 2.0
    );
    if e.points.is_empty() {
        s.push_str("</svg>\n");
        return s;
    }
    let kmin = e.points.first().map(|p| p.k).unwrap_or(1) as f32;
    let kmax = e.points.last().map(|p| p.k).unwrap_or(1) as f32;
    let ymax = e.points.iter().map(|p| p.inertia).fold(f32::MIN, f32::max);
    let ymin = 0.0f32.min(e.points.iter().map(|p| p.inertia).fold(f32::MAX, f32::min));
    let span_k = (kmax - kmin).max(1.0);
    let span_y = (ymax - ymin).max(f32::EPSILON);
    let px = |k: f32| LEFT + (k - kmin) / span_k * (W - LEFT - RIGHT);
    let py = |y: f32| H - BOTTOM - (y - ymin) / span_y * (H - TOP - BOTTOM);
    // axes
    let _ = write!(
        s,
        r#"<path d="M{LEFT} {TOP} V{} H{}" stroke="black" fill="none"/>"#,
        H - BOTTOM,
        W - RIGHT
    );
    let _ = write!(
        s,
        r#"<text x="{}" y="{}" text-anchor="middle">k</text>"#,
        W / 2.0,
        H - 12.0
    );
    let _ = write!(
        s,
        r#"<text x="16" y="{}" transform="rotate(-90 16 {})" text-anchor="middle">cost</text>"#,
        H / 2.0,
        H / 2.0
    );
    // ticks: every k up to 20 points, otherwise about ten
    let step = ((e.points.len() as f32 / 10.0).ceil() as usize).max(1);
    for p in e.points.iter().step_by(step) {
        let x = px(p.k as f32);
        let _ = write!(
            s,
            r#"<text x="{x:.1}" y="{}" text-anchor="middle">{}</text>"#,
            H - BOTTOM + 16.0,
            p.k
        );
    }
    for i in 0..=4 {
        let y = ymin + span_y * i as f32 / 4.0;
        let _ = write!(
            s,
            r#"<text x="{}" y="{:.1}" text-anchor="end">{:.3}</text>"#,
            LEFT - 6.0,
            py(y) + 4.0,
            y
        );
    }
    // curve and points
    let path: Vec<String> = e
        .points
        .iter()
        .map(|p| format!("{:.1},{:.1}", px(p.k as f32), py(p.inertia)))
        .collect();
    let _ = write!(
        s,
        r##"<polyline points="{}" fill="none" stroke="#1f77b4" stroke-width="2"/>"##,
        path.join(" ")
    );
    for p in &e.points {
        let _ = write!(
            s,
            r##"<circle cx="{:.1}" cy="{:.1}" r="3" fill="#1f77b4"/>"##,
            px(p.k as f32),
            py(p.inertia)
        );
    }
    if let Some(k) = e.knee {
        if let Some(p) = e.points.iter().find(|p| p.k == k) {
            let (x, y) = (px(k as f32), py(p.inertia));
            let _ = write!(
                s,
                r##"<circle cx="{x:.1}" cy="{y:.1}" r="7" fill="none" stroke="#d62728" stroke-width="2"/>"##
            );
            let _ = write!(
                s,
                r##"<text x="{:.1}" y="{:.1}" fill="#d62728">knee k={k}</text>"##,
                x + 10.0,
                y - 10.0
            );
        }
    }
    s.push_str("</svg>\n");
    s
}

/// Write the elbow plot to `path`.
pub fn write_elbow_svg(e: &Elbow, path: &Path) -> Result<()> {
    std::fs::write(path, elbow_svg(e)).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cluster::elbow::ElbowPoint;

    #[test]
    fn svg_has_points_and_knee() {
        let e = Elbow {
            points: (1..=5)
                .map(|k| ElbowPoint {
                    k,
                    inertia: 10.0 / k as f32,
                })
                .collect(),
            knee: Some(2),
        };
        let s = elbow_svg(&e);
        assert!(s.starts_with("<svg") && s.ends_with("</svg>\n"));
        assert_eq!(s.matches("<circle").count(), 6);
        assert!(s.contains("knee k=2"));
        assert!(!s.contains("NaN"));
    }
}
