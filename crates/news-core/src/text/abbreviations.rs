//! Abbreviation and sentence-starter word lists shared by the tokenizer (which keeps
//! an abbreviation's period in the token) and the sentence splitter (which decides
//! whether that period also ends the sentence).

/// How a period-final abbreviation behaves at a possible sentence end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AbbrevClass {
    /// Never ends a sentence before a word: titles ("Mr.", "Gen."), "vs.", "e.g.",
    /// single initials ("S.").
    NeverFinal,
    /// Precedes a number ("No. 10", "Vol. 3"): ends a sentence unless a number follows.
    NumberPrefix,
    /// Month ("Oct."): never ends before a number; otherwise ends like a plain
    /// period (AP style abbreviates a month only before a date).
    Month,
    /// Company/suffix/state/dotted forms ("Inc.", "Jr.", "Calif.", "U.S."): ends a
    /// sentence only before a typical sentence-starter word (see [`is_sentence_starter`]).
    Other,
}

/// Looks up an abbreviation given without its final period ("Mr", "Calif").
///
/// Matches exactly first; a small set of unambiguous forms also matches
/// ASCII-case-insensitively ("MR", "inc", "OCT").
pub(crate) fn lookup(word: &str) -> Option<AbbrevClass> {
    if let Some(class) = exact(word) {
        return Some(class);
    }
    let bytes = word.as_bytes();
    if bytes.is_empty() || bytes.len() > 8 || !bytes.is_ascii() {
        return None;
    }
    let mut buf = [0u8; 8];
    let lower = buf.get_mut(..bytes.len())?;
    lower.copy_from_slice(bytes);
    lower.make_ascii_lowercase();
    folded(std::str::from_utf8(lower).ok()?)
}

/// Classifies a tokenizer Word that ends in a period ("Mr.", "U.S.", "S.").
/// Returns `None` when the token is not an abbreviation.
pub(crate) fn classify_token(token: &str) -> Option<AbbrevClass> {
    let word = token.strip_suffix('.')?;
    if word.is_empty() {
        return None;
    }
    if word.contains('.') {
        // Dotted forms: "U.S.", "a.m.", "Ph.D.", "e.g.".
        return Some(if word.eq_ignore_ascii_case("e.g") || word.eq_ignore_ascii_case("i.e") {
            AbbrevClass::NeverFinal
        } else {
            AbbrevClass::Other
        });
    }
    // "D-Mass.": the last hyphen segment decides.
    let word = word.rsplit('-').next().unwrap_or(word);
    let mut chars = word.chars();
    if matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase()) {
        return Some(AbbrevClass::NeverFinal);
    }
    lookup(word)
}

/// Case-sensitive list; includes forms that are ordinary words in other casings
/// ("No", "Co", "Gen", "Miss", "Wash", "Mar").
fn exact(word: &str) -> Option<AbbrevClass> {
    use AbbrevClass::{Month, NeverFinal, NumberPrefix, Other};
    Some(match word {
        // Titles and ranks, normally followed by a name.
        "Mr" | "Mrs" | "Ms" | "Messrs" | "Mmes" | "Dr" | "Drs" | "Prof" | "Profs" | "Sen" | "Sens"
        | "Rep" | "Reps" | "Gov" | "Govs" | "Gen" | "Gens" | "Col" | "Lt" | "Sgt" | "Capt" | "Cmdr"
        | "Cdr" | "Adm" | "Maj" | "Brig" | "Cpl" | "Pvt" | "Rev" | "Hon" | "Pres" | "Supt" | "Insp"
        | "Det" | "Msgr" | "Fr" | "Atty" | "Amb" | "Mt" | "Ft" | "vs" | "v" | "cf" | "viz" => NeverFinal,
        // Company, name suffixes and other trailing forms.
        "Jr" | "Sr" | "Inc" | "Corp" | "Co" | "Cos" | "Ltd" | "Bros" | "Assn" | "Dept" | "Univ" | "Ave"
        | "Blvd" | "Rd" | "Hwy" | "St" | "Esq" | "etc" | "al" | "approx" | "est" | "Mfg" | "Intl" => Other,
        // US states (AP style).
        "Ala" | "Ariz" | "Ark" | "Calif" | "Colo" | "Conn" | "Del" | "Fla" | "Ga" | "Ill" | "Ind" | "Kan"
        | "Kans" | "Ky" | "La" | "Md" | "Mass" | "Mich" | "Minn" | "Miss" | "Mo" | "Mont" | "Neb"
        | "Nebr" | "Nev" | "Okla" | "Ore" | "Pa" | "Penn" | "Tenn" | "Tex" | "Va" | "Vt" | "Wash" | "Wis"
        | "Wisc" | "Wyo" => Other,
        "Jan" | "Feb" | "Mar" | "Apr" | "Jun" | "Jul" | "Aug" | "Sep" | "Sept" | "Oct" | "Nov" | "Dec" => {
            Month
        }
        "No" | "Nos" | "Vol" | "Vols" | "vol" | "Fig" | "Figs" | "fig" | "Art" | "pp" => NumberPrefix,
        _ => return None,
    })
}

/// ASCII-lowercased lookups for forms that are never ordinary words.
fn folded(lower: &str) -> Option<AbbrevClass> {
    use AbbrevClass::{Month, NeverFinal, Other};
    Some(match lower {
        "mr" | "mrs" | "ms" | "dr" | "prof" | "sen" | "gov" | "lt" | "sgt" | "capt" | "vs" => NeverFinal,
        "jr" | "sr" | "inc" | "corp" | "ltd" | "etc" | "approx" | "dept" | "univ" | "blvd" | "esq"
        | "calif" | "ariz" | "fla" | "conn" | "mich" | "minn" | "okla" | "tenn" => Other,
        "jan" | "feb" | "apr" | "aug" | "sept" | "oct" | "nov" | "dec" => Month,
        _ => return None,
    })
}

/// Common sentence-initial words. Used only after a multi-purpose abbreviation
/// ("U.S.", "Inc.", "Calif.") to decide that its period also ends the sentence:
/// "in the U.S. The next day" splits, "U.S. Secretary of State" does not.
pub(crate) fn is_sentence_starter(word: &str) -> bool {
    matches!(
        word,
        "The"
            | "A"
            | "An"
            | "He"
            | "She"
            | "It"
            | "They"
            | "We"
            | "I"
            | "You"
            | "But"
            | "And"
            | "Or"
            | "So"
            | "Yet"
            | "In"
            | "On"
            | "At"
            | "For"
            | "As"
            | "After"
            | "Before"
            | "While"
            | "When"
            | "Where"
            | "Why"
            | "How"
            | "What"
            | "Who"
            | "This"
            | "That"
            | "These"
            | "Those"
            | "There"
            | "Then"
            | "Thus"
            | "Here"
            | "His"
            | "Her"
            | "Its"
            | "Their"
            | "Our"
            | "My"
            | "Your"
            | "If"
            | "Although"
            | "Though"
            | "Because"
            | "Since"
            | "During"
            | "Despite"
            | "However"
            | "Meanwhile"
            | "Moreover"
            | "Also"
            | "Now"
            | "Still"
            | "Some"
            | "Many"
            | "Most"
            | "Other"
            | "Others"
            | "One"
            | "Both"
            | "Each"
            | "All"
            | "Not"
            | "Nor"
            | "Neither"
            | "Even"
            | "Such"
            | "Last"
            | "Earlier"
            | "Later"
            | "Instead"
            | "Today"
            | "Yesterday"
            | "According"
            | "By"
            | "From"
            | "With"
            | "Without"
            | "Under"
            | "Until"
            | "Unlike"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_exact_and_folded() {
        assert_eq!(lookup("Mr"), Some(AbbrevClass::NeverFinal));
        assert_eq!(lookup("MR"), Some(AbbrevClass::NeverFinal));
        assert_eq!(lookup("Oct"), Some(AbbrevClass::Month));
        assert_eq!(lookup("OCT"), Some(AbbrevClass::Month));
        assert_eq!(lookup("Inc"), Some(AbbrevClass::Other));
        assert_eq!(lookup("No"), Some(AbbrevClass::NumberPrefix));
        // Ambiguous words only match in their abbreviation casing.
        assert_eq!(lookup("no"), None);
        assert_eq!(lookup("miss"), None);
        assert_eq!(lookup("Putin"), None);
        assert_eq!(lookup(""), None);
        assert_eq!(lookup("Zürich"), None);
        assert_eq!(lookup("averyveryverylongword"), None);
    }

    #[test]
    fn classify_tokens() {
        assert_eq!(classify_token("U.S."), Some(AbbrevClass::Other));
        assert_eq!(classify_token("e.g."), Some(AbbrevClass::NeverFinal));
        assert_eq!(classify_token("S."), Some(AbbrevClass::NeverFinal));
        assert_eq!(classify_token("Sr."), Some(AbbrevClass::Other));
        assert_eq!(classify_token("Calif."), Some(AbbrevClass::Other));
        assert_eq!(classify_token("D-Mass."), Some(AbbrevClass::Other));
        assert_eq!(classify_token("Mrs."), Some(AbbrevClass::NeverFinal));
        assert_eq!(classify_token("."), None);
        assert_eq!(classify_token("Putin"), None);
        assert_eq!(classify_token("s."), None);
    }

    #[test]
    fn starters() {
        assert!(is_sentence_starter("The"));
        assert!(is_sentence_starter("He"));
        assert!(!is_sentence_starter("Secretary"));
        assert!(!is_sentence_starter("the"));
    }
}
