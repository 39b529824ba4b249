//! Date parsing for publication dates: ISO 8601 / RFC 3339 timestamps, `YYYY/MM/DD`, English
//! month-name dates (`Nov 19, 2019`, `19 November 2019`, with or without a weekday), month names
//! in French, German, Spanish, Italian, Portuguese and Dutch (`14 mai 2024`, `14. Mai 2024`),
//! CJK dates (`2024年5月14日`), day-first numeric dates (`19.11.2019`), and dates in URL paths
//! (`/2019/11/19/`, `/2019-11-19-`). Dates in text carry whether a label calls them an update;
//! the two ends of a range (`2025-12-12 - 2025-12-17`) and deadlines (`valid through …`) are
//! not returned.
//!
//! A value is returned only when year, month and day are all known and plausible: a day is
//! never guessed. Full timestamps with an offset come back as RFC 3339; otherwise `YYYY-MM-DD`.

/// A parsed date: the day, and the RFC 3339 timestamp when the time and offset were given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
    pub rfc3339: Option<String>,
}

impl Date {
    /// The same calendar day.
    pub fn day_eq(&self, other: &Date) -> bool {
        (self.year, self.month, self.day) == (other.year, other.month, other.day)
    }

    /// RFC 3339 when the time is known, else `YYYY-MM-DD`.
    pub fn render(&self) -> String {
        self.rfc3339.clone().unwrap_or_else(|| format!("{:04}-{:02}-{:02}", self.year, self.month, self.day))
    }

    /// Days since 1970-01-01 (proleptic Gregorian).
    fn ordinal(&self) -> i64 {
        let (y, m, d) = (i64::from(self.year), i64::from(self.month), i64::from(self.day));
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
        era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
    }

    /// The time of day and UTC offset, in minutes, when known.
    fn clock(&self) -> Option<(i64, i64)> {
        let b = self.rfc3339.as_deref()?.as_bytes();
        let (h, m) = (digits(b, 11, 2)?, digits(b, 14, 2)?);
        let offset = match b.get(19)? {
            b'Z' => 0,
            sign @ (b'+' | b'-') => {
                let o = i64::from(digits(b, 20, 2)? * 60 + digits(b, 23, 2)?);
                if *sign == b'-' { -o } else { o }
            }
            _ => return None,
        };
        Some((i64::from(h * 60 + m), offset))
    }

    /// Could `other` be this timestamp's calendar day in some time zone (UTC−12 to UTC+14)? A
    /// page that shows its date in local time can show the day before or after the one its
    /// metadata declares in UTC. Only for a timestamp with a time and an offset.
    pub fn same_instant_elsewhere(&self, other: &Date) -> bool {
        let Some((minutes, offset)) = self.clock() else { return false };
        let utc = self.ordinal() * 1440 + minutes - offset;
        let first = (utc - 12 * 60).div_euclid(1440);
        let last = (utc + 14 * 60).div_euclid(1440);
        (first..=last).contains(&other.ordinal())
    }

    /// The same day with month and day read the other way round (`09.10.2024`).
    pub fn swapped_eq(&self, other: &Date) -> bool {
        self.year == other.year && self.month == other.day && self.day == other.month
    }
}

const MONTHS: [&str; 12] =
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/// Month names (full and common abbreviations) in French, German, Spanish, Italian, Portuguese
/// and Dutch that the English prefix rule does not cover: (lower-case word, month).
const FOREIGN_MONTHS: &[(&str, u8)] = &[
    // French
    ("janvier", 1),
    ("janv", 1),
    ("février", 2),
    ("fevrier", 2),
    ("févr", 2),
    ("fév", 2),
    ("mars", 3),
    ("avril", 4),
    ("avr", 4),
    ("mai", 5),
    ("juin", 6),
    ("juillet", 7),
    ("juil", 7),
    ("août", 8),
    ("aout", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("novembre", 11),
    ("décembre", 12),
    ("decembre", 12),
    ("déc", 12),
    // German
    ("januar", 1),
    ("jänner", 1),
    ("februar", 2),
    ("märz", 3),
    ("maerz", 3),
    ("mär", 3),
    ("juni", 6),
    ("juli", 7),
    ("oktober", 10),
    ("okt", 10),
    ("dezember", 12),
    ("dez", 12),
    // Spanish
    ("enero", 1),
    ("ene", 1),
    ("febrero", 2),
    ("marzo", 3),
    ("abril", 4),
    ("abr", 4),
    ("mayo", 5),
    ("junio", 6),
    ("julio", 7),
    ("agosto", 8),
    ("ago", 8),
    ("septiembre", 9),
    ("setiembre", 9),
    ("octubre", 10),
    ("noviembre", 11),
    ("diciembre", 12),
    ("dic", 12),
    // Italian
    ("gennaio", 1),
    ("gen", 1),
    ("febbraio", 2),
    ("aprile", 4),
    ("maggio", 5),
    ("mag", 5),
    ("giugno", 6),
    ("giu", 6),
    ("luglio", 7),
    ("lug", 7),
    ("settembre", 9),
    ("set", 9),
    ("ottobre", 10),
    ("ott", 10),
    ("dicembre", 12),
    // Portuguese
    ("janeiro", 1),
    ("fevereiro", 2),
    ("fev", 2),
    ("março", 3),
    ("marco", 3),
    ("maio", 5),
    ("junho", 6),
    ("julho", 7),
    ("setembro", 9),
    ("outubro", 10),
    ("out", 10),
    ("novembro", 11),
    ("dezembro", 12),
    // Dutch
    ("januari", 1),
    ("februari", 2),
    ("maart", 3),
    ("mei", 5),
    ("augustus", 8),
    ("okt", 10),
];

fn month_of(word: &str) -> Option<u8> {
    let word = word.trim_end_matches(['.', ',']);
    // Month names are short words starting with a letter: anything else is ruled out before
    // lower-casing (in a stack buffer for ASCII words: this runs on every word of the texts
    // around the title).
    if !(3..=24).contains(&word.len()) || !word.chars().next().is_some_and(char::is_alphabetic) {
        return None;
    }
    let mut buf = [0u8; 24];
    let owned: String;
    let w: &str = if word.is_ascii() {
        for (b, c) in buf.iter_mut().zip(word.bytes()) {
            *b = c.to_ascii_lowercase();
        }
        std::str::from_utf8(&buf[..word.len()]).ok()?
    } else {
        owned = word.to_lowercase();
        &owned
    };
    if let Some(&(_, m)) = FOREIGN_MONTHS.iter().find(|(name, _)| *name == w) {
        return Some(m);
    }
    if !w.is_ascii() {
        return None;
    }
    let idx = MONTHS.iter().position(|m| w.starts_with(m))?;
    // "May" must be the whole word or "may"; "march" and "mar" both fine; reject "market".
    let full = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ][idx];
    if w.len() == 3 || full.starts_with(w) || (idx == 8 && w == "sept") { Some(idx as u8 + 1) } else { None }
}

fn days_in(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => 29,
        2 => 28,
        _ => 0,
    }
}

fn make(year: u32, month: u32, day: u32) -> Option<Date> {
    let (year, month, day) = (u16::try_from(year).ok()?, u8::try_from(month).ok()?, u8::try_from(day).ok()?);
    if !(1990..=2035).contains(&year) || !(1..=12).contains(&month) || day == 0 || day > days_in(year, month)
    {
        return None;
    }
    Some(Date { year, month, day, rfc3339: None })
}

fn digits(s: &[u8], at: usize, n: usize) -> Option<u32> {
    let part = s.get(at..at + n)?;
    if part.iter().all(u8::is_ascii_digit) {
        Some(part.iter().fold(0u32, |acc, d| acc * 10 + u32::from(d - b'0')))
    } else {
        None
    }
}

/// Parses an ISO-8601-like value at the start of `s` (`2019-11-19`, `2019-11-19T08:30:00Z`,
/// `2019-11-19 08:30:00+01:00`, `2019/11/19`).
fn iso(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    let year = digits(b, 0, 4)?;
    let sep = *b.get(4)?;
    if !matches!(sep, b'-' | b'/' | b'.') {
        // Compact 20191119 (as in URLs and some meta tags).
        if b.len() >= 8 && digits(b, 0, 8).is_some() && b.get(8).is_none_or(|c| !c.is_ascii_digit()) {
            return make(year, digits(b, 4, 2)?, digits(b, 6, 2)?);
        }
        return None;
    }
    let (month, rest) = num_prefix(&s[5..])?;
    let rest_b = rest.as_bytes();
    if rest_b.first() != Some(&sep) {
        return None;
    }
    let (day, rest) = num_prefix(&rest[1..])?;
    let mut date = make(year, month, day)?;
    // Optional time and offset: keep an RFC 3339 rendering when complete.
    let rb = rest.as_bytes();
    if matches!(rb.first(), Some(b'T' | b' ')) {
        let t = &rest[1..];
        let tb = t.as_bytes();
        if let (Some(h), Some(m)) = (digits(tb, 0, 2), digits(tb, 3, 2))
            && tb.get(2) == Some(&b':')
            && h < 24
            && m < 60
        {
            let mut end = 5;
            let mut sec = 0;
            if tb.get(5) == Some(&b':')
                && let Some(s2) = digits(tb, 6, 2)
            {
                sec = s2.min(59);
                end = 8;
                if tb.get(8) == Some(&b'.') {
                    end = 9;
                    while tb.get(end).is_some_and(u8::is_ascii_digit) {
                        end += 1;
                    }
                }
            }
            let tz = &t[end..];
            let offset = if tz.starts_with('Z') || tz.starts_with('z') {
                Some("Z".to_owned())
            } else if tz.starts_with('+') || tz.starts_with('-') {
                let zb = tz.as_bytes();
                match (digits(zb, 1, 2), digits(zb, 3, 2), digits(zb, 4, 2)) {
                    (Some(oh), _, Some(om)) if zb.get(3) == Some(&b':') => {
                        Some(format!("{}{oh:02}:{om:02}", &tz[..1]))
                    }
                    (Some(oh), Some(om), _) => Some(format!("{}{oh:02}:{om:02}", &tz[..1])),
                    (Some(oh), None, None) => Some(format!("{}{oh:02}:00", &tz[..1])),
                    _ => None,
                }
            } else {
                None
            };
            if let Some(offset) = offset {
                date.rfc3339 = Some(format!(
                    "{:04}-{:02}-{:02}T{h:02}:{m:02}:{sec:02}{offset}",
                    date.year, date.month, date.day
                ));
            }
        }
    }
    Some(date)
}

fn num_prefix(s: &str) -> Option<(u32, &str)> {
    let n = s.bytes().take_while(u8::is_ascii_digit).count();
    if n == 0 || n > 2 {
        return None;
    }
    Some((s[..n].parse().ok()?, &s[n..]))
}

/// Parses a date value as found in metadata (`content`, `datetime`, JSON-LD): ISO first, then
/// the textual forms.
pub fn parse(value: &str) -> Option<Date> {
    let v = value.trim();
    if v.is_empty() || v.len() > 200 {
        return None;
    }
    iso(v).or_else(|| parse_text(v))
}

/// Finds a date written in prose: `November 19, 2019`, `Nov. 19 2019`, `19 Nov 2019`,
/// `Tuesday 19 November 2019`, `14 mai 2024`, `14. Mai 2024`, `14 de mayo de 2024`,
/// `2024年5月14日`, `19.11.2019`, `2019-11-19`.
pub fn parse_text(text: &str) -> Option<Date> {
    find_dates(text).into_iter().next().map(|(d, _)| d)
}

/// Words that mark the date after them as a modification date, not a publication date.
const UPDATED_WORDS: &[&str] = &[
    "updated",
    "update",
    "modified",
    "revised",
    "edited",
    "aktualisiert",
    "geändert",
    "actualizado",
    "actualización",
    "actualizada",
    "aggiornato",
    "aggiornamento",
    "atualizado",
    "atualização",
    "bijgewerkt",
    "maj",
    "jour",
    "更新",
    "更新日",
];

/// Does `label` (the text before a date, or a `<time>` element's text) call it an update?
pub fn says_updated(label: &str) -> bool {
    label.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).any(|w| {
        let w = w.to_lowercase();
        UPDATED_WORDS.iter().any(|u| w == *u || (!u.is_ascii() && w.contains(u)))
    })
}

/// All dates written in `text`, in order, each with whether a word just before it says it is
/// an update (`Updated Nov 19, 2019`, `Mis à jour le 14 mai 2024`).
pub fn find_dates(text: &str) -> Vec<(Date, bool)> {
    // Every date form has digits (the year at least): most header texts have none.
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return Vec::new();
    }
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',' || c == '|' || c == '·' || c == '•')
        .filter(|w| !w.is_empty())
        .take(200)
        .collect();
    let mut out: Vec<(Date, bool)> = Vec::new();
    let updated_before = |i: usize| {
        words[i.saturating_sub(4)..i].iter().any(|w| {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
            UPDATED_WORDS.iter().any(|u| w == *u || (!u.is_ascii() && w.contains(u)))
        })
    };
    // A deadline or validity date is not when the page was written.
    let deadline_before = |i: usize| {
        words[i.saturating_sub(2)..i].iter().any(|w| {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
            matches!(
                w.as_str(),
                "through"
                    | "until"
                    | "till"
                    | "valid"
                    | "expires"
                    | "expiry"
                    | "deadline"
                    | "bis"
                    | "hasta"
                    | "jusqu"
            )
        })
    };
    let mut i = 0;
    while i < words.len() {
        let (found, used) = date_at(&words, i);
        if let Some(d) = found {
            let after = i + used.max(1);
            // `2025-12-12 - 2025-12-17`, `May 1, 2024 to May 5, 2024`: a range (an event, a
            // period) is not when the page was written; neither end is taken.
            if words.get(after).is_some_and(|w| RANGE_WORDS.contains(&w.to_lowercase().as_str()))
                && after + 1 < words.len()
                && let (Some(_), used2) = date_at(&words, after + 1)
            {
                i = after + 1 + used2.max(1);
                continue;
            }
            if !deadline_before(i) {
                out.push((d, updated_before(i)));
            }
            i = after;
        } else {
            i += 1;
        }
    }
    out
}

/// Words between the two ends of a date range.
const RANGE_WORDS: &[&str] = &["-", "–", "—", "to", "until", "till", "through", "bis", "au", "al", "a"];

/// A date starting at word `i` (or, for `D Month YYYY`, at the word before the month seen at
/// `i`), and how many words it used.
fn date_at(words: &[&str], i: usize) -> (Option<Date>, usize) {
    let w = words[i];
    let first = w.chars().next().unwrap_or(' ');
    if first.is_ascii_digit() {
        if let Some(d) = cjk(w) {
            return (Some(d), 1);
        }
        // Korean writes `2024년 5월 14일` with spaces.
        if w.ends_with('년')
            && let (Some(m), Some(d)) = (words.get(i + 1), words.get(i + 2))
            && let Some(date) = cjk(&format!("{w}{m}{d}"))
        {
            return (Some(date), 3);
        }
        // `04-ago-2021`, `19-Nov-2019`.
        let parts: Vec<&str> = w.split('-').collect();
        if let [d, m, y] = parts[..]
            && let (Some(d), Some(m), Some(y)) = (day(d), month_of(m), year(y))
            && let Some(date) = make(y, u32::from(m), d)
        {
            return (Some(date), 1);
        }
        if w.len() >= 8 {
            if let Some(d) = iso(w.trim_matches(|c: char| !c.is_ascii_digit())) {
                return (Some(d), 1);
            }
            if let Some(d) = day_first_numeric(w) {
                return (Some(d), 1);
            }
        }
        // D Month YYYY, D. Month YYYY, D de Month de YYYY.
        if let Some(d) = day(w) {
            let mut j = i + 1;
            if words.get(j).is_some_and(|x| is_filler(x)) {
                j += 1;
            }
            if let Some(month) = words.get(j).and_then(|m| month_of(m)) {
                let mut k = j + 1;
                if words.get(k).is_some_and(|x| is_filler(x)) {
                    k += 1;
                }
                if let Some(y) = words.get(k).and_then(|y| year(y))
                    && let Some(date) = make(y, u32::from(month), d)
                {
                    return (Some(date), k + 1 - i);
                }
            }
        }
        return (None, 1);
    }
    // Month D YYYY (English order).
    if let Some(month) = month_of(w)
        && let (Some(d), Some(y)) =
            (words.get(i + 1).and_then(|d| day(d)), words.get(i + 2).and_then(|y| year(y)))
        && let Some(date) = make(y, u32::from(month), d)
    {
        return (Some(date), 3);
    }
    (None, 1)
}

/// Words allowed between day, month and year: `de` (Spanish, Portuguese), `di`.
fn is_filler(w: &str) -> bool {
    matches!(w.to_lowercase().as_str(), "de" | "del" | "di" | "of")
}

/// `2024年5月14日` (Chinese, Japanese) and `2024년 5월 14일` run together.
fn cjk(w: &str) -> Option<Date> {
    let (y, rest) = w.split_once('年').or_else(|| w.split_once('년'))?;
    let (m, rest) = rest.split_once('月').or_else(|| rest.split_once('월'))?;
    let d = rest.split(['日', '일']).next()?;
    let num = |s: &str| s.trim().parse::<u32>().ok();
    let y = y.trim_start_matches(|c: char| !c.is_ascii_digit());
    make(num(y)?, num(m)?, num(d)?)
}

fn day(w: &str) -> Option<u32> {
    let w = w.trim_end_matches(['.', ',']);
    let w = w.trim_end_matches("st").trim_end_matches("nd").trim_end_matches("rd").trim_end_matches("th");
    let w = w.trim_end_matches("er").trim_end_matches(['º', 'ª']);
    if w.is_empty() || w.len() > 2 || !w.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    w.parse().ok().filter(|d| (1..=31).contains(d))
}

fn year(w: &str) -> Option<u32> {
    let w = w.trim_end_matches(['.', ',', ';', ')']);
    if w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()) { w.parse().ok() } else { None }
}

/// `19.11.2019` (day first; the European form). Slashed `11/19/2019` is US month-first unless
/// the first number cannot be a month.
fn day_first_numeric(w: &str) -> Option<Date> {
    let w = w.trim_matches(|c: char| !c.is_ascii_digit());
    for sep in ['.', '/'] {
        let parts: Vec<&str> = w.split(sep).collect();
        if parts.len() == 3 && parts[2].len() == 4 && parts[0].len() <= 2 && parts[1].len() <= 2 {
            let (a, b, y) = (parts[0].parse().ok()?, parts[1].parse().ok()?, parts[2].parse().ok()?);
            return if sep == '.' || a > 12 { make(y, b, a) } else { make(y, a, b) };
        }
    }
    None
}

/// A date in a URL path: `/2019/11/19/`, `/2019-11-19/`, `/20191119/`. Month-only paths give
/// nothing (no day is guessed).
pub fn from_url(url: &str) -> Option<Date> {
    let path = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = path.find('/').map_or("", |i| &path[i..]);
    let b = path.as_bytes();
    for i in 0..b.len() {
        if b[i] != b'/' && b[i] != b'-' && b[i] != b'_' {
            continue;
        }
        let s = &path[i + 1..];
        let sb = s.as_bytes();
        let Some(y) = digits(sb, 0, 4) else { continue };
        if !(1990..=2035).contains(&y) {
            continue;
        }
        let sep = sb.get(4).copied();
        if matches!(sep, Some(b'/' | b'-' | b'_')) {
            let (Some(m), Some(d)) = (digits(sb, 5, 2), digits(sb, 8, 2)) else { continue };
            if sb.get(7) == sep.as_ref()
                && sb.get(10).is_none_or(|c| !c.is_ascii_digit())
                && let Some(date) = make(y, m, d)
            {
                return Some(date);
            }
        } else if let (Some(m), Some(d)) = (digits(sb, 4, 2), digits(sb, 6, 2))
            && sb.get(8).is_none_or(|c| !c.is_ascii_digit())
            && let Some(date) = make(y, m, d)
        {
            return Some(date);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day_of(d: Option<Date>) -> Option<String> {
        d.map(|d| format!("{:04}-{:02}-{:02}", d.year, d.month, d.day))
    }

    #[test]
    fn iso_and_rfc3339() {
        assert_eq!(
            parse("2019-11-19T08:30:00Z").and_then(|d| d.rfc3339).as_deref(),
            Some("2019-11-19T08:30:00Z")
        );
        assert_eq!(
            parse("2024-05-14T09:30:00+00:00").and_then(|d| d.rfc3339).as_deref(),
            Some("2024-05-14T09:30:00+00:00")
        );
        assert_eq!(
            parse("2019-11-19 08:30:00.123-0500").and_then(|d| d.rfc3339).as_deref(),
            Some("2019-11-19T08:30:00-05:00")
        );
        assert_eq!(parse("2019-11-19").map(|d| d.render()).as_deref(), Some("2019-11-19"));
        assert_eq!(parse("2019-02-30"), None);
    }

    #[test]
    fn text_dates() {
        assert_eq!(day_of(parse_text("Published Nov. 19, 2019 at 8am")).as_deref(), Some("2019-11-19"));
        assert_eq!(day_of(parse_text("Tuesday 19 November 2019")).as_deref(), Some("2019-11-19"));
        assert_eq!(day_of(parse_text("March 3rd, 2021")).as_deref(), Some("2021-03-03"));
        assert_eq!(day_of(parse_text("19.11.2019")).as_deref(), Some("2019-11-19"));
        assert_eq!(parse_text("The market in May was calm"), None);
        assert_eq!(parse_text("November 2019"), None);
    }

    #[test]
    fn dates_in_other_languages_and_scripts() {
        for (text, want) in [
            ("Publié le 14 mai 2024", "2024-05-14"),
            ("1er mai 2024", "2024-05-01"),
            ("Veröffentlicht am 14. Mai 2024", "2024-05-14"),
            ("14 de mayo de 2024", "2024-05-14"),
            ("2024年5月14日 08:00", "2024-05-14"),
            ("2024년 5월 14일", "2024-05-14"),
            ("on 04-ago-2021 5:11:10", "2021-08-04"),
            ("14.05.2024", "2024-05-14"),
        ] {
            assert_eq!(day_of(parse_text(text)).as_deref(), Some(want), "{text}");
        }
        assert_eq!(parse_text("mai 2024"), None);
    }

    #[test]
    fn update_labels_and_deadlines() {
        let found = find_dates("Published May 14, 2024 | Updated: May 20, 2024");
        let flags: Vec<(String, bool)> =
            found.into_iter().map(|(d, u)| (day_of(Some(d)).unwrap_or_default(), u)).collect();
        assert_eq!(flags, vec![("2024-05-14".to_owned(), false), ("2024-05-20".to_owned(), true)]);
        assert!(says_updated("Mis à jour le"));
        assert!(!says_updated("Published"));
        assert!(find_dates("valid through 01/23/2026").is_empty());
        assert!(find_dates("Open until July 31 | July 22, 2017").len() == 1);
    }

    #[test]
    fn ranges_are_skipped() {
        assert!(find_dates("DATE: 2025-12-12 - 2025-12-17").is_empty());
        assert!(find_dates("May 1, 2024 to May 5, 2024").is_empty());
        // A date followed by something else after the dash is kept.
        assert_eq!(find_dates("May 14, 2024 - Updated May 20, 2024").len(), 2);
    }

    #[test]
    fn time_zone_shifts_and_swapped_numbers() {
        let day = |s: &str| parse(s).expect("a valid date");
        let utc = day("2021-12-10T02:17:00+00:00");
        assert!(utc.same_instant_elsewhere(&day("2021-12-09")), "02:17 UTC is the 9th in America");
        assert!(utc.same_instant_elsewhere(&day("2021-12-10")));
        assert!(!utc.same_instant_elsewhere(&day("2021-12-11")));
        let late = day("2025-12-19T22:02:58Z");
        assert!(!late.same_instant_elsewhere(&day("2025-12-18")));
        assert!(late.same_instant_elsewhere(&day("2025-12-20")));
        let local = day("2025-05-14T19:30:03-07:00");
        assert!(local.same_instant_elsewhere(&day("2025-05-15")));
        assert!(!day("2021-12-10").same_instant_elsewhere(&day("2021-12-09")), "no time, no shift");
        assert!(day("2024-09-10").swapped_eq(&day("2024-10-09")));
        assert!(!day("2024-09-10").swapped_eq(&day("2024-09-10")));
    }

    #[test]
    fn url_dates() {
        assert_eq!(day_of(from_url("https://x.com/2019/11/18/story/")).as_deref(), Some("2019-11-18"));
        assert_eq!(day_of(from_url("https://x.com/news/2019-11-18-story")).as_deref(), Some("2019-11-18"));
        assert_eq!(day_of(from_url("https://x.com/2019/11/story")), None);
        assert_eq!(day_of(from_url("https://x.com/a/12345678901")), None);
    }
}
