//! Languages and bilingual text.
//!
//! Danish is the default everywhere; English is the second language. Every
//! user-facing string in the domain comes as a [`Text`] pair so that the form,
//! the Worker's problem details and the generated texts can all switch
//! language without losing anything.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The language of the user interface and of generated texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    /// Danish, the default.
    #[default]
    Da,
    /// English.
    En,
}

impl Language {
    /// Both languages, Danish first.
    pub const ALL: &'static [Language] = &[Language::Da, Language::En];

    /// The BCP 47 tag, for `lang` attributes.
    pub fn tag(self) -> &'static str {
        match self {
            Language::Da => "da",
            Language::En => "en",
        }
    }

    /// Picks the string for this language from a Danish/English pair.
    pub fn pick<'a>(self, da: &'a str, en: &'a str) -> &'a str {
        match self {
            Language::Da => da,
            Language::En => en,
        }
    }
}

/// A text in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Text {
    /// Danish.
    pub da: String,
    /// English.
    pub en: String,
}

impl Text {
    /// A pair from two strings.
    pub fn new(da: impl Into<String>, en: impl Into<String>) -> Self {
        Text {
            da: da.into(),
            en: en.into(),
        }
    }

    /// The text in `lang`.
    pub fn get(&self, lang: Language) -> &str {
        lang.pick(&self.da, &self.en)
    }
}

/// Anything with a fixed label in both languages: every enum of the report.
pub trait Labelled: Copy + 'static {
    /// Every value, in the order a form should offer them.
    const ALL: &'static [Self];
    /// Each value's Danish and English label, in the order of [`Self::ALL`].
    const LABELS: &'static [(&'static str, &'static str)];
    /// The value's position in [`Self::ALL`].
    fn index(self) -> usize;
    /// The label in Danish.
    fn da(self) -> &'static str {
        Self::LABELS[self.index()].0
    }
    /// The label in English.
    fn en(self) -> &'static str {
        Self::LABELS[self.index()].1
    }
    /// The label in `lang`.
    fn label(self, lang: Language) -> &'static str {
        lang.pick(self.da(), self.en())
    }
}

/// Declares an enum of the wire format together with its Danish and English
/// labels, so a value can never exist without both labels. Exported for
/// the case crate's own enums (`brud-case`).
#[macro_export]
macro_rules! labelled_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident => ($da:expr, $en:expr) ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
                 schemars::JsonSchema, strum::VariantNames)]
        // One casing for both: the schema's names (schemars reads serde's
        // attribute) and the wire's (strum's list, read by
        // `crate::variant`); a test of every enum checks they agree.
        #[serde(rename_all = "snake_case")]
        #[strum(serialize_all = "snake_case")]
        pub enum $name {
            $( $(#[$vmeta])* $variant ),+
        }

        // The wire name ([`crate::wire::WireName`]), from the same list.
        impl From<$name> for &'static str {
            fn from(value: $name) -> Self {
                <$name as strum::VariantNames>::VARIANTS[value as usize]
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                $crate::variant::serialize(serializer, stringify!($name), *self as usize,
                    <Self as strum::VariantNames>::VARIANTS)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::variant::deserialize(deserializer, stringify!($name),
                    <Self as strum::VariantNames>::VARIANTS)
                    .map(|index| <Self as $crate::lang::Labelled>::ALL[index])
            }
        }

        impl $crate::lang::Labelled for $name {
            const ALL: &'static [Self] = &[$($name::$variant),+];
            const LABELS: &'static [(&'static str, &'static str)] = &[$(($da, $en)),+];
            fn index(self) -> usize {
                self as usize
            }
        }
    };
}

pub(crate) use labelled_enum;

/// Joins the labels of `items` in `lang` for use inside a sentence: each
/// label starts in lower case (acronyms such as "PPR" are kept), and when a
/// label holds a comma itself the items are separated by semicolons so the
/// list stays unambiguous: "elever og forældre", "navn, adresse eller
/// fødselsdato; helbred, diagnoser eller PPR".
pub fn join_labels<T: Labelled>(items: &[T], lang: Language) -> String {
    let labels: Vec<String> = items
        .iter()
        .map(|item| decapitalize(item.label(lang)))
        .collect();
    if labels.iter().any(|label| label.contains(',')) {
        labels.join("; ")
    } else {
        let refs: Vec<&str> = labels.iter().map(String::as_str).collect();
        join_words(&refs, lang)
    }
}

// Case changes for our own labels and sentences, which are Danish and
// English: the Latin-1 letters (A–Z, À–Þ and their small forms) are all
// they need. std's full Unicode case mapping would bring its case tables,
// about 15 kB of the form's brotli download, for letters we never write.

/// Whether `c` is a capital Latin-1 letter.
fn is_capital(c: char) -> bool {
    matches!(c, 'A'..='Z' | 'À'..='Þ') && c != '×'
}

/// The small form of a capital Latin-1 letter; anything else unchanged.
fn to_small(c: char) -> char {
    if is_capital(c) {
        char::from_u32(c as u32 + 32).unwrap_or(c)
    } else {
        c
    }
}

/// The capital form of a small Latin-1 letter (not ß, ÿ or µ, whose
/// capitals lie outside Latin-1); anything else unchanged.
fn to_capital(c: char) -> char {
    if matches!(c, 'a'..='z' | 'à'..='þ') && c != '÷' {
        char::from_u32(c as u32 - 32).unwrap_or(c)
    } else {
        c
    }
}

/// `text` in small letters ("Høj risiko" → "høj risiko"), for labels in
/// the middle of a sentence. Latin-1 letters only; see above.
pub fn lowercase(text: &str) -> String {
    text.chars().map(to_small).collect()
}

/// The first letter in lower case, unless the word is an acronym ("PPR",
/// "CPR-nummer" stay as they are).
pub fn decapitalize(text: &str) -> String {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if is_capital(first) && !is_capital(second) => {
            std::iter::once(to_small(first))
                .chain(text[first.len_utf8()..].chars())
                .collect()
        }
        _ => text.to_string(),
    }
}

/// The first letter in upper case: for a list that starts a sentence.
pub fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => std::iter::once(to_capital(first)).chain(chars).collect(),
        None => String::new(),
    }
}

/// `text` as a sentence: trimmed and ending in `.`, `!` or `?`.
pub fn sentence(text: &str) -> String {
    let text = text.trim();
    if text.is_empty() || text.ends_with(['.', '!', '?']) {
        text.to_string()
    } else {
        format!("{text}.")
    }
}

/// Joins words as a person would write them: "a, b og c" / "a, b and c".
pub fn join_words(words: &[&str], lang: Language) -> String {
    match words {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} {} {}", init.join(", "), lang.pick("og", "and"), last),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_changes_match_std_for_every_latin1_letter() {
        for c in '\0'..='\u{ff}' {
            let text = c.to_string();
            assert_eq!(lowercase(&text), text.to_lowercase(), "{c:?}");
            if !matches!(c, 'ß' | 'ÿ' | 'µ') {
                assert_eq!(capitalize(&text), text.to_uppercase(), "{c:?}");
            }
            assert_eq!(is_capital(c), c.is_uppercase(), "{c:?}");
        }
        assert_eq!(lowercase("Høj RISIKO – Æbler"), "høj risiko – æbler");
        assert_eq!(decapitalize("Øvrige"), "øvrige");
        assert_eq!(decapitalize("CPR-nummer"), "CPR-nummer");
        assert_eq!(capitalize("ændret"), "Ændret");
    }

    #[test]
    fn joins_words_in_both_languages() {
        assert_eq!(join_words(&[], Language::Da), "");
        assert_eq!(join_words(&["elever"], Language::Da), "elever");
        assert_eq!(
            join_words(&["elever", "forældre", "ansatte"], Language::Da),
            "elever, forældre og ansatte"
        );
        assert_eq!(
            join_words(&["pupils", "parents"], Language::En),
            "pupils and parents"
        );
    }

    #[test]
    fn labels_read_naturally_inside_sentences() {
        use crate::model::{DataCategory, SubjectCategory};
        assert_eq!(
            join_labels(
                &[SubjectCategory::Pupils, SubjectCategory::Parents],
                Language::Da
            ),
            "elever og forældre"
        );
        assert_eq!(
            join_labels(
                &[DataCategory::Identity, DataCategory::Health],
                Language::Da
            ),
            "navn, adresse eller fødselsdato; helbred, diagnoser eller PPR"
        );
        assert_eq!(decapitalize("CPR-nummer"), "CPR-nummer");
        assert_eq!(decapitalize("Økonomi"), "økonomi");
        assert_eq!(capitalize("elever"), "Elever");
        assert_eq!(sentence("Slettet."), "Slettet.");
        assert_eq!(sentence(" Slettet "), "Slettet.");
    }

    #[test]
    fn danish_is_the_default_language() {
        assert_eq!(Language::default(), Language::Da);
        assert_eq!(Language::Da.tag(), "da");
    }
}
