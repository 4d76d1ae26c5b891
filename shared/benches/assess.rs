//! How long the domain takes per report, so the rules never matter to the
//! Worker's CPU budget or to typing in the form.
//!
//! `cargo bench -p brud-shared --bench assess`

#[path = "../tests/common/mod.rs"]
mod common;

use std::hint::black_box;

use brud_shared::texts::{generate, TextContext};
use brud_shared::{assess, parse_report, validate, Language, Mode};
use criterion::{criterion_group, criterion_main, Criterion};

fn bench(c: &mut Criterion) {
    let report = common::phished_office365();
    let json = serde_json::to_string(&report).unwrap();
    let org = common::org("zahles");
    let now = common::now();

    c.bench_function("validate + assess (complete report)", |b| {
        b.iter(|| {
            let validation = validate(black_box(&report), Mode::Complete, now);
            let assessment = assess(black_box(&report), Some(&org), now);
            black_box((validation, assessment))
        })
    });
    c.bench_function("parse + validate + assess (JSON body)", |b| {
        b.iter(|| {
            let report = parse_report(black_box(&json)).unwrap();
            let validation = validate(&report, Mode::Complete, now);
            let assessment = assess(&report, Some(&org), now);
            black_box((validation, assessment))
        })
    });
    let assessment = assess(&report, Some(&org), now);
    c.bench_function("generate all four texts", |b| {
        b.iter(|| {
            black_box(generate(TextContext {
                report: black_box(&report),
                assessment: &assessment,
                org: &org,
                reference: Some("ZAH-2026-0042"),
                lang: Language::Da,
                decided: None,
            }))
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
