//! The Worker's one error type, and its RFC 9457 rendering.

use brud_shared::access::Refusal;
use brud_shared::api::{ProblemDetails, ProblemType};
use brud_shared::{Problem, ProblemCode, Text};
use worker::Response;

/// Everything that can go wrong in a request, each with its HTTP status.
/// Messages never carry report content.
#[derive(Debug)]
pub enum ApiError {
    /// 400: the body is not JSON.
    MalformedJson,
    /// 415: not `application/json`.
    UnsupportedMediaType,
    /// 413: over [`MAX_BODY_BYTES`](brud_shared::api::MAX_BODY_BYTES).
    PayloadTooLarge,
    /// 422: every problem with the report.
    InvalidReport(Vec<Problem>),
    /// 404: no such organisation.
    UnknownOrganisation,
    /// 409: the id is taken by a different report.
    Conflict,
    /// 429: the organisation's rate limit for this route.
    TooManyRequests,
    /// 405.
    MethodNotAllowed,
    /// 404 under `/api/`.
    NotFound,
    /// 401: no valid Cloudflare Access token (which check failed is logged,
    /// not sent).
    Unauthenticated(Refusal),
    /// 403: signed in, but without a role in this organisation (or the role
    /// does not allow this).
    Forbidden,
    /// 403: signed in, with a role here, but the entry is not that role's
    /// to record on this case (the domain's problem says why: a decision
    /// of the DPO's, a viewer).
    RoleRefused(Vec<Problem>),
    /// 403: a desk entry not sent by the desk's own page
    /// ([`brud_edge::headers::same_site_write`]).
    CrossSite,
    /// 503: `ACCESS_AUD` or `ACCESS_TEAM_DOMAIN` is not set (or not usable).
    DeskNotConfigured,
    /// 503: the team's signing keys could not be fetched.
    AccessKeysUnavailable,
    /// 404: no case with this reference in this organisation.
    CaseNotFound,
    /// 400: a query parameter is not one the route knows.
    BadQuery(&'static str),
    /// 409 (the case's state does not allow it) or 422 (the event's own data
    /// is wrong): the domain's problems.
    EventRefused(Vec<Problem>),
    /// 409: `expected_sequence` is not the case's last event.
    StaleSequence,
    /// 409: the client event id was used for a different event.
    EventIdConflict,
    /// 500: the stored log does not replay (tampering); logged with the
    /// case id and sequence, never content.
    Corrupt(String),
    /// 500: a binding failed. The cause is logged (no content), not sent.
    Internal(String),
}

impl From<worker::Error> for ApiError {
    fn from(error: worker::Error) -> Self {
        ApiError::Internal(error.to_string())
    }
}

impl From<brud_store::StoreError> for ApiError {
    fn from(error: brud_store::StoreError) -> Self {
        ApiError::Internal(error.to_string())
    }
}

impl From<brud_store::cases::ReadError> for ApiError {
    fn from(error: brud_store::cases::ReadError) -> Self {
        match error {
            brud_store::cases::ReadError::Store(error) => error.into(),
            brud_store::cases::ReadError::Corrupt(what) => ApiError::Corrupt(what),
        }
    }
}

impl From<serde_json::Error> for ApiError {
    fn from(error: serde_json::Error) -> Self {
        ApiError::Internal(error.to_string())
    }
}

impl ApiError {
    fn problem(&self) -> ProblemDetails {
        let (status, kind, title, da, en) = match self {
            ApiError::MalformedJson => (
                400,
                ProblemType::MalformedJson,
                "The body is not valid JSON",
                "Indberetningen kunne ikke læses. Prøv igen.",
                "The report could not be read. Try again.",
            ),
            ApiError::UnsupportedMediaType => (
                415,
                ProblemType::UnsupportedMediaType,
                "The body must be application/json",
                "Indberetningen skal sendes som JSON.",
                "The report must be sent as JSON.",
            ),
            ApiError::PayloadTooLarge => (
                413,
                ProblemType::PayloadTooLarge,
                "The body is larger than 256 KiB",
                "Indberetningen er for stor.",
                "The report is too large.",
            ),
            ApiError::InvalidReport(_) => (
                422,
                ProblemType::InvalidReport,
                "The report is not valid",
                "Der er fejl i indberetningen. Ret dem og send igen.",
                "The report has errors. Correct them and send again.",
            ),
            ApiError::UnknownOrganisation => (
                404,
                ProblemType::UnknownOrganisation,
                "Unknown organisation",
                "Skolen findes ikke i Brud. Brug linket fra skolens intranet.",
                "The school is not in Brud. Use the link from the school's intranet.",
            ),
            ApiError::Conflict => (
                409,
                ProblemType::IdConflict,
                "A different report with this id exists",
                "En anden indberetning har allerede dette id. Genindlæs siden og send igen.",
                "A different report already has this id. Reload the page and send again.",
            ),
            ApiError::TooManyRequests => (
                429,
                ProblemType::TooManyRequests,
                "Too many requests",
                "For mange forespørgsler lige nu. Vent et øjeblik og prøv igen.",
                "Too many requests right now. Wait a moment and try again.",
            ),
            ApiError::MethodNotAllowed => (
                405,
                ProblemType::MethodNotAllowed,
                "Method not allowed",
                "Den handling er ikke tilladt her.",
                "That action is not allowed here.",
            ),
            ApiError::NotFound => (
                404,
                ProblemType::NotFound,
                "Not found",
                "Adressen findes ikke.",
                "The address does not exist.",
            ),
            ApiError::Unauthenticated(_) => (
                401,
                ProblemType::Unauthenticated,
                "A valid Cloudflare Access token is required",
                "Du er ikke logget ind, eller dit login er udløbet. Log ind igen.",
                "You are not signed in, or your sign-in has expired. Sign in again.",
            ),
            ApiError::Forbidden => (
                403,
                ProblemType::Forbidden,
                "Not allowed for this person",
                "Du har ikke adgang til det her.",
                "You do not have access to this.",
            ),
            ApiError::RoleRefused(_) => (
                403,
                ProblemType::Forbidden,
                "The entry is not this role's to record",
                "Det kan du ikke registrere på sagen: se hvorfor nedenfor.",
                "You cannot record that on the case: see why below.",
            ),
            ApiError::CrossSite => (
                403,
                ProblemType::CrossSite,
                "Only the desk's own pages may record entries",
                "Registreringen kom ikke fra Brud's egen side og er afvist.",
                "The entry did not come from Brud's own page and was refused.",
            ),
            ApiError::DeskNotConfigured => (
                503,
                ProblemType::DeskNotConfigured,
                "The desk's sign-in is not configured",
                "Sagsbehandlingen er ikke sat op endnu.",
                "The case desk is not set up yet.",
            ),
            ApiError::AccessKeysUnavailable => (
                503,
                ProblemType::SignInUnavailable,
                "The sign-in keys could not be fetched",
                "Login kan ikke kontrolleres lige nu. Prøv igen om lidt.",
                "Sign-in cannot be checked right now. Try again shortly.",
            ),
            ApiError::CaseNotFound => (
                404,
                ProblemType::CaseNotFound,
                "No such case",
                "Sagen findes ikke.",
                "The case does not exist.",
            ),
            ApiError::BadQuery(_) => (
                400,
                ProblemType::BadQuery,
                "A query parameter is not valid",
                "Filteret kunne ikke læses.",
                "The filter could not be read.",
            ),
            ApiError::EventRefused(problems) => {
                if problems.iter().any(|p| p.code == ProblemCode::NotAllowed) {
                    (
                        409,
                        ProblemType::EventNotAllowed,
                        "The case's state does not allow this event",
                        "Det kan ikke registreres i sagens nuværende tilstand.",
                        "That cannot be recorded in the case's current state.",
                    )
                } else {
                    (
                        422,
                        ProblemType::InvalidEvent,
                        "The event is not valid",
                        "Der er fejl i det, du vil registrere. Ret dem og prøv igen.",
                        "What you want to record has errors. Correct them and try again.",
                    )
                }
            }
            ApiError::StaleSequence => (
                409,
                ProblemType::StaleSequence,
                "The case has changed since expected_sequence",
                "Sagen er ændret i mellemtiden. Hent den igen og se ændringen, før du fortsætter.",
                "The case has changed in the meantime. Reload it and see the change before you go on.",
            ),
            ApiError::EventIdConflict => (
                409,
                ProblemType::EventIdConflict,
                "A different event with this client_event_id exists",
                "En anden registrering har allerede dette id.",
                "A different entry already has this id.",
            ),
            ApiError::Internal(_) | ApiError::Corrupt(_) => (
                500,
                ProblemType::Internal,
                "Internal error",
                "Noget gik galt hos os. Din indberetning er ikke tabt; prøv igen om lidt.",
                "Something went wrong on our side. Your report is not lost; try again shortly.",
            ),
        };
        let mut problem = ProblemDetails::new(status, kind, title);
        problem.detail = Some(Text::new(da, en));
        match self {
            ApiError::InvalidReport(errors)
            | ApiError::EventRefused(errors)
            | ApiError::RoleRefused(errors) => {
                problem.errors = errors.clone();
            }
            ApiError::BadQuery(parameter) => {
                problem.errors = vec![Problem::new(
                    *parameter,
                    ProblemCode::InvalidValue,
                    "Ugyldig værdi.",
                    "Not a valid value.",
                )];
            }
            _ => {}
        }
        problem
    }

    /// The problem-details response.
    pub fn into_response(self) -> worker::Result<Response> {
        match &self {
            // Binding errors name bindings and SQL, never report content.
            ApiError::Internal(cause) => worker::console_error!("internal error: {cause}"),
            ApiError::Corrupt(what) => worker::console_error!("case log does not replay: {what}"),
            ApiError::Unauthenticated(refusal) => {
                worker::console_log!("access refused: {}", refusal.as_str())
            }
            _ => {}
        }
        let problem = self.problem();
        let body = serde_json::to_string(&problem)?;
        let mut response = Response::ok(body)?.with_status(problem.status);
        response
            .headers_mut()
            .set("content-type", "application/problem+json")?;
        if problem.status == 429 {
            response.headers_mut().set("retry-after", "10")?;
        }
        if problem.status == 405 {
            response.headers_mut().set("allow", "GET, POST, OPTIONS")?;
        }
        Ok(response)
    }
}
