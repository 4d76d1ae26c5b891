//! The register's exports: the CSV for Danish Excel, streamed page by page,
//! and the same rows as JSON.

use brud_case::register::{csv_head, csv_line, RegisterRow};
use brud_case::summary::CaseSummary;
use brud_store::d1::D1;
use brud_store::list as list_store;
use chrono::{DateTime, Utc};
use worker::{console_log, Request, Response, ResponseBody, RouteContext};

use crate::error::ApiError;
use crate::runtime::{db, now, var_u32, RequestMeta};

use super::common::*;

/// Rows per page of the streamed CSV (`REGISTER_PAGE_ROWS` to change it;
/// the tests make it small to cross pages with a few cases).
const REGISTER_PAGE_ROWS: u32 = 500;

/// `GET /api/desk/orgs/{org}/register.csv[?year=]`: the register for
/// Danish Excel, streamed: the first page is read before the answer starts
/// (so a failure is still a problem response), the rest page by page while
/// the file is sent, so the Worker never holds the whole register. The
/// pages are written into a `TransformStream` whose readable side is the
/// body (the runtime's own streams, as a JavaScript Worker streams).
pub async fn register_csv(
    req: Request,
    ctx: RouteContext<RequestMeta>,
) -> worker::Result<Response> {
    answer(
        async {
            let staff = staff(&req, &ctx).await?;
            let year = filter(&req)?.year;
            let page_rows = var_u32(&ctx.env, "REGISTER_PAGE_ROWS", REGISTER_PAGE_ROWS).max(1);
            let db = db(&ctx.env)?;
            let org = staff.org.id.clone();
            let first = list_store::register_page(&db, &org, year, None, page_rows).await?;
            let pipe = web_sys::TransformStream::new()
                .map_err(|_| ApiError::Internal("transform stream".into()))?;
            let writer = pipe
                .writable()
                .get_writer()
                .map_err(|_| ApiError::Internal("stream writer".into()))?;
            let file = CsvFile {
                db,
                org,
                year,
                page_rows,
                at: now(),
            };
            worker::wasm_bindgen_futures::spawn_local(async move {
                let written = file.write(&writer, first).await;
                // Closed, the file is complete; aborted, the download fails
                // rather than looking complete without its last rows.
                let end = match written {
                    Ok(()) => writer.close(),
                    Err(()) => {
                        console_log!("register.csv: a later page could not be read or sent");
                        writer.abort()
                    }
                };
                let _ = worker::wasm_bindgen_futures::JsFuture::from(end).await;
            });
            let mut response = Response::from_body(ResponseBody::Stream(pipe.readable()))?;
            response
                .headers_mut()
                .set("content-type", "text/csv; charset=utf-8")?;
            let name = format!("fortegnelse-{}-{}.csv", staff.org.id, year_suffix(year));
            attachment(response, &name)
        }
        .await,
    )
}

/// The register CSV being written: whose, which year, how many rows a page.
struct CsvFile {
    db: D1,
    org: String,
    year: Option<i32>,
    page_rows: u32,
    /// The deadline's state is as of this time in every row.
    at: DateTime<Utc>,
}

impl CsvFile {
    /// Writes the head and `first` page, then every later page as it is
    /// read; each write waits until the reader has room (backpressure).
    async fn write(
        &self,
        writer: &web_sys::WritableStreamDefaultWriter,
        first: Vec<(String, RegisterRow, CaseSummary)>,
    ) -> std::result::Result<(), ()> {
        let mut chunk = csv_head();
        let mut page = first;
        loop {
            // A short page is the last one; a full one's last reference is
            // where the next begins.
            let next = match page.last() {
                Some((last, _, _)) if page.len() >= self.page_rows as usize => Some(last.clone()),
                _ => None,
            };
            for (_, row, summary) in page {
                chunk.push_str(&csv_line(&row.cells(&summary.deadline_state(self.at))));
            }
            let bytes = worker::js_sys::Uint8Array::from(chunk.as_bytes());
            worker::wasm_bindgen_futures::JsFuture::from(writer.write_with_chunk(&bytes))
                .await
                .map_err(|_| ())?;
            let Some(last) = next else {
                return Ok(());
            };
            page = list_store::register_page(
                &self.db,
                &self.org,
                self.year,
                Some(&last),
                self.page_rows,
            )
            .await
            .map_err(|_| ())?;
            chunk = String::new();
        }
    }
}

/// `GET /api/desk/orgs/{org}/register.json[?year=]`: the same rows as
/// objects keyed by the register's (Danish) column names.
pub async fn register_json(
    req: Request,
    ctx: RouteContext<RequestMeta>,
) -> worker::Result<Response> {
    answer(
        async {
            let staff = staff(&req, &ctx).await?;
            let year = filter(&req)?.year;
            let db = db(&ctx.env)?;
            let now = now();
            let objects: Vec<serde_json::Map<String, serde_json::Value>> =
                list_store::register_page(&db, &staff.org.id, year, None, u32::MAX)
                    .await?
                    .into_iter()
                    .map(|(_, row, summary)| row.json_object(&summary.deadline_state(now)))
                    .collect();
            let name = format!("fortegnelse-{}-{}.json", staff.org.id, year_suffix(year));
            attachment(Response::from_json(&objects)?, &name)
        }
        .await,
    )
}
