//! The legal basis of a procedure, one document per line.
//!
//! The crawled catalogue prints its table of legal documents as one run of
//! text, each title glued to its number ("…Trung ương85/2019/TT-BTCNghị định
//! …"). A document number has a shape (`85/2019/TT-BTC`, `66.7/2025/NQ-CP`,
//! `60/2014/QH13`), and where one touches the text around it without a space
//! it ends a row of that table; numbers quoted inside a title have spaces.

/// One line per legal document, "number — title" (or the title alone when it
/// already names its number). Text that holds no such row comes back tidied.
pub fn one_per_line(text: &str) -> String {
    let c: Vec<char> = spaced(text).chars().collect();
    let mut lines = Vec::new();
    let (mut from, mut i, mut last_end) = (0, 0, usize::MAX);
    while i < c.len() {
        let Some(end) = number_at(&c, i, i == last_end) else {
            i += 1;
            continue;
        };
        let glued_before = i > 0 && !c[i - 1].is_whitespace() && !"(\"“'".contains(c[i - 1]);
        let glued_after = end < c.len() && c[end].is_alphabetic();
        if glued_before || glued_after {
            let title: String = c[from..i].iter().collect();
            let number: String = c[i..end].iter().collect();
            lines.push(row(&title, &number, glued_before));
            from = end;
        }
        (i, last_end) = (end, end);
    }
    let rest: String = c[from..].iter().collect();
    let rest = tidy(&rest);
    if !rest.is_empty() {
        lines.push(rest);
    }
    lines.retain(|l| !l.is_empty());
    lines.join("\n")
}

fn tidy(s: &str) -> String {
    super::import::tidy(s)
        .trim_matches(|c: char| c == '.' || c == ',' || c == ';' || c.is_whitespace())
        .to_owned()
}

fn row(title: &str, number: &str, glued_before: bool) -> String {
    if !glued_before {
        // "… Thông tư số 03/2023/TT-BTP": the number is read with its title.
        return tidy(&format!("{title}{number}"));
    }
    let title = tidy(title);
    if title.is_empty() || title.contains(number) {
        title
    } else {
        format!("{number} — {title}")
    }
}

/// A space where a lowercase letter runs into a capital ("Tư phápThông tư"):
/// no Vietnamese word does that, so it is where two rows were glued.
fn spaced(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut prev: Option<char> = None;
    for ch in text.chars() {
        if prev.is_some_and(|p| p.is_lowercase()) && ch.is_uppercase() {
            out.push(' ');
        }
        out.push(ch);
        prev = Some(ch);
    }
    out
}

/// The end of a document number starting at `i` (digits, an optional
/// ".digits", "/", a four-digit year, "/", and a code in capitals), if one
/// starts there. `after_number`: `i` is where the previous number ended, so
/// a digit before it does not make this the middle of a number.
fn number_at(c: &[char], i: usize, after_number: bool) -> Option<usize> {
    let digit = |j: usize| j < c.len() && c[j].is_ascii_digit();
    let inside_number = !after_number
        && i > 0
        && (c[i - 1].is_ascii_digit()
            || (i > 1 && "./".contains(c[i - 1]) && c[i - 2].is_ascii_digit()));
    if !digit(i) || inside_number {
        return None;
    }
    let mut j = i;
    while digit(j) {
        j += 1;
    }
    if j + 1 < c.len() && c[j] == '.' && digit(j + 1) {
        j += 1;
        while digit(j) {
            j += 1;
        }
    }
    if c.get(j) != Some(&'/') {
        return None;
    }
    let year = j + 1;
    j = year;
    while digit(j) {
        j += 1;
    }
    if j - year != 4 || c.get(j) != Some(&'/') {
        return None;
    }
    let code = j + 1;
    j = code;
    while j < c.len() && (c[j].is_uppercase() || c[j].is_ascii_digit() || c[j] == '-') {
        j += 1;
    }
    // "QĐ-TTg", the Prime Minister's decisions, is the one code with a small letter.
    if j < c.len() && c[j] == 'g' && c[code..j].ends_with(&['T', 'T']) {
        j += 1;
    } else if j < c.len() && c[j].is_lowercase() && j > code + 1 {
        // The run took the capital of the next row's first word ("BTCNghị").
        j -= 1;
    }
    if c.get(j) == Some(&'/') {
        // The run took the digits of the next row's number ("QH1360/2014"):
        // a law's code keeps the two digits of its legislature (QH13).
        let mut d = j;
        while d > code && c[d - 1].is_ascii_digit() {
            d -= 1;
        }
        let keep = if c[code..d].ends_with(&['Q', 'H']) {
            2
        } else {
            0
        };
        j = (d + keep).min(j);
    }
    while j > code && c[j - 1] == '-' {
        j -= 1;
    }
    (j > code && c[code].is_uppercase()).then_some(j)
}

#[cfg(test)]
mod tests {
    use super::one_per_line;

    #[test]
    fn the_glued_table_of_the_birth_registration_reads_one_document_per_line() {
        let raw = "Thông tư Hướng dẫn về phí và lệ phí thuộc thẩm quyền quyết định của Hội đồng nhân dân tỉnh, thành phố trực thuộc Trung ương85/2019/TT-BTCNghị định số 123/2015/NĐ-CP ngày 15/11/2015 của  Chính phủ quy định chi tiết Luật Hộ tịch123/2015/NĐ-CPThông tư số 03/2023/TT-BTP ngày 02/8/2023 của Bộ trưởng Bộ Tư phápThông tư số 03/2023/TT-BTPThông tư sửa đổi Thông tư số 85/2019/TT-BTC ngày 29/11/2019 của Bộ Tài chính.106/2021/TT-BTCNghị quyết số 66.7/2025/NQ-CP của Chính phủ66.7/2025/NQ-CPLuật 60/2014/QH1360/2014/QH13Quyết định của Thủ tướng09/2025/QĐ-TTgThông tư quy định chi tiết Nghị định số 87/2020/NĐ-CP ngày 28 tháng 7 năm 2020 của Chính phủ01/2022/TT-BTP";
        let text = one_per_line(raw);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines,
            [
                "85/2019/TT-BTC — Thông tư Hướng dẫn về phí và lệ phí thuộc thẩm quyền quyết định của Hội đồng nhân dân tỉnh, thành phố trực thuộc Trung ương",
                "Nghị định số 123/2015/NĐ-CP ngày 15/11/2015 của Chính phủ quy định chi tiết Luật Hộ tịch",
                "Thông tư số 03/2023/TT-BTP ngày 02/8/2023 của Bộ trưởng Bộ Tư pháp Thông tư số 03/2023/TT-BTP",
                "106/2021/TT-BTC — Thông tư sửa đổi Thông tư số 85/2019/TT-BTC ngày 29/11/2019 của Bộ Tài chính",
                "Nghị quyết số 66.7/2025/NQ-CP của Chính phủ",
                "Luật 60/2014/QH13",
                "09/2025/QĐ-TTg — Quyết định của Thủ tướng",
                "01/2022/TT-BTP — Thông tư quy định chi tiết Nghị định số 87/2020/NĐ-CP ngày 28 tháng 7 năm 2020 của Chính phủ",
            ]
        );
    }

    #[test]
    fn text_without_a_table_is_kept_as_it_is() {
        assert_eq!(
            one_per_line("Luật Hộ tịch năm 2014."),
            "Luật Hộ tịch năm 2014"
        );
        assert_eq!(one_per_line(""), "");
        assert_eq!(
            one_per_line("Nghị định số 123/2015/NĐ-CP ngày 15/11/2015"),
            "Nghị định số 123/2015/NĐ-CP ngày 15/11/2015"
        );
    }
}
