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
    /// The label in Danish.
    fn da(self) -> &'static str;
    /// The label in English.
    fn en(self) -> &'static str;
    /// The label in `lang`.
    fn label(self, lang: Language) -> &'static str {
        lang.pick(self.da(), self.en())
    }
}

/// Declares an enum of the wire format together with its Danish and English
/// labels, so a value can never exist without both labels.
macro_rules! labelled_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident => ($da:expr, $en:expr) ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
                 serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $( $(#[$vmeta])* $variant ),+
        }

        impl $crate::lang::Labelled for $name {
            const ALL: &'static [Self] = &[$($name::$variant),+];
            fn da(self) -> &'static str {
                match self { $($name::$variant => $da),+ }
            }
            fn en(self) -> &'static str {
                match self { $($name::$variant => $en),+ }
            }
        }
    };
}

pub(crate) use labelled_enum;

/// Joins the labels of `items` in `lang` with commas and a final "og"/"and".
pub fn join_labels<T: Labelled>(items: &[T], lang: Language) -> String {
    let labels: Vec<&str> = items.iter().map(|item| item.label(lang)).collect();
    join_words(&labels, lang)
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
    fn danish_is_the_default_language() {
        assert_eq!(Language::default(), Language::Da);
        assert_eq!(Language::Da.tag(), "da");
    }
}
