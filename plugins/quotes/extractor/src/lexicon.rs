//! Word lists of the extractor: reporting cues (verbs in all inflections, nominal cues),
//! pronouns, titles and roles of speakers, and the small closed classes the rules look at.
//!
//! Every lookup takes an ASCII-lowercased word (the extractor lowercases the text once).

use rustc_hash::FxHashMap;
use std::sync::OnceLock;

/// What a reporting verb does to its surroundings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CueClass {
    /// Speech: "said", "warned", "tweeted". Takes a clause or an object as content.
    Speech,
    /// Speech with a hearer right after it: "told reporters that …", "urged Xi to …"
    /// (the hearer belongs to the content for `urge`-like verbs, not for `tell`).
    Tell,
    /// Thought, belief, intention: "believes", "expects", "wants" (PolNeAR counts them).
    Belief,
    /// Evidence: "shows", "found" — only with a poll/report-like subject.
    Evidence,
}

/// The inflection of a cue word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// "say", "tell": needs a plural or pronoun subject (or follows an auxiliary).
    Base,
    /// "says".
    Third,
    /// "said" (past tense or participle).
    Past,
    /// "saying": a participle clause whose subject is the main clause's.
    Ing,
}

/// A cue word: its class and inflection, and whether it may follow the quote with the
/// speaker after it (`"…," said X`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cue {
    pub class: CueClass,
    pub form: Form,
    /// Usable in the inverted order `"…," said X` / `"…," X said`.
    pub postposed: bool,
}

/// (base, third person, past, -ing) of speech verbs that readily follow a quote.
const SAY_LIKE: &[[&str; 4]] = &[
    ["say", "says", "said", "saying"],
    ["add", "adds", "added", "adding"],
    ["write", "writes", "wrote", "writing"],
    ["ask", "asks", "asked", "asking"],
    ["note", "notes", "noted", "noting"],
    ["explain", "explains", "explained", "explaining"],
    ["continue", "continues", "continued", "continuing"],
    ["reply", "replies", "replied", "replying"],
    ["respond", "responds", "responded", "responding"],
    ["recall", "recalls", "recalled", "recalling"],
    ["tweet", "tweets", "tweeted", "tweeting"],
    ["argue", "argues", "argued", "arguing"],
    ["insist", "insists", "insisted", "insisting"],
    ["claim", "claims", "claimed", "claiming"],
    ["declare", "declares", "declared", "declaring"],
    ["state", "states", "stated", "stating"],
    ["warn", "warns", "warned", "warning"],
    ["announce", "announces", "announced", "announcing"],
    ["acknowledge", "acknowledges", "acknowledged", "acknowledging"],
    ["admit", "admits", "admitted", "admitting"],
    ["conclude", "concludes", "concluded", "concluding"],
    ["observe", "observes", "observed", "observing"],
    ["remark", "remarks", "remarked", "remarking"],
    ["quip", "quips", "quipped", "quipping"],
    ["joke", "jokes", "joked", "joking"],
    ["shout", "shouts", "shouted", "shouting"],
    ["yell", "yells", "yelled", "yelling"],
    ["exclaim", "exclaims", "exclaimed", "exclaiming"],
    ["tell", "tells", "told", "telling"],
    ["predict", "predicts", "predicted", "predicting"],
    ["suggest", "suggests", "suggested", "suggesting"],
    ["stress", "stresses", "stressed", "stressing"],
    ["emphasize", "emphasizes", "emphasized", "emphasizing"],
    ["emphasise", "emphasises", "emphasised", "emphasising"],
    ["assert", "asserts", "asserted", "asserting"],
    ["contend", "contends", "contended", "contending"],
    ["counter", "counters", "countered", "countering"],
    ["retort", "retorts", "retorted", "retorting"],
    ["concede", "concedes", "conceded", "conceding"],
    ["confirm", "confirms", "confirmed", "confirming"],
    ["complain", "complains", "complained", "complaining"],
    ["boast", "boasts", "boasted", "boasting"],
    ["explain", "explains", "explained", "explaining"],
    ["report", "reports", "reported", "reporting"],
    ["reiterate", "reiterates", "reiterated", "reiterating"],
    ["repeat", "repeats", "repeated", "repeating"],
    ["testify", "testifies", "testified", "testifying"],
    ["post", "posts", "posted", "posting"],
    ["comment", "comments", "commented", "commenting"],
    ["muse", "muses", "mused", "musing"],
    ["chant", "chants", "chanted", "chanting"],
    ["cry", "cries", "cried", "crying"],
    ["scream", "screams", "screamed", "screaming"],
    ["plead", "pleads", "pleaded", "pleading"],
    ["vow", "vows", "vowed", "vowing"],
    ["promise", "promises", "promised", "promising"],
    ["pledge", "pledges", "pledged", "pledging"],
    ["maintain", "maintains", "maintained", "maintaining"],
    ["allege", "alleges", "alleged", "alleging"],
    ["caution", "cautions", "cautioned", "cautioning"],
    ["deny", "denies", "denied", "denying"],
    ["reveal", "reveals", "revealed", "revealing"],
    ["disclose", "discloses", "disclosed", "disclosing"],
    ["concur", "concurs", "concurred", "concurring"],
    ["agree", "agrees", "agreed", "agreeing"],
    ["estimate", "estimates", "estimated", "estimating"],
    ["hint", "hints", "hinted", "hinting"],
    ["indicate", "indicates", "indicated", "indicating"],
    ["signal", "signals", "signaled", "signaling"],
    ["complain", "complains", "complained", "complaining"],
    ["lament", "laments", "lamented", "lamenting"],
    ["confess", "confesses", "confessed", "confessing"],
    ["charge", "charges", "charged", "charging"],
    ["predict", "predicts", "predicted", "predicting"],
    ["speculate", "speculates", "speculated", "speculating"],
    ["swear", "swears", "swore", "swearing"],
    ["write", "writes", "written", "writing"],
];

/// Speech verbs that take an object or an infinitive as content (`urged Xi to …`,
/// `praised the “great prospects”`), rarely placed after a quote.
const OBJECT_SPEECH: &[[&str; 4]] = &[
    ["urge", "urges", "urged", "urging"],
    ["call", "calls", "called", "calling"],
    ["praise", "praises", "praised", "praising"],
    ["criticize", "criticizes", "criticized", "criticizing"],
    ["criticise", "criticises", "criticised", "criticising"],
    ["accuse", "accuses", "accused", "accusing"],
    ["blame", "blames", "blamed", "blaming"],
    ["describe", "describes", "described", "describing"],
    ["welcome", "welcomes", "welcomed", "welcoming"],
    ["propose", "proposes", "proposed", "proposing"],
    ["demand", "demands", "demanded", "demanding"],
    ["question", "questions", "questioned", "questioning"],
    ["dismiss", "dismisses", "dismissed", "dismissing"],
    ["reject", "rejects", "rejected", "rejecting"],
    ["defend", "defends", "defended", "defending"],
    ["endorse", "endorses", "endorsed", "endorsing"],
    ["tout", "touts", "touted", "touting"],
    ["cite", "cites", "cited", "citing"],
    ["denounce", "denounces", "denounced", "denouncing"],
    ["condemn", "condemns", "condemned", "condemning"],
    ["slam", "slams", "slammed", "slamming"],
    ["blast", "blasts", "blasted", "blasting"],
    ["attack", "attacks", "attacked", "attacking"],
    ["mock", "mocks", "mocked", "mocking"],
    ["recommend", "recommends", "recommended", "recommending"],
    ["advise", "advises", "advised", "advising"],
    ["threaten", "threatens", "threatened", "threatening"],
    ["refer", "refers", "referred", "referring"],
    ["decline", "declines", "declined", "declining"],
    ["refuse", "refuses", "refused", "refusing"],
    ["discuss", "discusses", "discussed", "discussing"],
    ["express", "expresses", "expressed", "expressing"],
    ["dub", "dubs", "dubbed", "dubbing"],
    ["label", "labels", "labeled", "labeling"],
    ["brand", "brands", "branded", "branding"],
];

/// Verbs with a hearer object before the content (`told reporters that …`).
const TELL_LIKE: &[[&str; 4]] = &[
    ["tell", "tells", "told", "telling"],
    ["assure", "assures", "assured", "assuring"],
    ["remind", "reminds", "reminded", "reminding"],
    ["inform", "informs", "informed", "informing"],
    ["warn", "warns", "warned", "warning"],
];

/// Thought, belief and intention.
const BELIEF: &[[&str; 4]] = &[
    ["believe", "believes", "believed", "believing"],
    ["think", "thinks", "thought", "thinking"],
    ["expect", "expects", "expected", "expecting"],
    ["hope", "hopes", "hoped", "hoping"],
    ["want", "wants", "wanted", "wanting"],
    ["fear", "fears", "feared", "fearing"],
    ["worry", "worries", "worried", "worrying"],
    ["doubt", "doubts", "doubted", "doubting"],
    ["feel", "feels", "felt", "feeling"],
    ["know", "knows", "knew", "knowing"],
    ["wish", "wishes", "wished", "wishing"],
    ["plan", "plans", "planned", "planning"],
    ["intend", "intends", "intended", "intending"],
    ["prefer", "prefers", "preferred", "preferring"],
    ["suspect", "suspects", "suspected", "suspecting"],
    ["support", "supports", "supported", "supporting"],
    ["oppose", "opposes", "opposed", "opposing"],
];

/// Evidence verbs (only with an evidence subject such as "polls").
const EVIDENCE: &[[&str; 4]] = &[
    ["show", "shows", "showed", "showing"],
    ["find", "finds", "found", "finding"],
    ["suggest", "suggests", "suggested", "suggesting"],
    ["indicate", "indicates", "indicated", "indicating"],
];

fn table() -> &'static FxHashMap<&'static str, Cue> {
    static TABLE: OnceLock<FxHashMap<&'static str, Cue>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut m = FxHashMap::default();
        let forms = [Form::Base, Form::Third, Form::Past, Form::Ing];
        // Later lists do not override earlier ones: the first class a word gets wins.
        let mut add = |list: &[[&'static str; 4]], class: CueClass, postposed: bool| {
            for row in list {
                for (w, form) in row.iter().zip(forms) {
                    m.entry(*w).or_insert(Cue { class, form, postposed });
                }
            }
        };
        add(TELL_LIKE, CueClass::Tell, true);
        add(SAY_LIKE, CueClass::Speech, true);
        add(OBJECT_SPEECH, CueClass::Speech, false);
        add(BELIEF, CueClass::Belief, false);
        add(EVIDENCE, CueClass::Evidence, false);
        m
    })
}

/// The cue a lowercased word is, if any.
pub fn cue(word: &str) -> Option<Cue> {
    table().get(word).copied()
}

/// Speech verbs of [`OBJECT_SPEECH`] whose object is the content ("urged Xi to …").
pub fn object_is_content(word: &str) -> bool {
    OBJECT_SPEECH.iter().any(|row| row.contains(&word))
}

/// Subject pronouns that can be speakers.
pub fn is_subject_pronoun(w: &str) -> bool {
    matches!(w, "he" | "she" | "they" | "i" | "we" | "you" | "it")
}

/// Personal pronouns resolved to a person.
pub fn is_person_pronoun(w: &str) -> bool {
    matches!(w, "he" | "she")
}

/// Objects of `tell` that are pronouns.
pub fn is_object_pronoun(w: &str) -> bool {
    matches!(w, "him" | "her" | "them" | "us" | "me" | "you" | "it")
}

/// Auxiliaries and adverbs skipped between a subject and its verb ("has also said").
pub fn is_aux_or_adverb(w: &str) -> bool {
    matches!(
        w,
        "has"
            | "have"
            | "had"
            | "also"
            | "would"
            | "will"
            | "could"
            | "might"
            | "may"
            | "did"
            | "does"
            | "do"
            | "then"
            | "later"
            | "again"
            | "once"
            | "often"
            | "never"
            | "already"
            | "still"
            | "just"
            | "even"
            | "previously"
            | "recently"
            | "earlier"
            | "now"
            | "reportedly"
            | "'ve"
            | "’ve"
            | "'d"
            | "’d"
            | "'ll"
            | "’ll"
            | "is"
            | "was"
            | "are"
            | "were"
            | "been"
            | "be"
            | "not"
            | "n't"
            | "n’t"
            | "has been"
            | "simply"
            | "first"
            | "further"
    ) || (w.len() > 4 && w.ends_with("ly") && !matches!(w, "family" | "ally" | "italy" | "july"))
}

/// Determiners and quantifiers that open a noun-phrase speaker ("a Russian official").
pub fn is_determiner(w: &str) -> bool {
    matches!(
        w,
        "a" | "an"
            | "the"
            | "some"
            | "other"
            | "many"
            | "several"
            | "most"
            | "few"
            | "two"
            | "three"
            | "four"
            | "both"
            | "one"
            | "his"
            | "her"
            | "their"
            | "its"
            | "our"
            | "this"
            | "that"
            | "these"
            | "those"
            | "another"
            | "each"
            | "all"
            | "no"
            | "any"
            | "more"
            | "fellow"
    )
}

/// Nouns for people and bodies that speak without a name ("analysts", "a spokesman").
pub fn is_role_noun(w: &str) -> bool {
    let w = w.strip_suffix('s').filter(|s| s.len() > 2 && !w.ends_with("ss")).unwrap_or(w);
    matches!(
        w,
        "official"
            | "percent"
            | "half"
            | "majority"
            | "plurality"
            | "third"
            | "quarter"
            | "analyst"
            | "expert"
            | "spokesman"
            | "spokesmen"
            | "spokeswoman"
            | "spokeswomen"
            | "spokesperson"
            | "source"
            | "aide"
            | "adviser"
            | "advisor"
            | "people"
            | "critic"
            | "supporter"
            | "researcher"
            | "economist"
            | "observer"
            | "diplomat"
            | "lawmaker"
            | "legislator"
            | "senator"
            | "leader"
            | "voter"
            | "resident"
            | "member"
            | "strategist"
            | "minister"
            | "ministry"
            | "president"
            | "candidate"
            | "campaign"
            | "government"
            | "administration"
            | "statement"
            | "report"
            | "poll"
            | "survey"
            | "study"
            | "studie"
            | "data"
            | "democrat"
            | "republican"
            | "officer"
            | "executive"
            | "director"
            | "chairman"
            | "chairwoman"
            | "chair"
            | "secretary"
            | "ambassador"
            | "professor"
            | "scholar"
            | "fellow"
            | "activist"
            | "protester"
            | "worker"
            | "employee"
            | "man"
            | "men"
            | "woman"
            | "women"
            | "person"
            | "friend"
            | "lawyer"
            | "attorney"
            | "judge"
            | "prosecutor"
            | "police"
            | "author"
            | "writer"
            | "reporter"
            | "journalist"
            | "editor"
            | "host"
            | "commentator"
            | "pundit"
            | "pollster"
            | "organizer"
            | "group"
            | "committee"
            | "party"
            | "agency"
            | "department"
            | "company"
            | "firm"
            | "bank"
            | "union"
            | "council"
            | "court"
            | "office"
            | "delegate"
            | "donor"
            | "governor"
            | "mayor"
            | "congressman"
            | "congresswoman"
            | "representative"
            | "speaker"
            | "manager"
            | "consultant"
            | "operative"
            | "insider"
            | "veteran"
            | "student"
            | "parent"
            | "mother"
            | "father"
            | "wife"
            | "husband"
            | "son"
            | "daughter"
            | "nominee"
            | "rival"
            | "opponent"
            | "challenger"
            | "incumbent"
            | "military"
            | "army"
            | "tweet"
            | "letter"
            | "memo"
            | "document"
            | "record"
            | "filing"
            | "article"
            | "editorial"
            | "ad"
            | "video"
            | "website"
            | "release"
            | "authoritie"
            | "authority"
            | "everyone"
            | "everybody"
            | "someone"
            | "somebody"
            | "nobody"
            | "crowd"
            | "audience"
            | "american"
            | "conservative"
            | "liberal"
            | "progressive"
    )
}

/// Subjects of evidence verbs ("polls show").
pub fn is_evidence_noun(w: &str) -> bool {
    matches!(
        w,
        "poll"
            | "polls"
            | "polling"
            | "survey"
            | "surveys"
            | "data"
            | "study"
            | "studies"
            | "report"
            | "reports"
            | "numbers"
            | "figures"
            | "results"
            | "records"
            | "documents"
            | "research"
            | "analysis"
            | "investigation"
            | "review"
            | "audit"
            | "estimates"
    )
}

/// Titles before a name, dropped when resolving the canonical name ("Sen.", "President").
pub fn is_title(w: &str) -> bool {
    matches!(
        w,
        "mr."
            | "mrs."
            | "ms."
            | "dr."
            | "sen."
            | "rep."
            | "gov."
            | "lt."
            | "gen."
            | "col."
            | "sgt."
            | "capt."
            | "prof."
            | "rev."
            | "st."
            | "adm."
            | "maj."
            | "cmdr."
            | "mr"
            | "mrs"
            | "ms"
            | "dr"
            | "president"
            | "vice"
            | "senator"
            | "governor"
            | "secretary"
            | "minister"
            | "prime"
            | "chancellor"
            | "king"
            | "queen"
            | "prince"
            | "princess"
            | "pope"
            | "mayor"
            | "judge"
            | "justice"
            | "speaker"
            | "leader"
            | "chairman"
            | "chairwoman"
            | "ambassador"
            | "general"
            | "state"
            | "foreign"
            | "defense"
            | "defence"
            | "chief"
            | "former"
            | "deputy"
            | "acting"
            | "us"
            | "u.s."
            | "sheriff"
            | "attorney"
            | "congressman"
            | "congresswoman"
            | "representative"
            | "lord"
            | "lady"
            | "sir"
            | "dame"
            | "candidate"
            | "presidential"
            | "democratic"
            | "republican"
            | "commissioner"
            | "director"
            | "professor"
            | "premier"
            | "emperor"
            | "sultan"
            | "sheikh"
            | "rabbi"
            | "father"
            | "sister"
            | "brother"
            | "of"
            | "the"
            | "russian"
            | "chinese"
            | "french"
            | "german"
            | "british"
            | "american"
            | "israeli"
            | "ukrainian"
            | "iranian"
            | "indian"
            | "japanese"
            | "turkish"
            | "italian"
            | "spanish"
            | "canadian"
            | "australian"
            | "european"
            | "commission"
    )
}

/// Prepositions that may join a role noun to its modifier ("analysts in China").
pub fn is_np_preposition(w: &str) -> bool {
    matches!(w, "in" | "at" | "of" | "from" | "for" | "with" | "on" | "to")
}

/// Words that are capitalised at a sentence start but are no names.
pub fn is_function_word(w: &str) -> bool {
    matches!(
        w,
        "the"
            | "a"
            | "an"
            | "but"
            | "and"
            | "or"
            | "so"
            | "yet"
            | "in"
            | "on"
            | "at"
            | "for"
            | "to"
            | "of"
            | "with"
            | "by"
            | "from"
            | "as"
            | "if"
            | "when"
            | "while"
            | "after"
            | "before"
            | "since"
            | "because"
            | "although"
            | "though"
            | "that"
            | "this"
            | "these"
            | "those"
            | "there"
            | "here"
            | "what"
            | "which"
            | "who"
            | "why"
            | "how"
            | "where"
            | "it"
            | "its"
            | "his"
            | "her"
            | "their"
            | "our"
            | "my"
            | "your"
            | "we"
            | "they"
            | "he"
            | "she"
            | "i"
            | "you"
            | "not"
            | "no"
            | "yes"
            | "still"
            | "now"
            | "then"
            | "also"
            | "despite"
            | "during"
            | "following"
            | "according"
            | "under"
            | "over"
            | "about"
            | "asked"
            | "meanwhile"
            | "however"
            | "instead"
            | "even"
            | "only"
            | "just"
            | "like"
            | "unlike"
            | "among"
            | "until"
            | "through"
            | "against"
    )
}

/// Words that start an adverbial between a cue and its content ("said in a statement that").
pub fn is_adverbial_start(w: &str) -> bool {
    matches!(
        w,
        "in" | "on"
            | "at"
            | "during"
            | "last"
            | "this"
            | "earlier"
            | "later"
            | "late"
            | "early"
            | "yesterday"
            | "today"
            | "tonight"
            | "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
            | "recently"
            | "repeatedly"
            | "publicly"
            | "privately"
            | "again"
            | "also"
            | "flatly"
            | "previously"
            | "afterward"
            | "afterwards"
            | "then"
            | "while"
            | "before"
            | "after"
            | "from"
            | "to"
            | "via"
            | "through"
            | "over"
            | "when"
            | "with"
            | "of"
            | "about"
            | "back"
            | "shortly"
            | "once"
    )
}

/// Subordinators and conjunctions after a comma that end a reported clause.
pub fn ends_content_after_comma(w: &str) -> bool {
    matches!(w, "while" | "whereas" | "but" | "although" | "though" | "even")
}

/// Paragraph-initial words that look like `NAME:` but introduce no speaker.
pub fn is_colon_label(w: &str) -> bool {
    matches!(
        w,
        "update"
            | "updated"
            | "note"
            | "editor"
            | "photo"
            | "photos"
            | "video"
            | "watch"
            | "read"
            | "related"
            | "source"
            | "sources"
            | "correction"
            | "breaking"
            | "exclusive"
            | "analysis"
            | "opinion"
            | "advertisement"
            | "q"
            | "a"
            | "see"
            | "also"
            | "more"
            | "listen"
            | "warning"
            | "disclaimer"
            | "credit"
            | "image"
            | "caption"
            | "follow"
            | "contact"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cues_have_all_inflections() {
        for w in ["say", "says", "said", "saying", "told", "according", "urged", "believes"] {
            if w == "according" {
                assert!(cue(w).is_none());
            } else {
                assert!(cue(w).is_some(), "{w}");
            }
        }
        assert_eq!(cue("told").map(|c| c.class), Some(CueClass::Tell));
        assert_eq!(cue("saying").map(|c| c.form), Some(Form::Ing));
    }

    #[test]
    fn role_nouns_take_plurals() {
        assert!(is_role_noun("analysts"));
        assert!(is_role_noun("official"));
        assert!(!is_role_noun("boundless"));
    }
}
