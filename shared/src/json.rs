//! A small JSON decoder for the browser, serde-compatible and built for
//! download size.
//!
//! The form reads JSON in four places: its own draft and outbox from
//! localStorage, and the Worker's organisation profile and problem details.
//! With `serde_json` every type's derived `Deserialize` gets the whole
//! parser inlined into it, and each struct is decoded both as an object and
//! as an array; that came to about 30 kB of the form's brotli download. Here
//! the text is first parsed into a plain tree by non-generic code, and serde
//! then sees a deserializer with tiny methods that only make the calls the
//! derives need: structs are read only from objects, enums only from
//! strings (or one-key objects), identifiers only as strings.
//!
//! The derives stay the single description of the wire format (names,
//! defaults, `deny_unknown_fields`), so this decoder accepts exactly what
//! `serde_json` accepts for the types the form reads; `tests/json.rs` checks
//! that against `serde_json` for every scenario, random reports and a list
//! of malformed inputs. Errors carry no text: the form only needs to know
//! that something could not be read (the Worker, which explains errors to
//! clients, keeps using `serde_json`).
//!
//! Numbers are integers unless the type asks for a float; `deserialize_any`
//! (which none of the wire types use) rejects fractions so that no float
//! parsing code is pulled into the download.

use std::fmt;
use std::vec;

use serde::de::{self, DeserializeOwned, DeserializeSeed, Visitor};

/// Nesting deeper than this is rejected (the report nests four levels).
const MAX_DEPTH: usize = 64;

/// Something could not be read as the requested type. Deliberately without
/// detail: see the module documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Error;

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("invalid JSON for this type")
    }
}

impl std::error::Error for Error {}

// Every constructor is overridden so that no message is ever formatted:
// formatting code per derived type is what this module exists to avoid.
impl de::Error for Error {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Error
    }
    fn invalid_type(_: de::Unexpected<'_>, _: &dyn de::Expected) -> Self {
        Error
    }
    fn invalid_value(_: de::Unexpected<'_>, _: &dyn de::Expected) -> Self {
        Error
    }
    fn invalid_length(_: usize, _: &dyn de::Expected) -> Self {
        Error
    }
    fn unknown_variant(_: &str, _: &'static [&'static str]) -> Self {
        Error
    }
    fn unknown_field(_: &str, _: &'static [&'static str]) -> Self {
        Error
    }
    fn missing_field(_: &'static str) -> Self {
        Error
    }
    fn duplicate_field(_: &'static str) -> Self {
        Error
    }
}

/// Reads `text` as a `T`, as `serde_json::from_str` would.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, Error> {
    T::deserialize(parse(text)?)
}

/// A parsed JSON value. Numbers keep their text until a type asks for one.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as written.
    Number(String),
    /// A string, unescaped.
    String(String),
    /// An array.
    Array(Vec<Node>),
    /// An object, members in order (duplicates kept: the derives reject them).
    Object(Vec<(String, Node)>),
}

/// Parses a complete JSON text (RFC 8259): one value, whitespace around it.
pub fn parse(text: &str) -> Result<Node, Error> {
    let mut parser = Parser {
        bytes: text.as_bytes(),
        at: 0,
    };
    let node = parser.value(0)?;
    parser.skip_whitespace();
    if parser.at == parser.bytes.len() {
        Ok(node)
    } else {
        Err(Error)
    }
}

struct Parser<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn bump(&mut self) -> Result<u8, Error> {
        let byte = self.peek().ok_or(Error)?;
        self.at += 1;
        Ok(byte)
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn expect(&mut self, byte: u8) -> Result<(), Error> {
        self.skip_whitespace();
        if self.bump()? == byte {
            Ok(())
        } else {
            Err(Error)
        }
    }

    fn literal(&mut self, word: &[u8], node: Node) -> Result<Node, Error> {
        if self.bytes[self.at..].starts_with(word) {
            self.at += word.len();
            Ok(node)
        } else {
            Err(Error)
        }
    }

    fn value(&mut self, depth: usize) -> Result<Node, Error> {
        if depth > MAX_DEPTH {
            return Err(Error);
        }
        self.skip_whitespace();
        match self.peek().ok_or(Error)? {
            b'n' => self.literal(b"null", Node::Null),
            b't' => self.literal(b"true", Node::Bool(true)),
            b'f' => self.literal(b"false", Node::Bool(false)),
            b'"' => self.string().map(Node::String),
            b'[' => {
                self.at += 1;
                let mut items = Vec::new();
                self.skip_whitespace();
                if self.peek() == Some(b']') {
                    self.at += 1;
                    return Ok(Node::Array(items));
                }
                loop {
                    items.push(self.value(depth + 1)?);
                    self.skip_whitespace();
                    match self.bump()? {
                        b',' => {}
                        b']' => return Ok(Node::Array(items)),
                        _ => return Err(Error),
                    }
                }
            }
            b'{' => {
                self.at += 1;
                let mut members = Vec::new();
                self.skip_whitespace();
                if self.peek() == Some(b'}') {
                    self.at += 1;
                    return Ok(Node::Object(members));
                }
                loop {
                    self.skip_whitespace();
                    if self.peek() != Some(b'"') {
                        return Err(Error);
                    }
                    let key = self.string()?;
                    self.expect(b':')?;
                    members.push((key, self.value(depth + 1)?));
                    self.skip_whitespace();
                    match self.bump()? {
                        b',' => {}
                        b'}' => return Ok(Node::Object(members)),
                        _ => return Err(Error),
                    }
                }
            }
            b'-' | b'0'..=b'9' => self.number(),
            _ => Err(Error),
        }
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    fn number(&mut self) -> Result<Node, Error> {
        let start = self.at;
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        match self.bump()? {
            b'0' => {}
            b'1'..=b'9' => self.digits(),
            _ => return Err(Error),
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            self.some_digits()?;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            self.some_digits()?;
        }
        let text = std::str::from_utf8(&self.bytes[start..self.at]).map_err(|_| Error)?;
        Ok(Node::Number(text.to_string()))
    }

    fn digits(&mut self) {
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.at += 1;
        }
    }

    fn some_digits(&mut self) -> Result<(), Error> {
        let start = self.at;
        self.digits();
        if self.at == start {
            Err(Error)
        } else {
            Ok(())
        }
    }

    fn hex4(&mut self) -> Result<u32, Error> {
        let mut value = 0;
        for _ in 0..4 {
            let digit = (self.bump()? as char).to_digit(16).ok_or(Error)?;
            value = value * 16 + digit;
        }
        Ok(value)
    }

    /// A string starting at the opening quote, unescaped.
    fn string(&mut self) -> Result<String, Error> {
        self.at += 1;
        let mut out = Vec::new();
        loop {
            match self.bump()? {
                b'"' => return String::from_utf8(out).map_err(|_| Error),
                b'\\' => {
                    let unescaped = match self.bump()? {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.unicode_escape()?,
                        _ => return Err(Error),
                    };
                    let mut buffer = [0; 4];
                    out.extend_from_slice(unescaped.encode_utf8(&mut buffer).as_bytes());
                }
                0..=0x1f => return Err(Error),
                byte => out.push(byte),
            }
        }
    }

    /// The character of a `\u` escape (after the `u`), joining a UTF-16
    /// surrogate pair; a lone surrogate is an error, as in `serde_json`.
    fn unicode_escape(&mut self) -> Result<char, Error> {
        let first = self.hex4()?;
        let code = match first {
            0xD800..=0xDBFF => {
                if self.bump()? != b'\\' || self.bump()? != b'u' {
                    return Err(Error);
                }
                let second = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    return Err(Error);
                }
                0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            }
            0xDC00..=0xDFFF => return Err(Error),
            code => code,
        };
        char::from_u32(code).ok_or(Error)
    }
}

impl Node {
    fn unsigned(&self) -> Result<u64, Error> {
        match self {
            Node::Number(text) => text.parse().map_err(|_| Error),
            _ => Err(Error),
        }
    }

    fn signed(&self) -> Result<i64, Error> {
        match self {
            // serde_json reads "-0" as the float -0.0, not as an integer.
            Node::Number(text) if text == "-0" => Err(Error),
            Node::Number(text) => text.parse().map_err(|_| Error),
            _ => Err(Error),
        }
    }

    // Integers go to the visitor as u64 when they fit, else as i64 ("-0"
    // and negatives); the visitor checks the range, as with serde_json.
    fn deserialize_integer<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.unsigned() {
            Ok(value) => visitor.visit_u64(value),
            Err(_) => visitor.visit_i64(self.signed()?),
        }
    }

    fn float(&self) -> Result<f64, Error> {
        match self {
            Node::Number(text) => text.parse().map_err(|_| Error),
            _ => Err(Error),
        }
    }
}

macro_rules! integers {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            self.deserialize_integer(visitor)
        }
    )*};
}

impl<'de> de::Deserializer<'de> for Node {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Node::Null => visitor.visit_unit(),
            Node::Bool(value) => visitor.visit_bool(value),
            Node::Number(_) => self.deserialize_integer(visitor),
            Node::String(text) => visitor.visit_string(text),
            Node::Array(items) => visitor.visit_seq(Items(items.into_iter())),
            Node::Object(members) => visitor.visit_map(Members {
                members: members.into_iter(),
                value: None,
            }),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Node::Bool(value) => visitor.visit_bool(value),
            _ => Err(Error),
        }
    }

    integers!(deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64);
    integers!(deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64);

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_f64(visitor)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_f64(self.float()?)
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_string(visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_string(visitor)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Node::String(text) => visitor.visit_string(text),
            _ => Err(Error),
        }
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Error> {
        Err(Error)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Error> {
        Err(Error)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Node::Null => visitor.visit_none(),
            node => visitor.visit_some(node),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Node::Null => visitor.visit_unit(),
            _ => Err(Error),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Node::Array(items) => visitor.visit_seq(Items(items.into_iter())),
            _ => Err(Error),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Node::Object(members) => visitor.visit_map(Members {
                members: members.into_iter(),
                value: None,
            }),
            _ => Err(Error),
        }
    }

    /// Objects only: serde_json also reads structs from arrays, which no
    /// JSON writer of ours produces and which doubles the generated code.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self {
            Node::String(name) => visitor.visit_enum(Variant { name, value: None }),
            Node::Object(mut members) if members.len() == 1 => {
                let (name, value) = members.remove(0);
                visitor.visit_enum(Variant {
                    name,
                    value: Some(value),
                })
            }
            _ => Err(Error),
        }
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Node::String(name) => visitor.visit_str(&name),
            _ => Err(Error),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }
}

/// The items of an array, for `visit_seq`.
struct Items(vec::IntoIter<Node>);

impl<'de> de::SeqAccess<'de> for Items {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        self.0.next().map(|item| seed.deserialize(item)).transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

/// The members of an object, for `visit_map`.
struct Members {
    members: vec::IntoIter<(String, Node)>,
    value: Option<Node>,
}

impl<'de> de::MapAccess<'de> for Members {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        match self.members.next() {
            Some((key, value)) => {
                self.value = Some(value);
                seed.deserialize(Node::String(key)).map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        seed.deserialize(self.value.take().ok_or(Error)?)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.members.len())
    }
}

/// An enum value: a variant name, and its content for non-unit variants.
struct Variant {
    name: String,
    value: Option<Node>,
}

impl<'de> de::EnumAccess<'de> for Variant {
    type Error = Error;
    type Variant = VariantContent;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, VariantContent), Error> {
        Ok((
            seed.deserialize(Node::String(self.name))?,
            VariantContent(self.value),
        ))
    }
}

/// What follows an enum's variant name.
struct VariantContent(Option<Node>);

impl<'de> de::VariantAccess<'de> for VariantContent {
    type Error = Error;

    /// `"name"`, or `{"name": null}` as serde_json also accepts.
    fn unit_variant(self) -> Result<(), Error> {
        match self.0 {
            None | Some(Node::Null) => Ok(()),
            Some(_) => Err(Error),
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
        seed.deserialize(self.0.ok_or(Error)?)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value, Error> {
        de::Deserializer::deserialize_seq(self.0.ok_or(Error)?, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        de::Deserializer::deserialize_map(self.0.ok_or(Error)?, visitor)
    }
}
