//! The tag set: BILOU over the four CoNLL types, the transitions BILOU allows, and conversion
//! between tag sequences and typed token spans.

use news_core::EntityLabel;

/// Entity types, in tag order.
pub const TYPES: [&str; 4] = ["PER", "ORG", "LOC", "MISC"];
/// Number of tags: `O` plus B, I, L, U for each type.
pub const NT: usize = 1 + 4 * TYPES.len();
/// The outside tag.
pub const O: u8 = 0;

/// Position of a tag inside its entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pos {
    Out,
    Begin,
    Inside,
    Last,
    Unit,
}

/// The tag for `pos` of type `ty` (0..4).
#[must_use]
pub fn tag(pos: Pos, ty: usize) -> u8 {
    let base = 1 + 4 * ty as u8;
    match pos {
        Pos::Out => O,
        Pos::Begin => base,
        Pos::Inside => base + 1,
        Pos::Last => base + 2,
        Pos::Unit => base + 3,
    }
}

/// The position and type (0..4; 0 for `O`) of a tag.
#[must_use]
pub fn split(t: u8) -> (Pos, usize) {
    if t == O || usize::from(t) >= NT {
        return (Pos::Out, 0);
    }
    let k = t - 1;
    let pos = match k % 4 {
        0 => Pos::Begin,
        1 => Pos::Inside,
        2 => Pos::Last,
        _ => Pos::Unit,
    };
    (pos, usize::from(k / 4))
}

/// The type index of a type name, if it is one of [`TYPES`].
#[must_use]
pub fn type_index(name: &str) -> Option<usize> {
    TYPES.iter().position(|t| *t == name)
}

/// The label of a type index.
#[must_use]
pub fn label(ty: usize) -> EntityLabel {
    match ty {
        0 => EntityLabel::Person,
        1 => EntityLabel::Organization,
        2 => EntityLabel::Location,
        _ => EntityLabel::Misc,
    }
}

/// May tag `b` follow tag `a`?
#[must_use]
pub fn allowed(a: u8, b: u8) -> bool {
    let (pa, ta) = split(a);
    let (pb, tb) = split(b);
    match pa {
        Pos::Begin | Pos::Inside => matches!(pb, Pos::Inside | Pos::Last) && ta == tb,
        Pos::Out | Pos::Last | Pos::Unit => matches!(pb, Pos::Out | Pos::Begin | Pos::Unit),
    }
}

/// May a sentence start with `t`?
#[must_use]
pub fn allowed_start(t: u8) -> bool {
    matches!(split(t).0, Pos::Out | Pos::Begin | Pos::Unit)
}

/// May a sentence end with `t`?
#[must_use]
pub fn allowed_end(t: u8) -> bool {
    matches!(split(t).0, Pos::Out | Pos::Last | Pos::Unit)
}

/// A typed token span `start..end` (end exclusive) within a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TokSpan {
    pub start: usize,
    pub end: usize,
    pub ty: usize,
}

/// Reads spans from a BILOU tag sequence (tolerant: a broken sequence still gives spans).
pub fn spans_bilou(tags: &[u8], out: &mut Vec<TokSpan>) {
    out.clear();
    let mut open: Option<(usize, usize)> = None;
    for (i, &t) in tags.iter().enumerate() {
        let (pos, ty) = split(t);
        match pos {
            Pos::Out => {
                if let Some((s, ty)) = open.take() {
                    out.push(TokSpan { start: s, end: i, ty });
                }
            }
            Pos::Begin | Pos::Unit => {
                if let Some((s, ty)) = open.take() {
                    out.push(TokSpan { start: s, end: i, ty });
                }
                if pos == Pos::Unit {
                    out.push(TokSpan { start: i, end: i + 1, ty });
                } else {
                    open = Some((i, ty));
                }
            }
            Pos::Inside | Pos::Last => {
                match open {
                    Some((_, oty)) if oty == ty => {}
                    _ => {
                        if let Some((s, oty)) = open.take() {
                            out.push(TokSpan { start: s, end: i, ty: oty });
                        }
                        open = Some((i, ty));
                    }
                }
                if pos == Pos::Last
                    && let Some((s, ty)) = open.take()
                {
                    out.push(TokSpan { start: s, end: i + 1, ty });
                }
            }
        }
    }
    if let Some((s, ty)) = open {
        out.push(TokSpan { start: s, end: tags.len(), ty });
    }
}

/// Writes the BILOU tags of `spans` (non-overlapping) over `n` tokens.
#[must_use]
pub fn bilou_of_spans(n: usize, spans: &[TokSpan]) -> Vec<u8> {
    let mut tags = vec![O; n];
    for s in spans {
        if s.end > n || s.start >= s.end {
            continue;
        }
        if s.end - s.start == 1 {
            tags[s.start] = tag(Pos::Unit, s.ty);
        } else {
            tags[s.start] = tag(Pos::Begin, s.ty);
            for t in &mut tags[s.start + 1..s.end - 1] {
                *t = tag(Pos::Inside, s.ty);
            }
            tags[s.end - 1] = tag(Pos::Last, s.ty);
        }
    }
    tags
}

/// Reads spans from IOB tags given as strings ("B-PER", "I-LOC", "O"; also IOB1, BIOES/BILOU),
/// the way conlleval reads them: an I- after O or after another type starts a new entity.
/// Types outside [`TYPES`] are ignored (read as `O`).
#[must_use]
pub fn spans_iob(tags: &[&str]) -> Vec<TokSpan> {
    let mut out = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    for (i, t) in tags.iter().enumerate() {
        let (prefix, ty) = match t.split_once('-') {
            Some((p, ty)) if p.len() == 1 => (p, type_index(ty)),
            _ => ("I", type_index(t)),
        };
        let Some(ty) = ty else {
            if let Some((s, oty)) = open.take() {
                out.push(TokSpan { start: s, end: i, ty: oty });
            }
            continue;
        };
        let starts = match prefix {
            "B" | "S" | "U" => true,
            _ => !matches!(open, Some((_, oty)) if oty == ty),
        };
        if starts && let Some((s, oty)) = open.take() {
            out.push(TokSpan { start: s, end: i, ty: oty });
        }
        if starts {
            open = Some((i, ty));
        }
        if matches!(prefix, "E" | "L" | "S" | "U")
            && let Some((s, oty)) = open.take()
        {
            out.push(TokSpan { start: s, end: i + 1, ty: oty });
        }
    }
    if let Some((s, ty)) = open {
        out.push(TokSpan { start: s, end: tags.len(), ty });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bilou_round_trip() {
        let spans = vec![
            TokSpan { start: 0, end: 2, ty: 0 },
            TokSpan { start: 3, end: 4, ty: 2 },
            TokSpan { start: 4, end: 7, ty: 1 },
        ];
        let tags = bilou_of_spans(8, &spans);
        let mut back = Vec::new();
        spans_bilou(&tags, &mut back);
        assert_eq!(back, spans);
        for w in tags.windows(2) {
            assert!(allowed(w[0], w[1]));
        }
    }

    #[test]
    fn iob_reading_follows_conlleval() {
        let spans = spans_iob(&["I-PER", "I-PER", "B-PER", "O", "I-LOC", "I-ORG", "B-XYZ"]);
        assert_eq!(
            spans,
            vec![
                TokSpan { start: 0, end: 2, ty: 0 },
                TokSpan { start: 2, end: 3, ty: 0 },
                TokSpan { start: 4, end: 5, ty: 2 },
                TokSpan { start: 5, end: 6, ty: 1 },
            ]
        );
    }
}
