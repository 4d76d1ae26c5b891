//! Wire names of the unit enums (`"high"`, `"overdue"`, `"webhook"`): what
//! serde writes, what D1 columns store and what query strings say. Each
//! enum derives strum's `IntoStaticStr` with the same case rule as its
//! serde `rename_all`, so the name is written once, by the derive; the
//! tests in `shared/tests/wire.rs` pin the two together for every enum.

/// The wire name of a unit enum's value.
pub trait WireName: Copy + Into<&'static str> {
    /// The name, e.g. `RiskLevel::High.wire_name() == "high"`.
    fn wire_name(self) -> &'static str {
        self.into()
    }
}

impl<T: Copy + Into<&'static str>> WireName for T {}

/// The value of a labelled enum whose wire name is `name`, `None` when
/// no value has it (a form or query string that sent something else).
///
/// ```
/// # use brud_shared::{model::RiskLevel, wire::from_wire_name};
/// assert_eq!(from_wire_name::<RiskLevel>("high"), Some(RiskLevel::High));
/// assert_eq!(from_wire_name::<RiskLevel>("High"), None);
/// ```
pub fn from_wire_name<T: crate::lang::Labelled + WireName>(name: &str) -> Option<T> {
    T::ALL
        .iter()
        .copied()
        .find(|value| value.wire_name() == name)
}
