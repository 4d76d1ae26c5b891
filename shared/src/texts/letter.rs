//! The letter to the people affected (art. 34(2)): what happened, whom to
//! contact, the likely consequences, what the school does and what they can
//! do themselves.

use super::parts::*;

/// Advice to the people affected that fits the data that leaked.
fn advice(report: &Report, lang: Language) -> Vec<&'static str> {
    let categories = &report.data.categories;
    let mut advice = Vec::new();
    if categories.contains(&DataCategory::Credentials) {
        advice.push(lang.pick(
            "Skift din adgangskode, hvis du ikke allerede har gjort det, og brug ikke den gamle andre steder.",
            "Change your password if you have not already done so, and do not use the old one anywhere else.",
        ));
    }
    if categories.contains(&DataCategory::Cpr) || categories.contains(&DataCategory::Financial) {
        advice.push(lang.pick(
            "Vær opmærksom på breve, opkald eller sms'er, hvor nogen bruger dine oplysninger til at virke troværdige, og på ukendte betalinger.",
            "Watch for letters, calls or text messages in which someone uses your details to seem trustworthy, and for unknown payments.",
        ));
    }
    if categories.contains(&DataCategory::Contact) || categories.contains(&DataCategory::Identity) {
        advice.push(lang.pick(
            "Vær på vagt over for mails og beskeder, der beder dig klikke på links eller oplyse koder.",
            "Be wary of e-mails and messages asking you to click links or give codes.",
        ));
    }
    advice.push(lang.pick(
        "Kontakt os, hvis du oplever noget, der kan hænge sammen med bruddet.",
        "Contact us if you notice anything that may be connected to the breach.",
    ));
    advice
}

/// The letter to the people affected.
pub fn subject_letter(ctx: TextContext<'_>) -> String {
    let lang = ctx.lang;
    let report = ctx.report;
    let org = ctx.org;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}\n",
        lang.pick(
            "Underretning om brud på persondatasikkerheden",
            "Notice of a personal-data breach"
        )
    );
    let _ = writeln!(out, "{}\n", lang.pick("Kære modtager", "Dear recipient"));
    let _ = writeln!(
        out,
        "{}\n",
        lang.pick(
            &format!(
                "Vi skriver til dig, fordi {} har haft et brud på persondatasikkerheden, som omfatter oplysninger om dig eller dit barn. Vi beklager det meget.",
                org.name
            ),
            &format!(
                "We are writing because {} has had a personal-data breach that involves information about you or your child. We are very sorry.",
                org.name
            ),
        )
    );
    section(
        &mut out,
        lang.pick("Hvad er der sket?", "What happened?"),
        &[
            format!(
                "{} {}",
                label_or_dash(report.nature.incident, lang),
                lang.pick(
                    &format!("({}).", occurred_text(report, lang)),
                    &format!("({}).", occurred_text(report, lang)),
                )
            ),
            or_dash(&report.nature.description, lang),
            format!(
                "{}: {}.",
                lang.pick("Det drejer sig om", "It concerns"),
                join_labels(&report.data.categories, lang)
            ),
        ],
    );
    let (consequences, derived) = described_consequences(report);
    let mut meaning = format!(
        "{} {}.",
        lang.pick(
            "Det kan i værste fald føre til:",
            "At worst it may lead to:"
        ),
        join_labels(&consequences, lang)
    );
    if derived {
        meaning.push_str(lang.pick(
            " Det har vi vurderet ud fra, hvilke oplysninger det drejer sig om; vi har ikke kendskab til, at oplysningerne er blevet misbrugt.",
            " We have assessed this from the kind of data involved; we are not aware that the data has been misused.",
        ));
    }
    section(
        &mut out,
        lang.pick("Hvad kan det betyde for dig?", "What may it mean for you?"),
        &[meaning],
    );
    section(
        &mut out,
        lang.pick("Hvad har vi gjort?", "What have we done?"),
        &[
            or_dash(&report.containment.how, lang),
            or_dash(&report.containment.planned, lang),
            or_dash(&report.containment.prevention, lang),
        ],
    );
    let advice: Vec<String> = advice(report, lang)
        .into_iter()
        .map(|a| format!("- {a}"))
        .collect();
    section(
        &mut out,
        lang.pick("Hvad kan du selv gøre?", "What can you do?"),
        &advice,
    );
    let dpo = &org.dpo;
    section(
        &mut out,
        lang.pick("Spørgsmål", "Questions"),
        &[
            lang.pick(
                &format!(
                    "Du er velkommen til at kontakte vores databeskyttelsesrådgiver, {}, på {}{}.",
                    dpo.name,
                    dpo.email,
                    dpo.phone
                        .as_deref()
                        .map(|p| format!(" eller {p}"))
                        .unwrap_or_default()
                ),
                &format!(
                    "You are welcome to contact our data protection officer, {}, at {}{}.",
                    dpo.name,
                    dpo.email,
                    dpo.phone
                        .as_deref()
                        .map(|p| format!(" or {p}"))
                        .unwrap_or_default()
                ),
            )
            .to_string(),
            lang.pick(
                "Du kan også klage til Datatilsynet, www.datatilsynet.dk.",
                "You can also complain to Datatilsynet, www.datatilsynet.dk.",
            )
            .to_string(),
        ],
    );
    let _ = write!(
        out,
        "{}\n{}",
        lang.pick("Med venlig hilsen", "Kind regards"),
        org.name
    );
    if let Some(owner) = &org.controller {
        let _ = write!(
            out,
            "\n{}",
            lang.pick(
                &format!("{owner} er dataansvarlig for oplysningerne."),
                &format!("{owner} is the controller of the data."),
            )
        );
    }
    out
}
