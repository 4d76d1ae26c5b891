//! `handler_agreed`: who handles the case from here, agreed with the
//! leader (the Kulturskole's "aftale med medarbejderen, hvem af dem, der
//! tager sig af det videre forløb").

use serde::{Deserialize, Serialize};

use super::form::{Form, FormField, Input};
use super::kind::{Applying, Entry, Who};
use brud_shared::validate::LIMIT_NAME;

/// The agreement's data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandlerAgreed {
    /// The handler's name.
    pub handler: String,
}

impl Entry for HandlerAgreed {
    const WHO: Who = Who::LeaderOrDpo;
    const TITLE: (&'static str, &'static str) = ("Sagsbehandler aftalt", "Case handler agreed");
    const FORM: Option<Form> = Some(Form {
        title: ("Aftal sagsbehandler", "Agree the case handler"),
        fields: &[FormField::required(
            "handler",
            ("Sagsbehandler", "Case handler"),
            Input::Text,
        )],
    });

    fn apply(&self, applying: &mut Applying) {
        applying.text(
            &self.handler,
            "handler",
            LIMIT_NAME,
            "Skriv hvem der håndterer sagen.",
            "Enter who handles the case.",
        );
        applying.next.handler = Some(self.handler.clone());
    }
}
