//! What an uploaded file really is, judged by its bytes: type, soundness, size in pixels, active content in PDFs, and the photo's location removed.

use super::reasons;

/// An image may hold at most this many pixels (a 48-megapixel phone photo
/// passes). A 30,000 × 30,000 PNG is a few kilobytes on the wire and
/// gigabytes in the memory of whoever opens it.
pub const MAX_PIXELS: u64 = 50_000_000;
/// And no side longer than this.
pub const MAX_SIDE: usize = 20_000;

/// What the bytes really are, checked in depth: an image's header must
/// parse, fit the pixel limit and end where the format says; a PDF must
/// load and carry no active content. The name and the claimed type are
/// not trusted.
pub fn sniff(bytes: &[u8]) -> Result<&'static str, &'static str> {
    judge(bytes).map(|(media_type, _)| media_type)
}

/// [`sniff`], and how many of the bytes are the file: all of them, but for
/// a JPEG with bytes after its end (a motion photo's video), which are not
/// kept. One walk of the JPEG serves both.
pub fn judge(bytes: &[u8]) -> Result<(&'static str, usize), &'static str> {
    let all = |m: &'static str| (m, bytes.len());
    let kind = infer::get(bytes).map(|t| t.mime_type());
    let image = |mime: &'static str, ends: bool| match imagesize::blob_size(bytes) {
        Ok(size) if ends => {
            if size.width > MAX_SIDE
                || size.height > MAX_SIDE
                || size.width as u64 * size.height as u64 > MAX_PIXELS
            {
                Err(reasons::TOO_MANY_PIXELS)
            } else {
                Ok(mime)
            }
        }
        _ => Err(reasons::MALFORMED),
    };
    match kind {
        Some("image/jpeg") => match jpeg_end(bytes) {
            Some(end) => image("image/jpeg", true).map(|m| (m, end)),
            None => Err(reasons::MALFORMED),
        },
        Some("image/png") => image(
            "image/png",
            bytes.len() >= 12 && &bytes[bytes.len() - 8..bytes.len() - 4] == b"IEND",
        )
        .map(all),
        Some("application/pdf") => match lopdf::Document::load_mem(bytes) {
            Ok(doc) if !doc.get_pages().is_empty() => {
                if has_active_content(&doc) {
                    Err(reasons::ACTIVE_CONTENT)
                } else {
                    Ok(all("application/pdf"))
                }
            }
            _ => Err(reasons::MALFORMED),
        },
        _ => Err(reasons::NOT_ACCEPTED),
    }
}

/// Where a JPEG's image ends: just after the end-of-image marker that
/// closes its last scan, found by walking its segments (a thumbnail inside
/// EXIF has its own markers and is skipped whole). `None` when the image is
/// cut short. Bytes may follow: phones append the video of a "motion
/// photo" there, and the photo is still sound.
pub fn jpeg_end(jpeg: &[u8]) -> Option<usize> {
    if !jpeg.starts_with(&[0xFF, 0xD8]) {
        return None;
    }
    let mut at = 2;
    loop {
        if *jpeg.get(at)? != 0xFF {
            return None;
        }
        // Fill bytes may come before a marker.
        while *jpeg.get(at + 1)? == 0xFF {
            at += 1;
        }
        let marker = jpeg[at + 1];
        match marker {
            0xD9 => return Some(at + 2),
            0x01 | 0xD0..=0xD7 => at += 2,
            _ => {
                let len = usize::from(u16::from_be_bytes([*jpeg.get(at + 2)?, *jpeg.get(at + 3)?]));
                if len < 2 {
                    return None;
                }
                at += 2 + len;
                if marker == 0xDA {
                    // The compressed scan: a 0xFF in it is followed by a
                    // stuffed 0x00 or a restart marker; anything else is the
                    // next marker.
                    loop {
                        if *jpeg.get(at)? == 0xFF {
                            match *jpeg.get(at + 1)? {
                                0x00 | 0xD0..=0xD7 => at += 2,
                                0xFF => at += 1,
                                _ => break,
                            }
                        } else {
                            at += 1;
                        }
                    }
                }
            }
        }
    }
}

/// Whether a PDF would run something when an officer opens it: JavaScript
/// (`/JS`, `/JavaScript`, also as a name tree), a program to launch
/// (`/Launch`), data to import or forms to submit, rich media, or embedded
/// files. A plain `/OpenAction` that goes to a page is fine.
pub fn has_active_content(doc: &lopdf::Document) -> bool {
    const KEYS: [&[u8]; 5] = [
        b"JS",
        b"JavaScript",
        b"EmbeddedFiles",
        b"EmbeddedFile",
        b"RichMedia",
    ];
    const ACTIONS: [&[u8]; 6] = [
        b"JavaScript",
        b"Launch",
        b"ImportData",
        b"SubmitForm",
        b"RichMediaExecute",
        b"GoToE",
    ];
    let risky = |d: &lopdf::Dictionary| {
        d.iter().any(|(k, _)| KEYS.contains(&k.as_slice()))
            || d.get(b"S")
                .and_then(|s| s.as_name())
                .is_ok_and(|s| ACTIONS.contains(&s))
            || d.get(b"Type")
                .and_then(|s| s.as_name())
                .is_ok_and(|s| s == b"EmbeddedFile" || (s == b"Filespec" && d.has(b"EF")))
    };
    doc.objects.values().any(|o| match o {
        lopdf::Object::Dictionary(d) => risky(d) || nested(d, &risky),
        lopdf::Object::Stream(s) => risky(&s.dict) || nested(&s.dict, &risky),
        _ => false,
    })
}

/// Dictionaries written inline inside another (`/OpenAction << /S /JavaScript … >>`).
fn nested(d: &lopdf::Dictionary, risky: &dyn Fn(&lopdf::Dictionary) -> bool) -> bool {
    d.iter().any(|(_, v)| match v {
        lopdf::Object::Dictionary(inner) => risky(inner) || nested(inner, risky),
        lopdf::Object::Array(items) => items.iter().any(|i| match i {
            lopdf::Object::Dictionary(inner) => risky(inner) || nested(inner, risky),
            _ => false,
        }),
        _ => false,
    })
}

/// A JPEG without where it was taken: the EXIF GPS directory is emptied
/// (its entries and the values they point to are zeroed) and XMP packets
/// that mention GPS are dropped. Orientation and the rest of EXIF stay, so
/// the photo still shows the right way up. `None` when there was nothing
/// to remove (or the file is not a JPEG), so the bytes are kept as sent.
pub fn strip_location(jpeg: &[u8]) -> Option<Vec<u8>> {
    if !jpeg.starts_with(&[0xFF, 0xD8]) {
        return None;
    }
    let mut out = Vec::with_capacity(jpeg.len());
    out.extend_from_slice(&jpeg[..2]);
    let mut at = 2;
    let mut changed = false;
    while at + 4 <= jpeg.len() {
        if jpeg[at] != 0xFF {
            return None;
        }
        let marker = jpeg[at + 1];
        // Start of scan: the compressed image follows to the end.
        if marker == 0xDA {
            break;
        }
        let len = usize::from(u16::from_be_bytes([jpeg[at + 2], jpeg[at + 3]]));
        let end = at + 2 + len;
        if len < 2 || end > jpeg.len() {
            return None;
        }
        let payload = &jpeg[at + 4..end];
        if marker == 0xE1 && payload.starts_with(b"Exif\0\0") {
            let mut seg = jpeg[at..end].to_vec();
            if empty_gps_ifd(&mut seg[4 + 6..]) {
                changed = true;
            }
            out.extend_from_slice(&seg);
        } else if marker == 0xE1
            && payload.starts_with(b"http://ns.adobe.com/xap/1.0/\0")
            && payload.windows(3).any(|w| w == b"GPS")
        {
            changed = true;
        } else {
            out.extend_from_slice(&jpeg[at..end]);
        }
        at = end;
    }
    if !changed {
        return None;
    }
    out.extend_from_slice(&jpeg[at..]);
    Some(out)
}

/// Zeroes the GPS IFD of a TIFF block (EXIF without its `Exif\0\0`).
/// Returns whether there was one.
fn empty_gps_ifd(tiff: &mut [u8]) -> bool {
    let le = match tiff.get(..2) {
        Some(b"II") => true,
        Some(b"MM") => false,
        _ => return false,
    };
    let u16_at = |t: &[u8], i: usize| -> Option<usize> {
        let b = t.get(i..i + 2)?;
        Some(usize::from(if le {
            u16::from_le_bytes([b[0], b[1]])
        } else {
            u16::from_be_bytes([b[0], b[1]])
        }))
    };
    let u32_at = |t: &[u8], i: usize| -> Option<usize> {
        let b: [u8; 4] = t.get(i..i + 4)?.try_into().ok()?;
        Some(
            (if le {
                u32::from_le_bytes(b)
            } else {
                u32::from_be_bytes(b)
            }) as usize,
        )
    };
    let Some(ifd0) = u32_at(tiff, 4) else {
        return false;
    };
    let Some(count) = u16_at(tiff, ifd0) else {
        return false;
    };
    let gps = (0..count).find_map(|i| {
        let e = ifd0 + 2 + i * 12;
        (u16_at(tiff, e)? == 0x8825)
            .then(|| u32_at(tiff, e + 8))
            .flatten()
    });
    let Some(gps) = gps else { return false };
    let Some(n) = u16_at(tiff, gps) else {
        return false;
    };
    for i in 0..n {
        let e = gps + 2 + i * 12;
        let (Some(kind), Some(items)) = (u16_at(tiff, e + 2), u32_at(tiff, e + 4)) else {
            break;
        };
        let unit = match kind {
            1 | 2 | 6 | 7 => 1,
            3 | 8 => 2,
            4 | 9 | 11 => 4,
            5 | 10 | 12 => 8,
            _ => 0,
        };
        let size = unit * items;
        // Values over four bytes live elsewhere in the block: zero them there.
        if size > 4 {
            if let Some(off) = u32_at(tiff, e + 8) {
                if let Some(v) = tiff.get_mut(off..off.saturating_add(size)) {
                    v.fill(0);
                }
            }
        }
    }
    let entries_end = (gps + 2 + n * 12 + 4).min(tiff.len());
    if let Some(entries) = tiff.get_mut(gps..entries_end) {
        entries.fill(0);
    }
    true
}

#[cfg(test)]
mod tests {
    use super::super::samples::{jpeg_with_gps, pdf_with, png_of};
    use super::*;

    fn fixture(name: &str) -> Vec<u8> {
        std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../end2end/fixtures")
                .join(name),
        )
        .unwrap()
    }

    #[test]
    fn a_photos_location_is_removed_and_the_photo_still_reads() {
        let with = jpeg_with_gps(&fixture("giay-chung-sinh.jpg"));
        assert!(with.windows(8).any(|w| w == [21, 0, 0, 0, 1, 0, 0, 0]));
        let without = strip_location(&with).expect("the location is removed");
        assert_eq!(without.len(), with.len(), "only zeroed, nothing shifted");
        assert!(!without.windows(8).any(|w| w == [21, 0, 0, 0, 1, 0, 0, 0]));
        // The GPS directory and its values (TIFF offsets 26..80) are zeros.
        let tiff = without.windows(6).position(|w| w == b"Exif\0\0").unwrap() + 6;
        assert!(without[tiff + 26..tiff + 80].iter().all(|b| *b == 0));
        assert_eq!(sniff(&without), Ok("image/jpeg"));
        assert_eq!(
            strip_location(&without),
            Some(without.clone()),
            "stays without"
        );
    }

    #[test]
    fn a_motion_photo_is_a_photo_and_a_cut_one_is_not() {
        let photo = fixture("giay-chung-sinh.jpg");
        assert_eq!(jpeg_end(&photo), Some(photo.len()));
        // A phone's motion photo: a video after the end-of-image marker.
        let mut motion = photo.clone();
        motion.extend_from_slice(b"\0\0\0\x18ftypmp42\0\0\0\0mp42isom");
        motion.extend(std::iter::repeat_n(0xFFu8, 40).chain([0xD9, 1, 2, 3]));
        assert_eq!(jpeg_end(&motion), Some(photo.len()));
        assert_eq!(sniff(&motion), Ok("image/jpeg"));
        // Cut anywhere inside the image: damaged.
        for cut in [photo.len() - 2, photo.len() / 2, 40] {
            assert_eq!(
                sniff(&photo[..cut]),
                Err(reasons::MALFORMED),
                "cut at {cut}"
            );
        }
    }

    #[test]
    fn a_photo_without_location_is_kept_as_sent() {
        assert_eq!(strip_location(&fixture("giay-chung-sinh.jpg")), None);
        assert_eq!(strip_location(b"not a jpeg"), None);
    }

    #[test]
    fn a_decompression_bomb_is_refused_by_its_pixels() {
        assert_eq!(
            sniff(&png_of(30_000, 30_000)),
            Err(reasons::TOO_MANY_PIXELS)
        );
        assert_eq!(sniff(&png_of(25_000, 10)), Err(reasons::TOO_MANY_PIXELS));
        assert_eq!(sniff(&png_of(8_000, 6_000)), Ok("image/png"));
    }

    #[test]
    fn a_pdf_that_would_run_something_is_refused() {
        assert_eq!(sniff(&pdf_with("")), Ok("application/pdf"));
        assert_eq!(
            sniff(&pdf_with("/OpenAction [3 0 R /Fit]")),
            Ok("application/pdf")
        );
        for bad in [
            "/OpenAction << /S /JavaScript /JS (app.alert(1)) >>",
            "/OpenAction << /S /Launch /F (cmd.exe) >>",
            "/Names << /JavaScript << /Names [] >> >>",
            "/Names << /EmbeddedFiles << /Names [] >> >>",
            "/AA << /O << /S /JavaScript /JS (x) >> >>",
        ] {
            assert_eq!(sniff(&pdf_with(bad)), Err(reasons::ACTIVE_CONTENT), "{bad}");
        }
    }
}
