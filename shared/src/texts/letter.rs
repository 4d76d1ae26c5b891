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

/// Whom the letter is to, from the categories of people affected: a
/// pupil's parents, a former pupil, staff, … ("Kære forældre til de
/// berørte elever og ansatte"), and whether it is about "you", "your
/// child" or either.
fn addressed(report: &Report, lang: Language) -> (String, &'static str) {
    use crate::model::SubjectCategory as S;
    let mut whom: Vec<&str> = Vec::new();
    for subject in &report.data.subjects {
        let named = match subject {
            S::Pupils => lang.pick(
                "forældre til de berørte elever",
                "parents of the pupils affected",
            ),
            S::FormerPupils => lang.pick("tidligere elever", "former pupils"),
            // A pupil's parents are already addressed as such.
            S::Parents if report.data.subjects.contains(&S::Pupils) => continue,
            S::Parents => lang.pick("forældre", "parents"),
            S::Staff => lang.pick("medarbejdere", "staff"),
            S::Applicants => lang.pick("ansøgere", "applicants"),
            S::Customers => lang.pick("kunder", "customers"),
            S::Other => continue,
        };
        if !whom.contains(&named) {
            whom.push(named);
        }
    }
    let child = report.data.subjects.contains(&S::Pupils);
    let adult = report.data.subjects.iter().any(|s| *s != S::Pupils);
    let about = match (child, adult) {
        (true, false) => lang.pick("dit barn", "your child"),
        (true, true) => lang.pick("dig eller dit barn", "you or your child"),
        _ => lang.pick("dig", "you"),
    };
    let salutation = if whom.is_empty() {
        lang.pick("Kære modtager", "Dear recipient").to_string()
    } else {
        format!(
            "{} {}",
            lang.pick("Kære", "Dear"),
            crate::lang::join_words(&whom, lang)
        )
    };
    (salutation, about)
}

/// The letter to the people affected, written from the DPO's description
/// on the case ([`super::decided::LetterText`]) when there is one, else from the
/// report's structured answers: never from the reporter's free text, which
/// may name another child. It carries the case's reference and the date
/// it is drafted, and is addressed to the people the report says are
/// affected.
pub fn subject_letter(ctx: TextContext<'_>) -> String {
    let lang = ctx.lang;
    let report = ctx.report;
    let org = ctx.org;
    let letter = ctx.decided.and_then(|d| d.letter.as_ref());
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}\n",
        lang.pick(
            "Underretning om brud på persondatasikkerheden",
            "Notice of a personal-data breach"
        )
    );
    let mut heading = vec![reference_line(&ctx)];
    if let Some(decided) = ctx.decided {
        heading.push(format!(
            "{} {}",
            lang.pick("Dato:", "Date:"),
            crate::time::format_date(
                crate::time::to_copenhagen(decided.drafted_at).date_naive(),
                lang
            )
        ));
    }
    let _ = writeln!(out, "{}\n", heading.join("\n"));
    let (salutation, about) = addressed(report, lang);
    let _ = writeln!(out, "{salutation}\n");
    let _ = writeln!(
        out,
        "{}\n",
        lang.pick(
            &format!(
                "Vi skriver til dig, fordi {} har haft et brud på persondatasikkerheden, som omfatter oplysninger om {about}. Vi beklager det meget.",
                org.name
            ),
            &format!(
                "We are writing because {} has had a personal-data breach that involves information about {about}. We are very sorry.",
                org.name
            ),
        )
    );
    let happened = match letter {
        Some(letter) => vec![ctx.mask(&letter.what_happened)],
        None => vec![format!(
            "{} ({}).",
            label_or_dash(report.nature.incident, lang),
            occurred_text(report, lang)
        )],
    };
    let mut happened = happened;
    happened.push(format!(
        "{}: {}.",
        lang.pick("Det drejer sig om", "It concerns"),
        join_labels(&report.data.categories, lang)
    ));
    section(
        &mut out,
        lang.pick("Hvad er der sket?", "What happened?"),
        &happened,
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
        &done_lines(&ctx, letter),
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
    let dpo = ctx.dpo();
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

/// What the school has done: the DPO's words when written, else when the
/// breach was stopped and the measures recorded on the case.
fn done_lines(ctx: &TextContext<'_>, letter: Option<&super::decided::LetterText>) -> Vec<String> {
    let lang = ctx.lang;
    if let Some(words) = letter.and_then(|l| l.what_we_do.as_deref()) {
        return vec![ctx.mask(words)];
    }
    let mut lines = Vec::new();
    if let Some(contained) = ctx.decided.and_then(|d| d.contained.as_ref()) {
        lines.push(format!(
            "{} {}.",
            lang.pick("Bruddet blev stoppet", "The breach was stopped"),
            format_local(contained.at, lang)
        ));
    }
    for measure in ctx.decided.iter().flat_map(|d| &d.prevention) {
        lines.push(format!("- {}", sentence(&ctx.mask(&measure.what))));
    }
    // At receipt, the report's structured answer (never its free text).
    if ctx.decided.is_none() {
        let said = match ctx.report.containment.stopped {
            Some(Stopped::Yes) => Some(lang.pick("Bruddet er stoppet.", "The breach is stopped.")),
            Some(Stopped::Partly) => Some(lang.pick(
                "Bruddet er delvist stoppet.",
                "The breach is partly stopped.",
            )),
            _ => None,
        };
        lines.extend(said.map(str::to_string));
    }
    if lines.is_empty() {
        lines.push(
            lang.pick(
                "Vi undersøger, hvad der er sket, og gør, hvad vi kan, for at begrænse skaden og undgå, at det sker igen.",
                "We are looking into what happened and doing what we can to limit the harm and prevent it happening again.",
            )
            .to_string(),
        );
    }
    lines
}
