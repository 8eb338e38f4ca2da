//! Vietnamese text folding for search: tones, đ/Đ and the i/y spelling variants.
//!
//! People type on phones without Vietnamese keyboards, so "dang ky ket hon"
//! must find "Đăng ký kết hôn". Both the indexed text and the query go
//! through [`fold`], which makes the comparison symmetric: whatever the rule
//! does to a word, it does on both sides.

use unicode_normalization::UnicodeNormalization;

/// Folds text to lowercase ASCII words separated by single spaces.
///
/// - Decomposes (NFD) so input typed as combining marks folds the same as
///   precomposed letters, then drops the marks (tones and the breve, hat and horn).
/// - `đ`/`Đ` become `d` (they do not decompose in Unicode).
/// - Any other character that is not a letter or digit becomes a word break.
/// - The i/y variant rule of [`fold_word`] is applied to each word.
pub fn fold(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if !word.is_empty() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&fold_word(word));
            word.clear();
        }
    };
    for c in input.nfd() {
        match c {
            '\u{0300}'..='\u{036f}' => {}
            'đ' | 'Đ' => word.push('d'),
            c if c.is_alphanumeric() => word.extend(c.to_lowercase()),
            _ => flush(&mut word, &mut out),
        }
    }
    flush(&mut word, &mut out);
    out
}

/// The words of [`fold`]ed text.
pub fn tokens(input: &str) -> Vec<String> {
    fold(input)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Spelling variants: `kí`/`ký`, `lí`/`lý`, `mĩ`/`mỹ`, `quí`/`quý` are the
/// same word. A final `y` that is the only vowel of the syllable (after an
/// initial consonant cluster, or after `qu`, where the `u` belongs to the
/// consonant) is written `i`. Words like `tuy`, `ngay`, `huy` keep their
/// `y` because it closes a diphthong there.
pub fn fold_word(word: &str) -> String {
    let Some(stem) = word.strip_suffix('y') else {
        return word.to_owned();
    };
    let onset = stem.strip_prefix("qu").unwrap_or(stem);
    let is_vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
    if onset
        .chars()
        .all(|c| c.is_ascii_alphabetic() && !is_vowel(c))
    {
        format!("{stem}i")
    } else {
        word.to_owned()
    }
}

/// A URL-safe slug: folded words joined by `-` ("Hộ tịch" -> "ho-tich").
pub fn slug(input: &str) -> String {
    fold(input).replace(' ', "-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_tones_and_d_bar() {
        assert_eq!(fold("Đăng ký kết hôn"), "dang ki ket hon");
        assert_eq!(fold("ĐĂNG KÝ THƯỜNG TRÚ"), "dang ki thuong tru");
        assert_eq!(
            fold("Giấy chứng nhận quyền sử dụng đất"),
            "giay chung nhan quyen su dung dat"
        );
    }

    #[test]
    fn decomposed_input_folds_like_precomposed() {
        let nfd: String = "Đăng ký khai sinh".nfd().collect();
        assert_ne!(nfd, "Đăng ký khai sinh");
        assert_eq!(fold(&nfd), fold("Đăng ký khai sinh"));
    }

    #[test]
    fn i_and_y_variants_meet() {
        for (a, b) in [
            ("kí", "ký"),
            ("lí lịch", "lý lịch"),
            ("quí", "quý"),
            ("mĩ thuật", "mỹ thuật"),
            ("sĩ", "sỹ"),
        ] {
            assert_eq!(fold(a), fold(b), "{a} vs {b}");
        }
    }

    #[test]
    fn y_in_a_diphthong_is_kept() {
        assert_eq!(fold("tuy"), "tuy");
        assert_eq!(fold("ngày"), "ngay");
        assert_eq!(fold("huỷ"), "huy");
        assert_ne!(fold("tuy"), fold("tui"));
    }

    #[test]
    fn punctuation_breaks_words_and_spaces_collapse() {
        assert_eq!(fold("  hộ  tịch,(cấp xã)/ 2025 "), "ho tich cap xa 2025");
        assert_eq!(tokens("sổ-đỏ"), vec!["so", "do"]);
        assert_eq!(fold(""), "");
    }

    #[test]
    fn slugs_are_ascii_and_hyphenated() {
        assert_eq!(slug("Hộ tịch"), "ho-tich");
        assert_eq!(slug("Đất đai"), "dat-dai");
    }
}
