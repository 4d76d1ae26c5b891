//! The roster the DPO keeps: the latest change per address, read back for
//! the school in the order made and for an address across schools, and
//! refused with the school log's entry when another took its place.

mod support;

use brud_case::roster::{in_force, StaffChange};
use brud_case::school_log::{self, SchoolEntryKind};
use brud_shared::org::{StaffMember, StaffRole};
use brud_store::{control, roster, Database};
use support::{block, db};

fn change(email: &str, role: Option<StaffRole>) -> StaffChange {
    StaffChange {
        email: email.into(),
        role,
    }
}

#[test]
fn the_latest_change_per_address_is_kept_and_applies_over_the_configured_roster() {
    let db = db();
    let writes = [
        (
            "demo",
            change("Ny.Leder@skole.dk", Some(StaffRole::Leader)),
            1,
        ),
        ("demo", change("leder@skole.dk", None), 2),
        (
            "demo",
            change("ny.leder@skole.dk", Some(StaffRole::Viewer)),
            3,
        ),
        (
            "other",
            change("ny.leder@skole.dk", Some(StaffRole::Dpo)),
            1,
        ),
    ];
    for (org, change, sequence) in &writes {
        block(db.batch(vec![roster::change_statement(org, change, *sequence)])).unwrap();
    }
    let changes = block(roster::changes(&db, "demo")).unwrap();
    assert_eq!(
        changes,
        vec![
            change("leder@skole.dk", None),
            change("ny.leder@skole.dk", Some(StaffRole::Viewer)),
        ]
    );
    let configured = vec![
        StaffMember {
            email: "dpo@kommune.dk".into(),
            role: StaffRole::Dpo,
        },
        StaffMember {
            email: "leder@skole.dk".into(),
            role: StaffRole::Leader,
        },
    ];
    let roster_in_force = in_force(&configured, &changes);
    assert_eq!(
        roster_in_force,
        vec![
            StaffMember {
                email: "dpo@kommune.dk".into(),
                role: StaffRole::Dpo
            },
            StaffMember {
                email: "ny.leder@skole.dk".into(),
                role: StaffRole::Viewer
            },
        ]
    );
    let mut everywhere = block(roster::changes_for(&db, "NY.LEDER@skole.dk")).unwrap();
    everywhere.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        everywhere,
        vec![
            (
                "demo".to_string(),
                change("ny.leder@skole.dk", Some(StaffRole::Viewer))
            ),
            (
                "other".to_string(),
                change("ny.leder@skole.dk", Some(StaffRole::Dpo))
            ),
        ]
    );
}

#[test]
fn a_change_signed_at_a_taken_place_in_the_school_log_is_not_written() {
    let db = db();
    let at = "2026-12-07T10:00:00Z".parse().unwrap();
    let kind = |email: &str| SchoolEntryKind::StaffChanged {
        email: email.into(),
        role: Some(StaffRole::Leader),
        previous: None,
    };
    let (first, _) = school_log::append("demo", None, kind("a@skole.dk"), "dpo@kommune.dk", at);
    block(db.batch(vec![
        control::school_log_statement("demo", &first).unwrap(),
        roster::change_statement("demo", &change("a@skole.dk", Some(StaffRole::Leader)), 1),
    ]))
    .unwrap();
    // A second DPO decided against the same log: the same sequence.
    let (rival, _) = school_log::append("demo", None, kind("b@skole.dk"), "dpo2@kommune.dk", at);
    let refused = block(db.batch(vec![
        control::school_log_statement("demo", &rival).unwrap(),
        roster::change_statement("demo", &change("b@skole.dk", Some(StaffRole::Leader)), 1),
    ]));
    assert!(refused.is_err());
    assert_eq!(
        block(roster::changes(&db, "demo")).unwrap(),
        vec![change("a@skole.dk", Some(StaffRole::Leader))]
    );
}
