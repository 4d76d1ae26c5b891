//! The school's staff on the desk: who may sign in to a school's cases,
//! and as what.
//!
//! `config/orgs.toml` gives each school its first roster
//! ([`OrgProfile::staff`]). From then on the school's DPO keeps it on the
//! desk: adds a leader or viewer (or another DPO), changes a role, removes
//! someone who left. Each change is an entry in the school's own signed
//! log ([`SchoolEntryKind::StaffChanged`]) and, beside it, the latest change
//! per address ([`StaffChange`]); the roster in force is the configured one
//! with those changes applied ([`in_force`]), read on every desk request,
//! so a removed leader is refused on their next request, not at the next
//! deploy.
//!
//! Only the DPO changes the roster ([`may_change`]); a school always keeps
//! one DPO at least ([`decide`] refuses removing or demoting the last one),
//! so nobody can lock the school out of its own register. A municipality's
//! shared DPO keeps the roster of each of their schools, one at a time.
//!
//! ```
//! use brud_case::roster::{decide, in_force, StaffChange};
//! use brud_shared::org::{StaffMember, StaffRole};
//!
//! let configured = vec![StaffMember { email: "dpo@skole.dk".into(), role: StaffRole::Dpo }];
//! let add = StaffChange { email: "Leder@Skole.dk ".into(), role: Some(StaffRole::Leader) };
//! assert!(decide(&configured, &add).is_ok());
//! let roster = in_force(&configured, &[add.normalised()]);
//! assert_eq!(roster[1].email, "leder@skole.dk");
//! // The last DPO stays.
//! let remove = StaffChange { email: "dpo@skole.dk".into(), role: None };
//! assert!(decide(&roster, &remove).is_err());
//! ```

use serde::{Deserialize, Serialize};

use crate::school_log::SchoolEntryKind;
use brud_shared::org::{OrgDirectory, OrgProfile, StaffMember, StaffRole};
use brud_shared::problem::{Problem, ProblemCode};
use brud_shared::syntax::is_email;

/// The longest address the roster takes (RFC 5321's path limit).
pub const EMAIL_MAX: usize = 254;

/// One change to a school's roster: `email` gets `role`, or is removed
/// (`None`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffChange {
    /// The address their sign-in vouches for.
    pub email: String,
    /// Their new role; `None`: removed from the school's desk.
    pub role: Option<StaffRole>,
}

impl StaffChange {
    /// The change with its address as the roster keeps it: trimmed and in
    /// lower case (sign-in compares addresses without regard to case).
    pub fn normalised(&self) -> StaffChange {
        StaffChange {
            email: self.email.trim().to_lowercase(),
            role: self.role,
        }
    }
}

/// Whether someone with `role` may change the school's roster: the DPO
/// only (procedures: the DPO keeps track of who handles breaches).
pub fn may_change(role: StaffRole) -> bool {
    role == StaffRole::Dpo
}

/// The roster in force: `configured` with each of `changes` applied in
/// order (a later change to an address replaces an earlier one; a removal
/// takes the address off). Addresses compare without regard to case.
pub fn in_force(configured: &[StaffMember], changes: &[StaffChange]) -> Vec<StaffMember> {
    let mut roster: Vec<StaffMember> = configured.to_vec();
    for change in changes {
        let change = change.normalised();
        let at = roster
            .iter()
            .position(|member| member.email.eq_ignore_ascii_case(&change.email));
        match (at, change.role) {
            (Some(at), Some(role)) => roster[at].role = role,
            (Some(at), None) => {
                roster.remove(at);
            }
            (None, Some(role)) => roster.push(StaffMember {
                email: change.email,
                role,
            }),
            (None, None) => {}
        }
    }
    roster
}

/// The role `email` has on `roster` (compared without regard to case or
/// surrounding space), if any.
pub fn role_of(roster: &[StaffMember], email: &str) -> Option<StaffRole> {
    roster
        .iter()
        .find(|member| member.email.eq_ignore_ascii_case(email.trim()))
        .map(|member| member.role)
}

/// `org` with its roster in force ([`in_force`]).
pub fn with_changes(org: &OrgProfile, changes: &[StaffChange]) -> OrgProfile {
    OrgProfile {
        staff: in_force(&org.staff, changes),
        ..org.clone()
    }
}

/// The schools of `directory` where `email` has a role in the roster in
/// force, with it, in configuration order; `changes` are the changes made
/// for `email` ([`StaffChange`]) with their school's id (another address's
/// changes do not move this one's role).
pub fn schools_of<'a>(
    directory: &'a OrgDirectory,
    email: &str,
    changes: &[(String, StaffChange)],
) -> Vec<(&'a OrgProfile, StaffRole)> {
    directory
        .orgs
        .iter()
        .filter_map(|org| {
            let own: Vec<StaffChange> = changes
                .iter()
                .filter(|(id, _)| *id == org.id)
                .map(|(_, change)| change.clone())
                .collect();
            role_of(&in_force(&org.staff, &own), email).map(|role| (org, role))
        })
        .collect()
}

/// Decides `change` against the roster in force, `roster`: the entry to
/// sign into the school's log, or why not. Refused: an address that cannot
/// be one, a change that changes nothing (the same role again, removing
/// someone not on the roster), and removing or demoting the school's last
/// DPO (409: the roster's state does not allow it).
pub fn decide(
    roster: &[StaffMember],
    change: &StaffChange,
) -> Result<SchoolEntryKind, Vec<Problem>> {
    let change = change.normalised();
    if change.email.chars().count() > EMAIL_MAX {
        return Err(vec![Problem::too_long(
            "email",
            EMAIL_MAX,
            change.email.chars().count(),
        )]);
    }
    if !is_email(&change.email) {
        return Err(vec![Problem::new(
            "email",
            ProblemCode::InvalidFormat,
            "Skriv en e-mailadresse, fx navn@skole.dk.",
            "Enter an e-mail address, e.g. name@school.dk.",
        )]);
    }
    let previous = roster
        .iter()
        .find(|member| member.email.eq_ignore_ascii_case(&change.email))
        .map(|member| member.role);
    if previous == change.role {
        return Err(vec![match change.role {
            Some(_) => Problem::new(
                "role",
                ProblemCode::InvalidValue,
                "Personen har allerede den rolle.",
                "The person already has that role.",
            ),
            None => Problem::new(
                "email",
                ProblemCode::InvalidValue,
                "Personen er ikke på skolens liste.",
                "The person is not on the school's list.",
            ),
        }]);
    }
    let dpos = roster.iter().filter(|m| m.role == StaffRole::Dpo).count();
    if previous == Some(StaffRole::Dpo) && dpos == 1 {
        return Err(vec![Problem::new(
            "role",
            ProblemCode::NotAllowed,
            "Skolen skal have mindst én DPO. Tilføj den nye DPO, før du fjerner den sidste.",
            "The school must keep at least one DPO. Add the new DPO before you remove the last.",
        )]);
    }
    Ok(SchoolEntryKind::StaffChanged {
        email: change.email,
        role: change.role,
        previous,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(email: &str, role: StaffRole) -> StaffMember {
        StaffMember {
            email: email.into(),
            role,
        }
    }

    fn change(email: &str, role: Option<StaffRole>) -> StaffChange {
        StaffChange {
            email: email.into(),
            role,
        }
    }

    fn configured() -> Vec<StaffMember> {
        vec![
            member("dpo@kommune.dk", StaffRole::Dpo),
            member("Leder@Skole.dk", StaffRole::Leader),
            member("bestyrelse@skole.dk", StaffRole::Viewer),
        ]
    }

    #[test]
    fn changes_apply_in_order_over_the_configured_roster() {
        let changes = [
            change("LEDER@skole.dk", None),
            change("ny.leder@skole.dk", Some(StaffRole::Leader)),
            change("bestyrelse@skole.dk", Some(StaffRole::Leader)),
            change("ny.leder@skole.dk", Some(StaffRole::Viewer)),
            change("aldrig@skole.dk", None),
        ];
        let roster = in_force(&configured(), &changes);
        assert_eq!(
            roster,
            vec![
                member("dpo@kommune.dk", StaffRole::Dpo),
                member("bestyrelse@skole.dk", StaffRole::Leader),
                member("ny.leder@skole.dk", StaffRole::Viewer),
            ]
        );
        // Without changes the configured roster holds.
        assert_eq!(in_force(&configured(), &[]), configured());
    }

    #[test]
    fn a_change_is_signed_with_the_role_before_it() {
        let entry = decide(
            &configured(),
            &change(" leder@skole.dk", Some(StaffRole::Viewer)),
        )
        .unwrap();
        assert_eq!(
            entry,
            SchoolEntryKind::StaffChanged {
                email: "leder@skole.dk".into(),
                role: Some(StaffRole::Viewer),
                previous: Some(StaffRole::Leader),
            }
        );
        let added = decide(&configured(), &change("ny@skole.dk", Some(StaffRole::Dpo))).unwrap();
        assert!(matches!(
            added,
            SchoolEntryKind::StaffChanged {
                previous: None,
                role: Some(StaffRole::Dpo),
                ..
            }
        ));
    }

    #[test]
    fn the_last_dpo_can_be_neither_removed_nor_demoted() {
        for role in [None, Some(StaffRole::Leader), Some(StaffRole::Viewer)] {
            let problems = decide(&configured(), &change("dpo@kommune.dk", role)).unwrap_err();
            assert_eq!(problems[0].code, ProblemCode::NotAllowed);
        }
        // With a second DPO the first can go.
        let two = in_force(
            &configured(),
            &[change("ny.dpo@kommune.dk", Some(StaffRole::Dpo))],
        );
        assert!(decide(&two, &change("dpo@kommune.dk", None)).is_ok());
    }

    #[test]
    fn a_change_that_changes_nothing_or_a_wrong_address_is_refused() {
        let same = decide(
            &configured(),
            &change("leder@skole.dk", Some(StaffRole::Leader)),
        );
        assert_eq!(same.unwrap_err()[0].field, "role");
        let absent = decide(&configured(), &change("ukendt@skole.dk", None));
        assert_eq!(absent.unwrap_err()[0].field, "email");
        for wrong in ["", "leder", "leder@skole", "le der@skole.dk"] {
            let problems =
                decide(&configured(), &change(wrong, Some(StaffRole::Leader))).unwrap_err();
            assert_eq!(problems[0].code, ProblemCode::InvalidFormat, "{wrong:?}");
        }
        let long = format!("{}@skole.dk", "a".repeat(250));
        let problems = decide(&configured(), &change(&long, Some(StaffRole::Viewer))).unwrap_err();
        assert_eq!(problems[0].code, ProblemCode::TooLong);
    }

    #[test]
    fn a_role_is_found_by_the_address_whatever_its_case_and_spaces() {
        let roster = configured();
        let first = &roster[0];
        let shouted = format!(" {} ", first.email.to_uppercase());
        assert_eq!(role_of(&roster, &shouted), Some(first.role));
        assert_eq!(role_of(&roster, "ukendt@skole.example"), None);
        // Removed: no role from the next request on.
        let removed = in_force(&roster, &[change(&first.email, None)]);
        assert_eq!(role_of(&removed, &first.email), None);
    }

    #[test]
    fn only_the_dpo_changes_the_roster() {
        assert!(may_change(StaffRole::Dpo));
        assert!(!may_change(StaffRole::Leader));
        assert!(!may_change(StaffRole::Viewer));
    }

    #[test]
    fn the_school_profile_carries_the_roster_in_force() {
        let mut org = OrgProfile::unconfigured("demo");
        org.staff = configured();
        let changed = with_changes(&org, &[change("leder@skole.dk", None)]);
        assert_eq!(changed.role_of("leder@skole.dk"), None);
        assert_eq!(changed.role_of("dpo@kommune.dk"), Some(StaffRole::Dpo));
        assert_eq!(org.role_of("leder@skole.dk"), Some(StaffRole::Leader));
    }

    #[test]
    fn a_persons_schools_follow_their_changes_in_each_school() {
        let mut first = OrgProfile::unconfigured("first");
        first.staff = configured();
        let mut second = OrgProfile::unconfigured("second");
        second.staff = vec![member("dpo@kommune.dk", StaffRole::Dpo)];
        let directory = OrgDirectory {
            orgs: vec![first, second],
        };
        let ids = |schools: Vec<(&OrgProfile, StaffRole)>| {
            schools
                .into_iter()
                .map(|(org, role)| (org.id.clone(), role))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            ids(schools_of(&directory, "LEDER@skole.dk", &[])),
            vec![("first".to_string(), StaffRole::Leader)]
        );
        let changes = [
            ("first".to_string(), change("leder@skole.dk", None)),
            (
                "second".to_string(),
                change("leder@skole.dk", Some(StaffRole::Viewer)),
            ),
        ];
        assert_eq!(
            ids(schools_of(&directory, "leder@skole.dk", &changes)),
            vec![("second".to_string(), StaffRole::Viewer)]
        );
    }
}
