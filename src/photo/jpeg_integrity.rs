//! Detecting a truncated JPEG before decoding it.
//!
//! The JPEG decoder the `image` crate uses (zune-jpeg, in its lenient mode) paints the
//! missing part of a cut-off file grey and reports success, which matches what browsers
//! show but is wrong for Kindred: a half-grey photo would be analysed, stored and
//! fingerprinted as if it were whole, and never retried once the copy finishes. Kindred
//! therefore treats a truncated JPEG as an error. The strict decoder mode is not the
//! answer either, because it also rejects harmless quirks that real cameras produce.
//!
//! The check walks the marker structure from SOI to EOI, skipping segment payloads by
//! their length and entropy-coded data by its byte stuffing (inside scan data 0xFF is
//! always followed by 0x00 or a restart marker, so the first other marker ends the scan).
//! Data after EOI (phone "motion photos" append a video there) is ignored.

/// `Err(reason)` when the JPEG in `bytes` ends before its end-of-image marker.
pub fn check_complete(bytes: &[u8]) -> Result<(), &'static str> {
    const TRUNCATED: &str = "truncated: the file ends before the JPEG end-of-image marker";
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return Err("missing JPEG start-of-image marker");
    }
    let mut pos = 2;
    loop {
        // Find the next marker. Lenient decoders skip stray bytes between segments, so
        // this does too rather than calling them corrupt.
        let ff = bytes[pos..]
            .iter()
            .position(|&b| b == 0xFF)
            .ok_or(TRUNCATED)?;
        pos += ff;
        // Any number of 0xFF fill bytes may precede the marker code.
        while bytes.get(pos) == Some(&0xFF) {
            pos += 1;
        }
        let marker = *bytes.get(pos).ok_or(TRUNCATED)?;
        pos += 1;
        match marker {
            0xD9 => return Ok(()),
            // Standalone markers without a length: TEM, RST0..7, a second SOI.
            0x01 | 0xD0..=0xD8 | 0x00 => continue,
            _ => {}
        }
        let len = bytes.get(pos..pos + 2).ok_or(TRUNCATED)?;
        let len = usize::from(u16::from_be_bytes([len[0], len[1]]));
        if len < 2 {
            return Err("corrupt JPEG segment length");
        }
        pos += len;
        if pos > bytes.len() {
            return Err(TRUNCATED);
        }
        if marker == 0xDA {
            pos = skip_entropy_coded(bytes, pos).ok_or(TRUNCATED)?;
        }
    }
}

/// Position of the first marker after the entropy-coded data starting at `pos`, or
/// `None` when the data runs to the end of the file.
fn skip_entropy_coded(bytes: &[u8], mut pos: usize) -> Option<usize> {
    loop {
        pos += bytes[pos..].iter().position(|&b| b == 0xFF)?;
        match *bytes.get(pos + 1)? {
            // Stuffed 0xFF data byte or a restart marker: still inside the scan.
            0x00 | 0xD0..=0xD7 => pos += 2,
            // Fill byte before a marker.
            0xFF => pos += 1,
            _ => return Some(pos),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// SOI, an APP0 segment, SOS with two bytes of scan data including a stuffed 0xFF
    /// and a restart marker, then EOI.
    const MINIMAL: &[u8] = &[
        0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0xAA, 0xBB, 0xFF, 0xDA, 0x00, 0x02, 0x12, 0xFF, 0x00,
        0x34, 0xFF, 0xD3, 0x56, 0xFF, 0xD9,
    ];

    #[test]
    fn complete_and_truncated() {
        assert_eq!(check_complete(MINIMAL), Ok(()));
        for cut in 2..MINIMAL.len() - 1 {
            assert!(check_complete(&MINIMAL[..cut]).is_err(), "cut at {cut}");
        }
        let mut trailing = MINIMAL.to_vec();
        trailing.extend_from_slice(b"ftypmp42 trailing video");
        assert_eq!(check_complete(&trailing), Ok(()));
    }

    #[test]
    fn eoi_inside_a_segment_is_not_the_end() {
        // An APP1 segment holding an embedded thumbnail's EOI (FF D9), then the file stops.
        let bytes = [0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x06, 0xFF, 0xD9, 0x00, 0x00];
        assert!(check_complete(&bytes).is_err());
    }
}
