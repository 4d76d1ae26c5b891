//! The school's notice to the controller when it is processor (art.
//! 33(2); Zahles's "Når N. Zahles Skole er databehandler"): what the
//! school knows, what it has done, whom to contact, and that notifying
//! Datatilsynet and telling the people affected is the controller's to
//! decide. Its own text, not the notification to Datatilsynet relabelled:
//! the controller needs the facts to make its own assessment within its
//! own 72 hours.

use super::parts::*;

/// The notice to the controller.
pub fn controller_notice(ctx: TextContext<'_>) -> String {
    let lang = ctx.lang;
    let masked = ctx.masked_report();
    let report = &masked;
    let controller = report.controller.clone().unwrap_or_default();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}\n",
        lang.pick(
            "Underretning af den dataansvarlige om brud på persondatasikkerheden (art. 33, stk. 2)",
            "Notice to the controller of a personal-data breach (art. 33(2))",
        )
    );
    let _ = writeln!(out, "{}", reference_line(&ctx));
    let _ = writeln!(
        out,
        "{}\n",
        line(lang, "Til", "To", or_dash(&controller.name, lang))
    );
    let _ = writeln!(
        out,
        "{}\n",
        lang.pick(
            &format!(
                "{} behandler personoplysninger på jeres vegne og har haft et brud på persondatasikkerheden, som berører dem. Vi underretter jer uden unødig forsinkelse, så I kan vurdere, om bruddet skal anmeldes til Datatilsynet inden 72 timer efter, at I er blevet bekendt med det, og om de berørte skal underrettes.",
                ctx.org.name
            ),
            &format!(
                "{} processes personal data on your behalf and has had a personal-data breach that affects it. We are telling you without undue delay so that you can assess whether to notify Datatilsynet within 72 hours of becoming aware of it, and whether to tell the people affected.",
                ctx.org.name
            ),
        )
    );
    section(
        &mut out,
        lang.pick("Hvad vi ved", "What we know"),
        &[
            line(
                lang,
                "Bruddet skete",
                "The breach happened",
                occurred_text(report, lang),
            ),
            line(
                lang,
                "Vi blev opmærksomme på det",
                "We became aware of it",
                time_or_dash(report.timeline.aware_at, lang),
            ),
            line(
                lang,
                "Hændelse",
                "Incident",
                label_or_dash(report.nature.incident, lang),
            ),
            line(
                lang,
                "Bruddets karakter",
                "Nature",
                nature_text(report, lang),
            ),
            line(
                lang,
                "Beskrivelse",
                "Description",
                or_dash(&report.nature.description, lang),
            ),
            line(
                lang,
                "Berørte",
                "People affected",
                subjects_text(report, lang),
            ),
            line(
                lang,
                "Antal berørte",
                "Number of people",
                count_text(report.data.subject_count.as_ref(), lang),
            ),
            line(lang, "Oplysninger", "Data", categories_text(report, lang)),
            line(
                lang,
                "Modtagere",
                "Recipients",
                label_or_dash(report.circumstances.recipients, lang),
            ),
            line(
                lang,
                "Uforståelige for andre (fx krypteret)",
                "Unintelligible to others (e.g. encrypted)",
                yes_no(report.circumstances.unintelligible, lang),
            ),
            line(
                lang,
                "Sandsynlige konsekvenser",
                "Likely consequences",
                consequences_text(report, lang),
            ),
        ],
    );
    section(
        &mut out,
        lang.pick("Hvad vi har gjort", "What we have done"),
        &[
            stopped_sentence(&ctx, report),
            line(
                lang,
                "Planlagt for at afhjælpe skaden",
                "Planned to mitigate the damage",
                or_dash(&report.containment.planned, lang),
            ),
            line(
                lang,
                "Forebyggelse",
                "Prevention",
                prevention_text(&ctx, report),
            ),
        ],
    );
    let dpo = ctx.dpo();
    let mut contact = vec![line(
        lang,
        "Vores databeskyttelsesrådgiver (DPO)",
        "Our data protection officer (DPO)",
        dpo_contact(dpo),
    )];
    if let Some(handler) = ctx.decided.and_then(|d| d.handler.as_deref()) {
        contact.insert(
            0,
            line(lang, "Kontaktperson", "Contact person", ctx.mask(handler)),
        );
    }
    section(&mut out, lang.pick("Kontakt", "Contact"), &contact);
    let _ = write!(
        out,
        "{}\n{}",
        lang.pick("Med venlig hilsen", "Kind regards"),
        ctx.org.name
    );
    out
}
