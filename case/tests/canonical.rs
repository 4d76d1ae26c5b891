//! Every kind of event reads and writes back byte for byte as it was
//! written when the log began: the chain's hashes and the log key's
//! signatures cover the canonical JSON, so a change in how an event
//! serialises would break every stored log. The fixture holds one or two
//! events of each kind as the first versions wrote them.

use brud_case::chain::canonical;
use brud_case::{Event, EventTag};

#[test]
fn every_kind_of_event_keeps_its_canonical_json() {
    let fixture = include_str!("fixtures/canonical-events.jsonl");
    let mut kinds = std::collections::HashSet::new();
    for line in fixture.lines() {
        let event: Event = serde_json::from_str(line).unwrap_or_else(|e| panic!("{line}: {e}"));
        assert_eq!(canonical(&event), line);
        kinds.insert(event.kind.tag());
    }
    assert_eq!(
        kinds.len(),
        EventTag::all().count(),
        "a kind missing from the fixture"
    );
}
