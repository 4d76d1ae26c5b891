//! The Worker's one error type, and its RFC 9457 rendering.

use brud_shared::api::ProblemDetails;
use brud_shared::{Problem, Text};
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
    /// 401: missing or wrong DPO token.
    Unauthorized,
    /// 500: a binding failed. The cause is logged (no content), not sent.
    Internal(String),
}

impl From<worker::Error> for ApiError {
    fn from(error: worker::Error) -> Self {
        ApiError::Internal(error.to_string())
    }
}

impl From<serde_json::Error> for ApiError {
    fn from(error: serde_json::Error) -> Self {
        ApiError::Internal(error.to_string())
    }
}

impl ApiError {
    fn problem(&self) -> ProblemDetails {
        let (status, slug, title, da, en) = match self {
            ApiError::MalformedJson => (
                400,
                "malformed-json",
                "The body is not valid JSON",
                "Indberetningen kunne ikke læses. Prøv igen.",
                "The report could not be read. Try again.",
            ),
            ApiError::UnsupportedMediaType => (
                415,
                "unsupported-media-type",
                "The body must be application/json",
                "Indberetningen skal sendes som JSON.",
                "The report must be sent as JSON.",
            ),
            ApiError::PayloadTooLarge => (
                413,
                "payload-too-large",
                "The body is larger than 256 KiB",
                "Indberetningen er for stor.",
                "The report is too large.",
            ),
            ApiError::InvalidReport(_) => (
                422,
                "invalid-report",
                "The report is not valid",
                "Der er fejl i indberetningen. Ret dem og send igen.",
                "The report has errors. Correct them and send again.",
            ),
            ApiError::UnknownOrganisation => (
                404,
                "unknown-organisation",
                "Unknown organisation",
                "Skolen findes ikke i Brud. Brug linket fra skolens intranet.",
                "The school is not in Brud. Use the link from the school's intranet.",
            ),
            ApiError::Conflict => (
                409,
                "id-conflict",
                "A different report with this id exists",
                "En anden indberetning har allerede dette id. Genindlæs siden og send igen.",
                "A different report already has this id. Reload the page and send again.",
            ),
            ApiError::TooManyRequests => (
                429,
                "too-many-requests",
                "Too many requests",
                "For mange forespørgsler lige nu. Vent et øjeblik og prøv igen.",
                "Too many requests right now. Wait a moment and try again.",
            ),
            ApiError::MethodNotAllowed => (
                405,
                "method-not-allowed",
                "Method not allowed",
                "Den handling er ikke tilladt her.",
                "That action is not allowed here.",
            ),
            ApiError::NotFound => (
                404,
                "not-found",
                "Not found",
                "Adressen findes ikke.",
                "The address does not exist.",
            ),
            ApiError::Unauthorized => (
                401,
                "unauthorized",
                "A valid bearer token is required",
                "Du har ikke adgang.",
                "You do not have access.",
            ),
            ApiError::Internal(_) => (
                500,
                "internal",
                "Internal error",
                "Noget gik galt hos os. Din indberetning er ikke tabt; prøv igen om lidt.",
                "Something went wrong on our side. Your report is not lost; try again shortly.",
            ),
        };
        let mut problem = ProblemDetails::new(status, slug, title);
        problem.detail = Some(Text::new(da, en));
        if let ApiError::InvalidReport(errors) = self {
            problem.errors = errors.clone();
        }
        problem
    }

    /// The problem-details response.
    pub fn into_response(self) -> worker::Result<Response> {
        if let ApiError::Internal(cause) = &self {
            // Binding errors name bindings and SQL, never report content.
            worker::console_error!("internal error: {cause}");
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
