//! The wire form of the labelled enums ([`crate::lang::labelled_enum`]):
//! each value is its snake_case name, e.g. `"ruled_out"`.
//!
//! serde's derive writes a visitor, a field visitor and an enum-access
//! path for every enum and every deserializer; with some twenty enums in
//! the report that was one of the larger parts of the form's download. Here
//! one visitor, generic only over the deserializer, reads a variant name
//! for all of them and returns its position in the enum's list of names;
//! each enum keeps only a call. It follows serde's own path
//! (`deserialize_enum`, then the identifier, then `unit_variant`), so it
//! accepts and refuses exactly what the derive did, with the same messages
//! (`unknown variant `x`, expected one of …`); the tests below check that
//! against a derived twin through `serde_json`.

use std::fmt;

use serde::de::{self, DeserializeSeed, EnumAccess, VariantAccess, Visitor};
use serde::{Deserializer, Serializer};

/// Writes variant `index` of enum `name`, whose wire names are `names`.
pub fn serialize<S: Serializer>(
    serializer: S,
    name: &'static str,
    index: usize,
    names: &'static [&'static str],
) -> Result<S::Ok, S::Error> {
    serializer.serialize_unit_variant(name, index as u32, names[index])
}

/// Reads a variant of enum `name` by its wire name and returns its index
/// in `names`.
pub fn deserialize<'de, D: Deserializer<'de>>(
    deserializer: D,
    name: &'static str,
    names: &'static [&'static str],
) -> Result<usize, D::Error> {
    deserializer.deserialize_enum(name, names, VariantIndex { name, names })
}

/// Finds a variant by name: the enum's visitor and, as a seed, the
/// identifier's.
#[derive(Clone, Copy)]
struct VariantIndex {
    name: &'static str,
    names: &'static [&'static str],
}

impl<'de> Visitor<'de> for VariantIndex {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "enum {}", self.name)
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<usize, A::Error> {
        let (index, variant) = data.variant_seed(Identifier(self.names))?;
        variant.unit_variant()?;
        Ok(index)
    }
}

/// The variant's name, read as an identifier.
struct Identifier(&'static [&'static str]);

impl<'de> DeserializeSeed<'de> for Identifier {
    type Value = usize;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<usize, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for Identifier {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("variant identifier")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<usize, E> {
        self.0
            .iter()
            .position(|name| *name == value)
            .ok_or_else(|| E::unknown_variant(value, self.0))
    }
}

#[cfg(test)]
mod tests {
    use crate::lang::labelled_enum;
    use serde::{Deserialize, Serialize};

    labelled_enum! {
        /// A labelled enum as the macro writes it.
        pub enum Copying {
            /// First.
            RuledOut => ("Udelukket", "Ruled out"),
            /// Second.
            Possible => ("Muligt", "Possible"),
        }
    }

    /// The same enum with serde's derive: what the wire was before.
    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    enum Derived {
        RuledOut,
        Possible,
    }

    #[test]
    fn writes_what_the_derive_writes() {
        assert_eq!(
            serde_json::to_string(&Copying::RuledOut).unwrap(),
            "\"ruled_out\""
        );
        assert_eq!(
            serde_json::to_string(&[Copying::Possible, Copying::RuledOut]).unwrap(),
            serde_json::to_string(&[Derived::Possible, Derived::RuledOut]).unwrap()
        );
    }

    #[test]
    fn accepts_and_refuses_what_the_derive_did_with_the_same_messages() {
        for input in [
            "\"ruled_out\"",
            "\"possible\"",
            "{\"possible\":null}",
            "\"RuledOut\"",
            "\"ruled out\"",
            "\"\"",
            "1",
            "null",
            "true",
            "[\"possible\"]",
            "{\"possible\":1}",
            "{}",
        ] {
            let ours = serde_json::from_str::<Copying>(input).map_err(|e| e.to_string());
            let derived = serde_json::from_str::<Derived>(input).map_err(|e| e.to_string());
            match (&ours, &derived) {
                (Ok(a), Ok(b)) => assert_eq!(format!("{a:?}"), format!("{b:?}"), "{input}"),
                (Err(a), Err(b)) => {
                    // The derive names its enum "Derived": compare the rest.
                    assert_eq!(a.replace("Copying", "Derived"), *b, "{input}")
                }
                _ => panic!("{input}: ours {ours:?}, derived {derived:?}"),
            }
        }
        // And through the form's own decoder.
        assert_eq!(
            crate::json::from_str::<Copying>("\"possible\""),
            Ok(Copying::Possible)
        );
        assert!(crate::json::from_str::<Copying>("\"maybe\"").is_err());
    }
}
