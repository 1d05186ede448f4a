//! Refusing truncated PNG, WebP, GIF and BMP files before decoding (JPEG has its own
//! walk in `jpeg_integrity`).
//!
//! Decoders differ in what they do with a file that stops early: some fail, some paint
//! the missing part (a cut WebP decodes when only its last bytes are gone, a BMP reads
//! missing rows as black, a PNG missing its end chunk decodes whole). A half-copied file
//! analysed as if it were whole would be stored and fingerprinted and never retried, so
//! Kindred checks each format's own structure reaches its end:
//! - PNG: the chunks, each length-prefixed, up to and including `IEND`;
//! - WebP: the RIFF size in the header, and every chunk within it;
//! - GIF: the blocks up to the end of the first frame's image data. Kindred reads only
//!   the first frame, so later frames and the trailer may be missing (that is the one
//!   tolerance, said in the README);
//! - BMP (uncompressed and bit-field pixels): the pixel rows the header announces. RLE
//!   BMPs are left to the decoder, which refuses a run that stops early.
//!
//! Bytes after the end (data appended by some tools) are not looked at.

use super::format::PhotoFormat;

const TRUNCATED: &str = "truncated: the file ends before the end of the image";

/// `Err(reason)` when `bytes`, already recognised as `format`, stop before the end of
/// the image.
pub fn check_complete(bytes: &[u8], format: PhotoFormat) -> Result<(), &'static str> {
    match format {
        PhotoFormat::Png => png(bytes),
        PhotoFormat::WebP => webp(bytes),
        PhotoFormat::Gif => gif(bytes),
        PhotoFormat::Bmp => bmp(bytes),
        _ => Ok(()),
    }
}

fn u32_be(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn u32_le(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn u16_le(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

/// Signature, then chunks of (length, type, data, CRC) up to `IEND`.
fn png(b: &[u8]) -> Result<(), &'static str> {
    let mut pos = 8usize;
    loop {
        let len = u32_be(b, pos).ok_or(TRUNCATED)? as usize;
        let kind = b.get(pos + 4..pos + 8).ok_or(TRUNCATED)?;
        let end = pos
            .checked_add(12)
            .and_then(|p| p.checked_add(len))
            .ok_or("corrupt PNG chunk length")?;
        if end > b.len() {
            return Err(TRUNCATED);
        }
        if kind == b"IEND" {
            return Ok(());
        }
        pos = end;
    }
}

/// `RIFF`, size, `WEBP`, then chunks of (FourCC, size, data, pad to even) filling the
/// size exactly.
fn webp(b: &[u8]) -> Result<(), &'static str> {
    let riff = u32_le(b, 4).ok_or(TRUNCATED)? as usize;
    let end = riff.checked_add(8).ok_or("corrupt WebP size")?;
    if b.len() < end {
        return Err(TRUNCATED);
    }
    let mut pos = 12usize;
    let mut chunks = 0;
    while pos < end {
        let size = u32_le(b, pos + 4).ok_or(TRUNCATED)? as usize;
        let data_end = (pos + 8).checked_add(size).ok_or("corrupt WebP chunk size")?;
        if data_end > end {
            return Err(TRUNCATED);
        }
        chunks += 1;
        // Chunks are padded to an even size.
        pos = data_end + (size & 1);
    }
    if chunks == 0 {
        return Err("WebP file without image data");
    }
    Ok(())
}

/// Skips GIF data sub-blocks (size byte, data) up to the zero-size terminator; returns
/// the position after it.
fn skip_sub_blocks(b: &[u8], mut pos: usize) -> Result<usize, &'static str> {
    loop {
        let n = usize::from(*b.get(pos).ok_or(TRUNCATED)?);
        pos += 1;
        if n == 0 {
            return Ok(pos);
        }
        pos += n;
        if pos > b.len() {
            return Err(TRUNCATED);
        }
    }
}

fn colour_table_len(flags: u8) -> usize {
    if flags & 0x80 != 0 {
        3 << ((flags & 7) + 1)
    } else {
        0
    }
}

/// Header, logical screen, global colour table, then extensions up to the first image
/// (descriptor, local colour table, LZW data) and the end of its data.
fn gif(b: &[u8]) -> Result<(), &'static str> {
    let flags = *b.get(10).ok_or(TRUNCATED)?;
    let mut pos = 13 + colour_table_len(flags);
    loop {
        match *b.get(pos).ok_or(TRUNCATED)? {
            // Extension: introducer, label, sub-blocks.
            0x21 => pos = skip_sub_blocks(b, pos + 2)?,
            // Image descriptor: 9 bytes after the separator, the last being its flags.
            0x2C => {
                let flags = *b.get(pos + 9).ok_or(TRUNCATED)?;
                // Then the local colour table and the LZW minimum code size.
                pos += 10 + colour_table_len(flags) + 1;
                skip_sub_blocks(b, pos)?;
                return Ok(());
            }
            0x3B => return Err("GIF without an image"),
            _ => return Err("corrupt GIF block"),
        }
    }
}

/// File header (pixel data offset at 10), then the DIB header: the rows of an
/// uncompressed or bit-field BMP must all be there.
fn bmp(b: &[u8]) -> Result<(), &'static str> {
    let offset = u32_le(b, 10).ok_or(TRUNCATED)? as u64;
    let dib = u32_le(b, 14).ok_or(TRUNCATED)?;
    let (width, height, bpp, compression) = if dib == 12 {
        // OS/2 BITMAPCOREHEADER: 16-bit sizes, never compressed.
        let w = u16_le(b, 18).ok_or(TRUNCATED)?;
        let h = u16_le(b, 20).ok_or(TRUNCATED)?;
        let bpp = u16_le(b, 24).ok_or(TRUNCATED)?;
        (u64::from(w), u64::from(h), u64::from(bpp), 0)
    } else {
        let w = u32_le(b, 18).ok_or(TRUNCATED)? as i32;
        let h = u32_le(b, 22).ok_or(TRUNCATED)? as i32;
        let bpp = u16_le(b, 28).ok_or(TRUNCATED)?;
        let compression = u32_le(b, 30).ok_or(TRUNCATED)?;
        (
            u64::from(w.unsigned_abs()),
            u64::from(h.unsigned_abs()),
            u64::from(bpp),
            compression,
        )
    };
    // BI_RGB, BI_BITFIELDS, BI_ALPHABITFIELDS: fixed-size rows padded to 4 bytes.
    if matches!(compression, 0 | 3 | 6) {
        let stride = (width * bpp).div_ceil(32) * 4;
        let end = stride
            .checked_mul(height)
            .and_then(|n| n.checked_add(offset))
            .ok_or("corrupt BMP size")?;
        if (b.len() as u64) < end {
            return Err(TRUNCATED);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn webp_size_and_chunks() {
        // RIFF size 14: "WEBP", then one chunk of 8 + 2 bytes.
        let mut ok = b"RIFF\x0e\0\0\0WEBPVP8 \x02\0\0\0ab".to_vec();
        assert_eq!(webp(&ok), Ok(()));
        assert_eq!(webp(&ok[..ok.len() - 1]), Err(TRUNCATED));
        // A size beyond the file.
        ok[4] = 0x40;
        assert_eq!(webp(&ok), Err(TRUNCATED));
        // No chunk at all.
        assert!(webp(b"RIFF\x04\0\0\0WEBP").is_err());
    }

    #[test]
    fn gif_without_a_frame_is_refused() {
        let mut g = b"GIF89a\x01\0\x01\0\0\0\0".to_vec();
        assert_eq!(gif(&g), Err(TRUNCATED));
        g.push(0x3B);
        assert!(gif(&g).is_err());
    }
}
