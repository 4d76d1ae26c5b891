// The case desk end to end: the real desk (public/desk/, built by
// scripts/build-app) served by the real Worker in workerd (wrangler dev),
// behind the local stand-in for Cloudflare Access (brud-signin's front
// door: a sign-in page, the CF_Authorization cookie, the token passed on
// as Cf-Access-Jwt-Assertion and verified by the Worker), driven in
// Debian's headless Chromium. axe-core checks each page; screenshots go
// to artifacts/screens/desk-*.png.
//
// Run by scripts/test after the builds: node --test tests/browser/

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { root, screens, freePort, until, axe, launchChromium, startWorker, newClient } from "./harness.mjs";

let worker, api, desk, browser, issuer;

before(async () => {
  worker = await startWorker({
    // Deliveries go nowhere that answers: this test is about the desk.
    NOTIFY_ENDPOINT: `http://127.0.0.1:${await freePort()}/none`,
  }, { audience: "brud-browser", front: true });
  api = worker.base;
  desk = worker.front;
  issuer = worker.issuer;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  worker?.stop();
});

/** Submits the example report of `org` (the demo school unless named) as
 *  the form would, the school aware `hoursAgo` (a late one with its
 *  reason); its reference. */
async function submitReport(hoursAgo = 1, org = "demo", change = () => {}) {
  const body = JSON.parse(execFileSync(join(root, "scripts/example-report"), [org], { encoding: "utf8" }));
  change(body);
  const ago = (hours) => new Date(Date.now() - hours * 3600_000).toISOString().replace(/\.\d+Z$/, "Z");
  body.timeline.occurred.at = ago(hoursAgo + 1);
  body.timeline.aware_at = ago(hoursAgo);
  if (hoursAgo >= 72) body.late_reason = "Opdaget efter en weekend.";
  const answer = await fetch(`${api}/api/reports`, { method: "POST", headers: { "content-type": "application/json", ...newClient() }, body: JSON.stringify(body) });
  if (answer.status !== 202) {
    assert.fail(`POST /api/reports answered ${answer.status}: ${await answer.text()}\nThe Worker's log:\n${worker.logTail()}`);
  }
  return (await answer.json()).reference;
}

const phone = () => browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
const screen = () => browser.newContext({ viewport: { width: 1280, height: 900 } });

/** Opens `path` on the desk and signs in as `email` on the sign-in page. */
async function signIn(context, email, path = "/desk/") {
  const page = await context.newPage();
  await page.goto(`${desk}${path}`);
  await page.getByRole("link", { name: email }).click();
  return page;
}

test("a leader on a phone finds the case in the register and ticks the checklist", async () => {
  const reference = await submitReport();
  const context = await phone();
  const page = await signIn(context, "leder@demo.example");
  await page.getByRole("heading", { name: "Fortegnelse over brud" }).waitFor();
  const link = page.getByRole("link", { name: reference });
  await link.waitFor();
  const noScroll = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  assert.ok(noScroll, "no horizontal scroll on a phone");
  await axe(page, "the register");
  await page.screenshot({ path: join(screens, "desk-register-phone.png"), fullPage: true });

  await link.click();
  await page.getByText("Skolens procedure").waitFor();
  assert.match(page.url(), new RegExp(`case=${reference}`));
  await axe(page, "the case page");
  // Only the school's steps that apply to this case: a controller's case
  // has no controller to tell and, without an exception, no public notice.
  await page.locator(".task-list__item", { hasText: "Før bruddet ind i fortegnelsen." }).waitFor();
  for (const notHere of ["Underret den dataansvarlige", "Lav en offentlig meddelelse"]) {
    assert.equal(await page.locator(".task-list__item", { hasText: notHere }).count(), 0, `${notHere} is not a step of this case`);
  }
  await page.locator("li:has(#note-stop_incident) summary").click();
  const note = page.locator("#note-stop_incident");
  await note.fill("TD-4711");
  await page.locator("form:has(#note-stop_incident) button").click();
  await page.getByText("Trin i proceduren udført").waitFor();
  await page.getByText(/TD-4711/).first().waitFor();
  assert.equal(await page.locator("#note-stop_incident").count(), 0, "the step is done, its form gone");
  await page.getByText(/Loggen er intakt og signeret \(2 hændelser\)/).waitFor();
  await page.screenshot({ path: join(screens, "desk-case-phone.png"), fullPage: true });

  // The back button returns to the register.
  await page.goBack();
  await page.getByRole("heading", { name: "Fortegnelse over brud" }).waitFor();
  await context.close();
});

test("a stale edit is refused and shown, and what was typed is kept", async () => {
  const reference = await submitReport();
  const leader = await signIn(await screen(), "leder@demo.example", `/desk/?org=demo&case=${reference}`);
  const dpo = await signIn(await screen(), "dpo@demo.example", `/desk/?org=demo&case=${reference}`);
  await leader.locator("#note-text").waitFor();
  await dpo.locator("#note-text").waitFor();

  await leader.locator("#note-text").fill("Lederen ringede til forældrene.");
  await leader.getByRole("button", { name: "Gem note" }).click();
  await leader.getByText("Lederen ringede til forældrene.").waitFor();

  await dpo.locator("#note-text").fill("DPO'ens note.");
  await dpo.getByRole("button", { name: "Gem note" }).click();
  await dpo.getByText(/En anden har ændret sagen/).waitFor();
  await dpo.getByText("Lederen ringede til forældrene.").waitFor();
  assert.equal(await dpo.locator("#note-text").inputValue(), "DPO'ens note.", "the typed note is kept");
  await axe(dpo, "the case page with a refused entry");
  await dpo.screenshot({ path: join(screens, "desk-stale.png"), fullPage: true });

  // Sent again, it is recorded after the leader's.
  await dpo.getByRole("button", { name: "Gem note" }).click();
  await dpo.getByText("DPO'ens note.", { exact: true }).waitFor();
  await dpo.getByText(/Loggen er intakt og signeret \(3 hændelser\)/).waitFor();

  // The DPO downloads the signed log for brud-verify; the leader is not offered it.
  const [download] = await Promise.all([
    dpo.waitForEvent("download"),
    dpo.getByRole("link", { name: /Hent den signerede log/ }).click(),
  ]);
  assert.equal(download.suggestedFilename(), `${reference}-log.json`);
  const exported = JSON.parse(readFileSync(await download.path(), "utf8"));
  assert.equal(exported.format, "brud-case-log/1");
  assert.equal(exported.events.length, 3);
  assert.equal(exported.head.events, 3);
  assert.ok(exported.events.every((event) => event.signature?.value), "every event signed");
  await leader.reload();
  await leader.locator("#note-text").waitFor();
  assert.equal(await leader.getByRole("link", { name: /Hent den signerede log/ }).count(), 0);
});

test("a leader of another school cannot open the case by its address", async () => {
  const reference = await submitReport();
  const page = await signIn(await screen(), "leder@zahles.example", `/desk/?org=demo&case=${reference}`);
  await page.getByText("Du har ikke adgang til denne skoles sager.").waitFor();
  assert.equal(await page.getByText(reference).count(), 0);
  const answer = await page.evaluate(async (path) => (await fetch(path)).status, `/api/desk/orgs/demo/cases/${reference}`);
  assert.equal(answer, 403);
});

test("the register downloads as CSV with the case's row", async () => {
  const reference = await submitReport();
  const page = await signIn(await screen(), "dpo@demo.example", "/desk/?org=demo");
  await page.getByRole("link", { name: reference }).waitFor();
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Hent fortegnelsen som CSV (Excel)" }).click(),
  ]);
  const text = readFileSync(await download.path(), "utf8");
  assert.ok(text.startsWith("\ufeffJournalnummer;"), text.slice(0, 40));
  assert.ok(text.split("\r\n").some((line) => line.startsWith(`${reference};`)), `a row for ${reference}`);
});

test("the register downloads as an Excel workbook whose texts are text, never formulas, and whose times are dates", async () => {
  const description = "Mail til forkert forælder, =HYPERLINK(\"https://evil.example\",\"klik\")";
  const reference = await submitReport(1, "demo", (body) => { body.nature.description = description; });
  const page = await signIn(await screen(), "dpo@demo.example", "/desk/?org=demo");
  await page.getByRole("link", { name: reference }).waitFor();
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Hent fortegnelsen som Excel-projektmappe (.xlsx)" }).click(),
  ]);
  assert.equal(download.suggestedFilename(), "fortegnelse-demo-alle.xlsx");
  // Read back with Python's zipfile and XML parser: the sheet's cells.
  const cells = JSON.parse(execFileSync("python3", ["-c", `
import json, sys, zipfile, xml.etree.ElementTree as ET
ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
book = zipfile.ZipFile(sys.argv[1])
strings = ["".join(t.text or "" for t in si.iter("{%s}t" % ns["m"]))
           for si in ET.fromstring(book.read("xl/sharedStrings.xml")).findall("m:si", ns)]
sheet = ET.fromstring(book.read("xl/worksheets/sheet1.xml"))
rows = []
for row in sheet.iter("{%s}row" % ns["m"]):
    cells = {}
    for c in row.findall("m:c", ns):
        v = c.find("m:v", ns)
        kind = c.get("t")
        cells[c.get("r").rstrip("0123456789")] = {
            "type": kind or "n",
            "formula": c.find("m:f", ns) is not None,
            "value": strings[int(v.text)] if kind == "s" else (v.text if v is not None else None),
        }
    rows.append(cells)
print(json.dumps(rows))
`, await download.path()], { encoding: "utf8" }));
  const header = cells[0];
  assert.equal(header.A.value, "År");
  assert.equal(header.B.value, "Journalnummer");
  const column = (name) => Object.keys(header).find((key) => header[key].value === name);
  const row = cells.find((cells) => cells.B?.value === reference);
  assert.ok(row, `a row for ${reference}`);
  assert.ok(cells.every((cells) => Object.values(cells).every((cell) => !cell.formula)), "no formula anywhere");
  const described = row[column("Hvad skete der")];
  assert.equal(described.type, "s");
  assert.equal(described.value, description);
  // A time is a number (a date) with a date format, not text.
  const received = row[column("Modtaget")];
  assert.equal(received.type, "n");
  assert.ok(Number(received.value) > 46000, received.value);
  assert.equal(row.A.value, reference.split("-")[1]);
});

test("the register's first page comes drawn in the page, the desk takes it over without asking again, and it sorts by deadline or newest first", async () => {
  const sooner = await submitReport(60); // deadline in 12 hours
  const newest = await submitReport(1); // deadline in 71 hours, reported last
  // The register's table (a DPO's page also has the school's staff table,
  // drawn whenever its list arrives).
  const register = (page) => page.getByRole("table").filter({ has: page.getByRole("columnheader", { name: "Journalnr." }) });
  // Each row's cells, but the clock (it may tick a minute meanwhile).
  const rowsOf = (page) => register(page).locator("tbody tr").evaluateAll((rows) => rows.map((row) =>
    [...row.querySelectorAll("th a, td:not([data-label='72-timersfristen'])")].map((cell) => cell.textContent.trim()).join(" | ")));

  // Without the desk's code at all, the page already has the register.
  const bare = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false });
  const plain = await bare.newPage();
  await plain.goto(`${desk}/desk/?org=demo`);
  await plain.getByRole("link", { name: "dpo@demo.example" }).click();
  await plain.getByRole("heading", { name: "Fortegnelse over brud" }).waitFor();
  const drawn = await rowsOf(plain);
  assert.ok(drawn.some((row) => row.startsWith(`${newest} |`)), drawn.join("\n"));
  assert.equal(await plain.getByText("Henter").count(), 0);
  await bare.close();

  const context = await screen();
  const page = await context.newPage();
  const asked = [];
  page.on("request", (request) => {
    const url = new URL(request.url());
    // The register's requests (the DPO's held reports and staff, which the Worker
    // does not draw, are asked for once the desk runs: not counted).
    if (url.pathname.startsWith("/api/desk/") && !/\/(held|staff)$/.test(url.pathname)) asked.push(url.pathname + url.search);
  });
  // The desk's code is held back until the drawn page has been seen.
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route(/brud_desk_bg\.wasm$/, async (route) => { await held; await route.continue(); });
  await page.goto(`${desk}/desk/?org=demo`);
  await page.getByRole("link", { name: "dpo@demo.example" }).click();
  const firstRow = await register(page).locator("tbody tr").first().elementHandle();
  assert.deepEqual(await rowsOf(page), drawn);
  // Its links work; its filters, which need the desk's code, are inert.
  const filtersInert = () => page.getByRole("search").evaluate((form) => form.inert);
  assert.equal(await filtersInert(), true);
  release();
  // The desk draws the page again from the data in it: new rows, the same.
  await until("the desk takes the page over", () => firstRow.evaluate((row) => !row.isConnected));
  assert.deepEqual(await rowsOf(page), drawn);
  assert.deepEqual(asked, []);
  assert.equal(await filtersInert(), false);

  const references = () => register(page).locator("tbody th a").allTextContents();
  const byDeadline = await references();
  assert.ok(byDeadline.indexOf(sooner) < byDeadline.indexOf(newest), byDeadline.join(" "));
  await page.getByLabel("Rækkefølge").selectOption({ label: "Nyeste først" });
  await until("the newest case comes first", async () => (await references())[0] === newest);
  const byNewest = await references();
  assert.ok(byNewest.indexOf(newest) < byNewest.indexOf(sooner), byNewest.join(" "));
  assert.deepEqual(asked, ["/api/desk/orgs/demo/cases?status=open&sort=newest&page=1&per_page=25"]);
  await context.close();
});

test("the page's largest paint is the register the Worker drew, and the desk's copy of it adds none", async () => {
  await submitReport(3);
  const context = await phone();
  const page = await signIn(context, "leder@demo.example", "/desk/?org=demo");
  const firstRow = await page.locator("tbody tr").first().elementHandle();
  await until("the desk takes the page over", () => firstRow.evaluate((row) => !row.isConnected));
  const entries = await page.evaluate(() => new Promise((resolve) => {
    new PerformanceObserver((list) => resolve(list.getEntries().map((e) => ({ size: e.size, connected: e.element?.isConnected ?? false }))))
      .observe({ type: "largest-contentful-paint", buffered: true });
  }));
  assert.ok(entries.length > 0, "a largest paint");
  // Every candidate is of the page as it came (since replaced), none of the desk's drawing.
  assert.deepEqual(entries.filter((e) => e.connected), [], JSON.stringify(entries));
  await context.close();
});

test("the DPO of two schools sees both in one register, each row with its school, and narrows it to one", async () => {
  const demo = await submitReport(3);
  const nord = await submitReport(2, "demo-nord");
  const page = await signIn(await phone(), "dpo@demo.example");
  await page.getByText("Alle dine skoler (2)").waitFor();
  await page.getByRole("link", { name: nord }).waitFor();
  await page.getByRole("link", { name: demo }).waitFor();
  const row = (reference) => page.locator("tr", { has: page.getByRole("link", { name: reference }) });
  assert.match(await row(nord).textContent(), /Demoskolen Nord/);
  assert.match(await row(demo).textContent(), /Demoskolen/);
  assert.doesNotMatch(await row(demo).textContent(), /Nord/);
  // One register per school is the legal one: its CSV only for one school.
  assert.equal(await page.getByRole("link", { name: /CSV/ }).count(), 0);
  await axe(page, "the register of two schools");
  await page.screenshot({ path: join(screens, "desk-register-two-schools.png"), fullPage: true });

  const schools = page.getByRole("navigation", { name: "Skoler" });
  await schools.getByRole("link", { name: "Demoskolen Nord" }).click();
  await until("only Demoskolen Nord's cases", async () => (await page.getByRole("link", { name: demo }).count()) === 0);
  await page.getByRole("link", { name: nord }).waitFor();
  assert.match(page.url(), /org=demo-nord/);
  assert.equal(await page.getByRole("columnheader", { name: "Skole" }).count(), 0);
  await page.getByRole("link", { name: /CSV/ }).waitFor();
  // The case opens in its own school.
  await page.getByRole("link", { name: nord }).click();
  await page.getByText("Skolens procedure").waitFor();
  assert.match(page.url(), new RegExp(`org=demo-nord&case=${nord}`));
  await page.goBack();
  await page.getByRole("link", { name: nord }).waitFor();
  await page.goBack();
  await page.getByRole("link", { name: demo }).waitFor();
  // The control report of both schools together: each processor with its
  // school; approvals are each school's own, so none is recorded here.
  await page.getByRole("link", { name: "Årets kontrol" }).click();
  await page.getByRole("heading", { name: /Årets kontrol/ }).waitFor();
  assert.equal(await schools.getByRole("link", { name: "Alle skoler" }).getAttribute("aria-current"), "page");
  await page.locator(".summary-list__row", { hasText: "5. Databehandlerne" }).filter({ hasText: "Demoskolen: Skolefoto ApS" }).waitFor();
  await page.locator("tr", { hasText: "Demoskolen Nord: Aula (Netcompany)" }).waitFor();
  assert.equal(await page.locator("#approval-note").count(), 0);
  // Each school's board gets its own control report.
  await schools.getByRole("link", { name: "Demoskolen Nord" }).click();
  await until("Demoskolen Nord's control report", async () => /org=demo-nord&view=control/.test(page.url()));
  await page.getByRole("heading", { name: /Årets kontrol/ }).waitFor();
  await page.locator("#approval-note").waitFor();
  await axe(page, "the control report of a shared DPO");
});

test("a DPO records a late notification with its reason, a follow-up, the people told, and closes the case", async () => {
  const reference = await submitReport(80);
  const page = await signIn(await screen(), "dpo@demo.example", `/desk/?org=demo&case=${reference}`);
  const open = async (action) => {
    const summary = page.locator(`li:has(#action-${action}) summary`);
    await summary.waitFor();
    if (!(await page.locator(`#action-${action}`).isVisible())) await summary.click();
  };
  const save = (action) => page.locator(`#action-${action} button[type=submit]`).click();

  // Without the reason for the delay, it is refused by that field; what was typed stays.
  await open("authority_notified");
  await page.locator("#authority_notified-authority_reference").fill("2026-431-0042");
  await save("authority_notified");
  await page.locator("#authority_notified-late_reason-error").getByText(/72 timer/).waitFor();
  assert.equal(await page.locator("#authority_notified-authority_reference").inputValue(), "2026-431-0042");
  await axe(page, "a refused notification");
  await page.screenshot({ path: join(screens, "desk-refused.png"), fullPage: true });
  await page.locator("#authority_notified-late_reason").fill("Opdaget efter en weekend; DPO'en var syg.");
  await save("authority_notified");
  await page.getByText("Anmeldt for sent").waitFor();
  await page.locator(".timeline__title", { hasText: "Anmeldt til Datatilsynet" }).waitFor();

  await open("authority_follow_up");
  await page.locator("#authority_follow_up-added").fill("Antal berørte bekræftet.");
  // It completes the preliminary notification: without it the case could not close.
  await page.locator("#authority_follow_up-completes").check();
  await save("authority_follow_up");
  await page.locator(".timeline__title", { hasText: "Supplerende oplysninger til Datatilsynet" }).waitFor();

  await open("subjects_told");
  await page.locator("#subjects_told-how").fill("Brev i Aula");
  await page.locator("#subjects_told-count").fill("3");
  await save("subjects_told");
  await page.locator(".timeline__title", { hasText: "De berørte er underrettet" }).waitFor();

  await open("closed");
  await page.locator("#closed-lessons").fill("Tjek modtageren før afsendelse.");
  await save("closed");
  await page.getByText("Sagen er lukket.", { exact: true }).waitFor();
  await page.locator("#action-reopened").waitFor({ state: "attached" });
  await page.getByText(/Loggen er intakt og signeret \(5 hændelser\)/).waitFor();
  await axe(page, "a closed case");
  await page.screenshot({ path: join(screens, "desk-closed.png"), fullPage: true });
});

/** Records `event` on case `reference` through the API as `email`, with a
 *  token from the sign-in stand-in, after the case's current sequence. */
async function recordAs(email, reference, event) {
  const token = await (await fetch(`${issuer}/token?email=${encodeURIComponent(email)}`)).text();
  // The desk's own origin, as its page's POST says.
  const headers = { "cf-access-jwt-assertion": token, "content-type": "application/json", origin: api };
  const path = `${api}/api/desk/orgs/demo/cases/${reference}`;
  const detail = await (await fetch(path, { headers })).json();
  const answer = await fetch(`${path}/events`, {
    method: "POST", headers, body: JSON.stringify({ ...event, expected_sequence: detail.case.sequence }),
  });
  assert.equal(answer.status, 201, await answer.text());
}

test("the control report shows the year's figures, the late notification and the open measure", async () => {
  const reference = await submitReport(80);
  const minuteAgo = new Date(Date.now() - 60_000).toISOString().replace(/\.\d+Z$/, "Z");
  await recordAs("dpo@demo.example", reference, {
    kind: "authority_notified", notified_at: minuteAgo, authority_reference: "2026-431-0099",
    complete: true, late_reason: "DPO'en var syg.",
  });
  await recordAs("leder@demo.example", reference, {
    kind: "prevention_planned", measure: "kursus", what: "Kursus i at sende Aula-beskeder", by: "Skolelederen",
  });
  // A case with nothing recorded, and one notified only preliminarily.
  const untouched = await submitReport(2);
  const preliminary = await submitReport(3);
  await recordAs("dpo@demo.example", preliminary, {
    kind: "authority_notified", notified_at: minuteAgo, authority_reference: "2026-431-0100", complete: false,
  });
  await recordAs("dpo@demo.example", preliminary, {
    kind: "risk_overridden", risk: "high", justification: "Helbredsoplysninger om børn.",
  });
  const page = await signIn(await screen(), "dpo@demo.example");
  await page.getByRole("link", { name: "Årets kontrol" }).click();
  // The DPO of two schools: the demo school's own report, which its board approves.
  await page.getByRole("navigation", { name: "Skoler" }).getByRole("link", { name: "Demoskolen", exact: true }).click();
  await until("the demo school's control report", async () => /org=demo&view=control/.test(page.url()));
  await page.getByRole("heading", { name: /Årets kontrol \d{4}/ }).waitFor();
  await page.locator("tr", { hasText: reference }).filter({ hasText: "DPO'en var syg." }).waitFor();
  await page.locator("tr", { hasText: "Kursus i at sende Aula-beskeder" }).filter({ hasText: "Skolelederen" }).waitFor();
  const point = async (name) => page.locator(".summary-list__row", { hasText: name }).locator("dd").textContent();
  assert.match(await point("2. Anmeldt, når det var påkrævet"), /[1-9]\d* for sent/);
  // The guideline's points name what lacks them: (1) no documented
  // assessment, (3) a notification lacking its complete information,
  // (4) high risk and nobody told, (5) a processor without the agreed duty.
  const assessed = await point("1. Risikovurderingen er dokumenteret");
  assert.ok(assessed.includes(untouched) && !assessed.includes(reference), assessed);
  assert.match(await point("3. Anmeldelsen har minimumsindholdet"), new RegExp(`${preliminary}: Fuldstændige oplysninger`));
  assert.ok((await point("4. De berørte underrettet ved høj risiko")).includes(preliminary));
  assert.match(await point("5. Databehandlerne skal underrette skolen"), /Skolefoto ApS/);
  assert.match(await point("6. Kontrollen er godkendt af bestyrelsen"), /Ikke godkendt endnu/);
  // (6) The board's approval: the meeting must be named; then it is listed.
  await page.getByRole("button", { name: "Registrér godkendelsen af rapporten" }).click();
  await page.locator("#approval-note-error", { hasText: "bestyrelsesmøde" }).waitFor();
  await page.locator("#approval-note").fill("Bestyrelsesmøde 3.12., referat pkt. 4");
  await page.getByRole("button", { name: "Registrér godkendelsen af rapporten" }).click();
  await page.locator("tr", { hasText: "Bestyrelsesmøde 3.12., referat pkt. 4" }).filter({ hasText: "dpo@demo.example" }).waitFor();
  assert.match(await point("6. Kontrollen er godkendt af bestyrelsen"), /^Godkendt /);
  const label = await page.locator("svg.chart").getAttribute("aria-label");
  assert.match(label, /^Sager pr\. måned: jan \d+, feb \d+/);
  await axe(page, "the control report");
  await page.screenshot({ path: join(screens, "desk-control.png"), fullPage: true });
  // English on request.
  await page.getByRole("link", { name: "English" }).click();
  await page.getByRole("heading", { name: /Yearly control \d{4}/ }).waitFor();
});

test("at 320 px a leader plans a prevention measure, marks it done and gets the texts to copy", async () => {
  const reference = await submitReport();
  const context = await browser.newContext({ viewport: { width: 320, height: 700 }, isMobile: true, hasTouch: true });
  const page = await signIn(context, "leder@demo.example", `/desk/?org=demo&case=${reference}`);
  await page.locator("li:has(#action-prevention_planned) summary").click();
  await page.locator("#prevention_planned-what").fill("Kursus i at sende Aula-beskeder");
  await page.locator("#prevention_planned-by").fill("Skolelederen");
  await page.locator("#prevention_planned-due").fill("2026-12-31");
  await page.locator("#action-prevention_planned button[type=submit]").click();
  await page.getByRole("button", { name: "Markér tiltaget som udført" }).click();
  await page.locator(".task-list__item", { hasText: "Kursus i at sende Aula-beskeder" }).getByText("Udført").waitFor();
  await page.locator(".timeline__title", { hasText: "Forebyggende tiltag udført" }).waitFor();

  await page.getByRole("button", { name: /Vis Datatilsynet trin for trin/ }).click();
  await page.getByRole("heading", { name: "Datatilsynet trin for trin" }).waitFor();
  assert.ok((await page.locator(".desk-texts button[data-copy^=step-]").count()) >= 20, "a Copy button per answer");
  await page.locator(".desk-texts").getByText(new RegExp(`Sikkerhedsbrud ${reference}: `)).waitFor();
  assert.ok((await page.locator(".desk-texts button[data-copy^=text-]").count()) === 4, "a Copy button per text");
  // The demo school has Brud's mail channel: the mail is Brud's to send,
  // not the person's.
  assert.ok((await page.locator(".desk-texts .mail-delivery").count()) >= 1, "the mail's delivery is shown");
  assert.equal(await page.locator(".desk-texts").getByText("Brud sender den ikke for dig", { exact: false }).count(), 0);
  const noScroll = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  assert.ok(noScroll, "no horizontal scroll at 320 px");
  await axe(page, "the case page with its texts");
  await page.screenshot({ path: join(screens, "desk-case-320.png"), fullPage: true });
  await context.close();
});

test("the keyboard alone opens a case from the register and ticks a step", async () => {
  const reference = await submitReport();
  const page = await signIn(await screen(), "leder@demo.example");
  await page.getByRole("link", { name: reference }).waitFor();
  // Once the desk has taken the drawn register over (its filters are inert
  // until then): a key pressed while the rows are being replaced may land
  // on a row that is gone.
  await until("the desk takes the page over", async () =>
    !(await page.getByRole("search").evaluate((form) => form.inert).catch(() => true)));
  // Tab until the case's link has the focus, then follow it.
  const focusOn = async (what, isTarget) => {
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press("Tab");
      if (await page.evaluate(isTarget)) return;
    }
    throw new Error(`never reached ${what} with Tab`);
  };
  await focusOn(reference, `document.activeElement?.textContent?.trim() === "${reference}"`);
  await page.keyboard.press("Enter");
  await page.getByText("Skolens procedure").waitFor();
  // (Past the case's files and its EDPB template, whose own summary opens
  // the template.)
  await focusOn("the first step's summary", "document.activeElement?.tagName === 'SUMMARY' && !!document.activeElement.closest('ul.task-list')");
  await page.keyboard.press("Enter");
  await page.keyboard.press("Tab");
  await page.keyboard.type("TD-4712");
  await page.keyboard.press("Enter");
  await page.locator(".timeline__title", { hasText: "Trin i proceduren udført" }).waitFor();
  await page.getByText(/TD-4712/).first().waitFor();
});

test("a leader corrects the count and a DPO notifies late: every text and the register read the case as decided", async () => {
  const reference = await submitReport(80);
  const leader = await signIn(await screen(), "leder@demo.example", `/desk/?org=demo&case=${reference}`);
  const open = async (page, action) => {
    const summary = page.locator(`li:has(#action-${action}) summary`);
    await summary.waitFor();
    if (!(await page.locator(`#action-${action}`).isVisible())) await summary.click();
  };
  const save = (page, action) => page.locator(`#action-${action} button[type=submit]`).click();
  // The leader corrects the number of people affected; a bad number is
  // refused by its field and what was typed stays.
  await open(leader, "facts_corrected");
  // Only the steps that apply to this controller's case are listed.
  await leader.getByText("Stop bruddet, hvis du kan.").waitFor();
  assert.equal(await leader.getByText("Underret den dataansvarlige", { exact: false }).count(), 0);
  await leader.locator("#facts_corrected-subject_count").fill("fyrre");
  await leader.locator("#facts_corrected-reason").fill("Hele klassen fik beskeden.");
  await save(leader, "facts_corrected");
  await leader.locator("#facts_corrected-subject_count").locator("xpath=..").locator(".error-message").waitFor();
  assert.equal(await leader.locator("#facts_corrected-reason").inputValue(), "Hele klassen fik beskeden.");
  await leader.locator("#facts_corrected-subject_count").fill("40");
  await save(leader, "facts_corrected");
  await leader.locator(".timeline__title", { hasText: "Oplysninger i indberetningen rettet" }).waitFor();
  await axe(leader, "a case with its facts corrected");

  // The DPO notifies Datatilsynet late with the reason, tells the people
  // affected, and closes the case.
  const dpo = await signIn(await screen(), "dpo@demo.example", `/desk/?org=demo&case=${reference}`);
  await open(dpo, "authority_notified");
  await dpo.locator("#authority_notified-authority_reference").fill("2026-431-0777");
  await dpo.locator("#authority_notified-late_reason").fill("Lederen var på lejrskole uden net.");
  await dpo.locator("#authority_notified-complete").check();
  await save(dpo, "authority_notified");
  await dpo.locator(".timeline__title", { hasText: "Anmeldt til Datatilsynet" }).waitFor();
  await open(dpo, "subjects_told");
  await dpo.locator("#subjects_told-how").fill("Brev i Aula");
  // How, by the EDPB template's categories: the template needs it no more.
  await dpo.getByLabel("Hver for sig eller offentligt? (EDPB-skabelonens felt 104)").selectOption({ label: "Hver for sig (brev, e-mail, Aula-besked, samtale)" });
  await dpo.locator("#subjects_told-count").fill("40");
  await save(dpo, "subjects_told");
  await dpo.locator(".timeline__title", { hasText: "De berørte er underrettet" }).waitFor();
  await open(dpo, "closed");
  await dpo.locator("#closed-lessons").fill("Tjek modtagerlisten.");
  await save(dpo, "closed");
  await dpo.getByText("Sagen er lukket.", { exact: true }).waitFor();

  // The texts: the corrected count, the reasons for the delay, and the
  // register entry with the DPO and what was done.
  await dpo.getByRole("button", { name: /Vis Datatilsynet trin for trin/ }).click();
  await dpo.getByRole("heading", { name: "Datatilsynet trin for trin" }).waitFor();
  const texts = await dpo.locator(".desk-texts").textContent();
  assert.match(texts, /Antal registrerede: 40/);
  assert.match(texts, /Lederen var på lejrskole uden net\./);
  assert.match(texts, /Databeskyttelsesrådgiver \(DPO\): [^\n]+@/);
  assert.match(texts, /Datatilsynet: anmeldt [^\n]*journalnummer 2026-431-0777 \(fuldstændig\)\. Efter fristen på 72 timer/);
  assert.match(texts, /De berørte: underrettet [^\n]*Brev i Aula, 40 personer/);
  assert.match(texts, /Hvordan de berørte blev underrettet \(felt 104\)\s*Direkte underretning \(brev, e-mail, personligt\)/);
  assert.match(texts, /Lukket [^\n]*Tjek modtagerlisten\./);
  await dpo.screenshot({ path: join(screens, "desk-case-decided.png"), fullPage: true });

  // The register's row reads the corrected count.
  await dpo.goto(`${desk}/desk/?org=demo`);
  const [download] = await Promise.all([
    dpo.waitForEvent("download"),
    dpo.getByRole("link", { name: "Hent fortegnelsen som CSV (Excel)" }).click(),
  ]);
  const lines = readFileSync(await download.path(), "utf8").split("\r\n");
  const headers = lines[0].replace("\ufeff", "").split(";");
  const row = lines.find((line) => line.startsWith(`${reference};`)).split(";");
  assert.equal(row[headers.indexOf("Antal personer")], "40");
  assert.equal(row[headers.indexOf("Status")], "lukket");
});

test("a leader cannot lift the duty to notify, the DPO decides, and the texts drafted late carry the delay and no CPR number", async () => {
  const reference = await submitReport(50, "demo", (body) => {
    body.nature.description = "Klasselisten med Emils cpr 120315-4321 blev sendt til en forkert forælder.";
  });
  const open = async (page, action) => {
    const summary = page.locator(`li:has(#action-${action}) summary`);
    await summary.waitFor();
    if (!(await page.locator(`#action-${action}`).isVisible())) await summary.click();
  };
  const save = (page, action) => page.locator(`#action-${action} button[type=submit]`).click();
  // The leader learns the file was encrypted: that would lift the duty to
  // notify, which is the DPO's decision. Refused by the form, what was
  // typed kept.
  const leader = await signIn(await screen(), "leder@demo.example", `/desk/?org=demo&case=${reference}`);
  await open(leader, "facts_corrected");
  await leader.locator("#facts_corrected-unintelligible").selectOption("true");
  await leader.locator("#facts_corrected-reason").fill("IT siger, filen var krypteret.");
  await save(leader, "facts_corrected");
  await leader.locator("#action-facts_corrected").getByText(/det er DPO'ens beslutning/).waitFor();
  assert.equal(await leader.locator("#facts_corrected-reason").inputValue(), "IT siger, filen var krypteret.");
  assert.equal(await leader.locator(".timeline__title", { hasText: "Oplysninger i indberetningen rettet" }).count(), 0);

  // The DPO decides: the school knew two days earlier than the report
  // said, which puts the deadline behind it, and gives the reasons.
  const dpo = await signIn(await screen(), "dpo@demo.example", `/desk/?org=demo&case=${reference}`);
  const local = (hoursAgo) =>
    new Date(Date.now() - hoursAgo * 3600_000).toLocaleString("sv-SE", { timeZone: "Europe/Copenhagen" }).replace(" ", "T").slice(0, 16);
  await open(dpo, "facts_corrected");
  await dpo.locator("#facts_corrected-occurred").fill(local(100));
  await dpo.locator("#facts_corrected-aware_at").fill(local(98));
  await dpo.locator("#facts_corrected-late_reason").fill("Lederen fik beskeden på lejrskole uden net.");
  await dpo.locator("#facts_corrected-reason").fill("Mailen til lederen er fundet.");
  await save(dpo, "facts_corrected");
  await dpo.locator(".timeline__title", { hasText: "Oplysninger i indberetningen rettet" }).waitFor();
  // The letter to the people affected starts from the structured facts.
  await open(dpo, "letter_written");
  const start = await dpo.locator("#letter_written-what_happened").inputValue();
  assert.ok(start.length > 20 && !start.includes("120315-4321") && !start.includes("Emils"), start);
  await save(dpo, "letter_written");
  await dpo.locator(".timeline__title", { hasText: "Brev til de berørte skrevet" }).waitFor();
  await axe(dpo, "a case decided by the DPO");

  // The texts, drafted now (past the moved deadline): the delay and its
  // reasons; no CPR number anywhere, the letter from the DPO's words.
  await dpo.getByRole("button", { name: /Vis Datatilsynet trin for trin/ }).click();
  await dpo.getByRole("heading", { name: "Datatilsynet trin for trin" }).waitFor();
  const texts = await dpo.locator(".desk-texts").textContent();
  assert.match(texts, /Begrundelse for forsinket anmeldelse \(felt 49\): ?Lederen fik beskeden på lejrskole uden net\./);
  assert.ok(!texts.includes("120315-4321"), "a CPR number in the texts");
  const letter = await dpo.locator("#text-letter").textContent();
  assert.match(letter, new RegExp(`Reference: ${reference}`));
  assert.match(letter, /Kære /);
  assert.ok(!letter.includes("Klasselisten med Emils"), letter);
});

test("a DPO dismisses two junk reports at once from the register and they leave the year's figures", async () => {
  const page = await signIn(await screen(), "dpo@demo.example", "/desk/?org=demo&view=control");
  const casesInYear = async () => {
    await page.goto(`${desk}/desk/?org=demo&view=control`);
    const text = await page.locator(".summary-list__row", { hasText: "Sager i året" }).locator("dd").textContent();
    return Number(text);
  };
  const before = await casesInYear();
  const junk = [await submitReport(2), await submitReport(2)];
  assert.equal(await casesInYear(), before + 2);

  await page.goto(`${desk}/desk/?org=demo`);
  for (const reference of junk) {
    await page.locator(`#select-${reference}`).check();
  }
  await page.getByRole("heading", { name: "Afvis de valgte sager (2)" }).waitFor();
  await page.locator("li:has(#action-dismissed) summary").click();
  // Without a note, the field says so; nothing is dismissed.
  await page.locator("#dismissed-reason").selectOption("junk");
  await page.locator("#action-dismissed button[type=submit]").click();
  await page.locator("#dismissed-note").locator("xpath=..").locator(".error-message").waitFor();
  await page.locator("#dismissed-note").fill("Testindberetninger fra en elev.");
  await page.locator("#action-dismissed button[type=submit]").click();
  // Both gone from the open cases, found among the dismissed.
  await page.getByRole("heading", { name: /Afvis de valgte sager/ }).waitFor({ state: "detached" });
  for (const reference of junk) {
    await page.getByRole("link", { name: reference }).waitFor({ state: "detached" });
  }
  await page.locator("#filter-status").selectOption("dismissed");
  for (const reference of junk) {
    await page.locator("tr", { hasText: reference }).getByText("Afvist").waitFor();
  }
  await axe(page, "the register's dismissed cases");
  await page.screenshot({ path: join(screens, "desk-dismissed.png"), fullPage: true });

  // The board's figures are as before the junk came.
  assert.equal(await casesInYear(), before);
  const dismissed = await page.locator(".summary-list__row", { hasText: "Afviste indberetninger" }).locator("dd").textContent();
  assert.ok(Number(dismissed) >= 2, `dismissed: ${dismissed}`);

  // The case page says why.
  await page.goto(`${desk}/desk/?org=demo&case=${junk[0]}`);
  await page.locator("#dismissal").getByText(/Sagen er afvist: Spam eller misbrug af formularen\. Testindberetninger fra en elev\./).waitFor();
});

test("reports held beyond a flooded address wait for the DPO on the register, who opens one and discards the other", async () => {
  // A script on the school's one address sends junk until it is refused.
  const school = newClient();
  for (let i = 0; i < 30; i++) {
    const answer = await fetch(`${api}/api/reports`, { method: "POST", headers: { "content-type": "application/json", ...school }, body: "{ not json" });
    if (answer.status === 429) break;
  }
  // Two colleagues behind it send real reports: held, not refused.
  const held = [];
  for (let i = 0; i < 2; i++) {
    const body = JSON.parse(execFileSync(join(root, "scripts/example-report"), ["demo"], { encoding: "utf8" }));
    body.id = crypto.randomUUID();
    body.nature.description = `Holdt ${i}: en besked gik forkert.`;
    const answer = await fetch(`${api}/api/reports`, { method: "POST", headers: { "content-type": "application/json", ...school }, body: JSON.stringify(body) });
    const text = await answer.text();
    assert.equal(answer.status, 202, text);
    const receipt = JSON.parse(text);
    assert.equal(receipt.held, true, JSON.stringify(receipt));
    held.push(body.id);
  }
  // A leader's register has no such section: the decision is the DPO's.
  const leader = await signIn(await screen(), "leder@demo.example", "/desk/?org=demo");
  await leader.getByRole("heading", { name: "Fortegnelse over brud" }).waitFor();
  await leader.waitForTimeout(500);
  assert.equal(await leader.getByRole("heading", { name: /Venter på dig/ }).count(), 0);

  const page = await signIn(await screen(), "dpo@demo.example", "/desk/?org=demo");
  const section = page.locator("section.held");
  await section.getByRole("heading", { name: /Venter på dig \(\d+\)/ }).waitFor();
  await section.getByText("Holdt 0: en besked gik forkert.", { exact: false }).waitFor();
  await axe(page, "the register with held reports");
  await page.screenshot({ path: join(screens, "desk-held.png"), fullPage: true });
  // The first opened as a case.
  await section.locator("li", { hasText: "Holdt 0" }).getByRole("button", { name: "Åbn som sag" }).click();
  await section.getByText("Åbnet som sag").waitFor();
  await section.locator("li", { hasText: "Holdt 0" }).waitFor({ state: "detached" });
  // The second ticked and discarded with a reason.
  await section.locator(`input[value="${held[1]}"]`).check();
  await section.locator("#held-reason").fill("Sendt to gange");
  await section.getByRole("button", { name: "Kassér de valgte" }).click();
  await section.getByText("Kasseret og skrevet i skolens log.").waitFor();
  assert.equal(await section.locator("li", { hasText: "Holdt 1" }).count(), 0);
  // The opened one is a case now.
  const cases = await (await fetch(`${api}/api/reports/${held[0]}/delivery`, { headers: newClient() })).status;
  assert.equal(cases, 200, "the opened report is stored and delivered as any report");
});

test("the DPO keeps the school's staff on its register: a wrong address is said at the field, a newcomer signs in, a removed leader is out at once", async () => {
  const school = "/desk/?org=demo-nord";
  const leader = await signIn(await screen(), "leder@demo-nord.example", school);
  await leader.getByRole("heading", { name: "Fortegnelse over brud" }).waitFor();
  await leader.waitForTimeout(500);
  assert.equal(await leader.getByText(/Skolens personale/).count(), 0, "the roster is the DPO's");

  const page = await signIn(await phone(), "dpo@demo.example", school);
  const staff = page.locator("details.staff");
  await staff.getByText("Skolens personale (2)").click();
  const rows = () => staff.locator("tbody tr td:first-child").allTextContents();
  assert.deepEqual(await rows(), ["dpo@demo.example", "leder@demo-nord.example"]);
  await axe(page, "the school's staff");
  // A wrong address: said next to the field, what was typed kept.
  await staff.getByLabel("E-mailadresse").fill("ny lærer");
  await staff.getByRole("button", { name: "Tilføj" }).click();
  await staff.getByText("Skriv en e-mailadresse, fx navn@skole.dk.").waitFor();
  assert.equal(await staff.getByLabel("E-mailadresse").inputValue(), "ny lærer");
  assert.equal(await staff.getByLabel("E-mailadresse").getAttribute("aria-describedby"), "staff-email-error");
  // A newcomer added as viewer signs in at once.
  await staff.getByLabel("E-mailadresse").fill("ny.laerer@demo-nord.example");
  await staff.getByLabel("Rolle", { exact: true }).selectOption("viewer");
  await staff.getByRole("button", { name: "Tilføj" }).click();
  await staff.getByText("ny.laerer@demo-nord.example kan nu logge ind.", { exact: false }).waitFor();
  assert.deepEqual(await rows(), ["dpo@demo.example", "leder@demo-nord.example", "ny.laerer@demo-nord.example"]);
  await page.screenshot({ path: join(screens, "desk-staff.png"), fullPage: true });
  const newcomer = await (await screen()).newPage();
  await newcomer.goto(`${desk}/cdn-cgi/access/login?email=ny.laerer%40demo-nord.example&to=${encodeURIComponent(school)}`);
  await newcomer.getByRole("heading", { name: "Fortegnelse over brud" }).waitFor();
  // The last DPO cannot be removed: said, and the roster unchanged.
  await staff.getByRole("button", { name: "Fjern dpo@demo.example" }).click();
  await staff.getByText("Skolen skal have mindst én DPO.", { exact: false }).waitFor();
  // The leader leaves: out on their next click.
  await staff.getByRole("button", { name: "Fjern leder@demo-nord.example" }).click();
  await staff.getByText("leder@demo-nord.example er fjernet", { exact: false }).waitFor();
  assert.deepEqual(await rows(), ["dpo@demo.example", "ny.laerer@demo-nord.example"]);
  await leader.reload();
  await leader.getByText("Du har ikke adgang til denne skoles sager.").waitFor();
  // Put back for the other tests: the leader again, the newcomer's role
  // changed and then removed, each written in the school's signed log.
  await staff.getByLabel("E-mailadresse").fill("leder@demo-nord.example");
  await staff.getByLabel("Rolle", { exact: true }).selectOption("leader");
  await staff.getByRole("button", { name: "Tilføj" }).click();
  await staff.getByText("leder@demo-nord.example kan nu logge ind.", { exact: false }).waitFor();
  await staff.getByLabel("Rolle for ny.laerer@demo-nord.example").selectOption("leader");
  await staff.getByText("ny.laerer@demo-nord.example har fået en ny rolle.", { exact: false }).waitFor();
  await staff.getByRole("button", { name: "Fjern ny.laerer@demo-nord.example" }).click();
  await staff.getByText("ny.laerer@demo-nord.example er fjernet", { exact: false }).waitFor();
  const log = await page.evaluate(async () => (await fetch("/api/desk/orgs/demo-nord/log")).json());
  assert.equal(log.verified, true, JSON.stringify(log));
  const changes = log.entries.filter((e) => e.kind === "staff_changed").map((e) => `${e.email}:${e.previous ?? "-"}>${e.role ?? "-"}`);
  assert.deepEqual(changes, [
    "ny.laerer@demo-nord.example:->viewer",
    "leder@demo-nord.example:leader>-",
    "leder@demo-nord.example:->leader",
    "ny.laerer@demo-nord.example:viewer>leader",
    "ny.laerer@demo-nord.example:leader>-",
  ]);
});

test("files are added on the case page, known by their bytes, and Datatilsynet's receipt is marked on the notification", async () => {
  const reference = await submitReport();
  const casePage = `/desk/?org=demo&case=${reference}`;
  const page = await signIn(await phone(), "leder@demo.example", casePage);
  const files = page.locator("section.files");
  await files.getByRole("heading", { name: "Filer (0)" }).waitFor();
  await files.getByText("Ingen filer endnu.").waitFor();
  const input = files.getByLabel("Tilføj en fil");
  // A program named as a PDF: refused by its bytes, said at the field, the
  // file still chosen.
  await input.setInputFiles({ name: "kvittering.pdf", mimeType: "application/pdf", buffer: Buffer.from("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00", "latin1") });
  await files.getByRole("button", { name: "Læg filen på sagen" }).click();
  await files.locator("#file-error").waitFor();
  assert.match(await files.locator("#file-error").textContent(), /\S/);
  assert.equal(await input.evaluate((el) => el.files.length), 1, "the file chosen stays chosen");
  assert.equal(await input.getAttribute("aria-describedby"), "file-error file-hint");
  // A screenshot is kept, listed, signed into the log and downloads as it was.
  const png = Buffer.from("89504e470d0a1a0a0000000d4948445200000001000000010806000000", "hex");
  await input.setInputFiles({ name: "Skærmbillede æ.png", mimeType: "image/png", buffer: png });
  await files.getByRole("button", { name: "Læg filen på sagen" }).click();
  await page.locator("section.files").getByRole("heading", { name: "Filer (1)" }).waitFor();
  const link = page.locator("section.files").getByRole("link", { name: "Skærmbillede æ.png" });
  await link.waitFor();
  await page.getByText("Fil tilføjet").first().waitFor();
  const downloaded = await page.evaluate(async (href) => {
    const answer = await fetch(href);
    return { status: answer.status, type: answer.headers.get("content-type"), hex: [...new Uint8Array(await answer.arrayBuffer())].map((b) => b.toString(16).padStart(2, "0")).join("") };
  }, await link.getAttribute("href"));
  assert.deepEqual(downloaded, { status: 200, type: "image/png", hex: png.toString("hex") });
  await axe(page, "the case page with its files");
  await page.screenshot({ path: join(screens, "desk-case-files.png"), fullPage: true });
  assert.equal(await page.locator("#file-receipt").count(), 0, "no receipt before the notification");

  // Once the notification is recorded, its receipt is marked as such.
  const recorded = await page.evaluate(async ({ path }) => {
    const detail = await (await fetch(path)).json();
    const answer = await fetch(`${path}/events`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        kind: "authority_notified",
        notified_at: new Date(Date.now() - 60_000).toISOString().replace(/\.\d+Z$/, "Z"),
        authority_reference: "2026-431-0099",
        complete: true,
        expected_sequence: detail.case.sequence,
        client_event_id: crypto.randomUUID(),
      }),
    });
    return answer.status;
  }, { path: `/api/desk/orgs/demo/cases/${reference}` });
  assert.equal(recorded, 201);
  await page.reload();
  const receipt = page.locator("section.files").getByLabel("Filen er Datatilsynets kvittering for anmeldelsen");
  await receipt.check();
  const pdf = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
  await page.locator("section.files").getByLabel("Tilføj en fil").setInputFiles({ name: "Kvittering.pdf", mimeType: "application/pdf", buffer: pdf });
  await page.locator("section.files").getByRole("button", { name: "Læg filen på sagen" }).click();
  await page.locator("section.files").getByRole("heading", { name: "Filer (2)" }).waitFor();
  await page.locator("section.files li", { hasText: "Kvittering.pdf" }).getByText(/Datatilsynets kvittering/).waitFor();

  // A viewer sees the files, and no way to add one.
  const viewer = await signIn(await screen(), "laerer@demo.example", casePage);
  await viewer.locator("section.files").getByRole("heading", { name: "Filer (2)" }).waitFor();
  assert.equal(await viewer.locator("section.files").getByLabel("Tilføj en fil").count(), 0);
});

test("the notification in the EDPB's template shows the DPO what is still missing, and takes the DPO's answers", async () => {
  const reference = await submitReport();
  const page = await signIn(await screen(), "dpo@demo.example", `/desk/?org=demo&case=${reference}`);
  const template = page.locator("section.template");
  await template.getByRole("heading", { name: "Anmeldelsen efter EDPB's skabelon" }).waitFor();
  const download = await template.getByRole("link", { name: "Hent den næste anmeldelse (JSON)" }).getAttribute("href");
  assert.match(download, /notification\.json\?lang=da$/);
  await template.getByText("Vis skabelonen udfyldt").click();
  const missing = template.locator("#template-missing");
  await missing.waitFor();
  const before = await missing.locator("li").allTextContents();
  assert.ok(before.some((line) => line.startsWith("63. ")), before.join("\n"));
  assert.ok(before.some((line) => line.startsWith("87. ")), before.join("\n"));
  await axe(page, "the notification in the EDPB's template");
  await page.screenshot({ path: join(screens, "desk-edpb-template.png"), fullPage: true });
  // The DPO answers two of them on the page.
  await template.getByLabel("63. Systemer, software og tjenester involveret, og hvor de er placeret").fill("Aula (beskeder til forældre), drevet i EU.");
  await template.getByLabel("87. Følgernes alvor").selectOption("b");
  await template.getByRole("button", { name: "Gem svarene" }).click();
  // The desk draws the case again (the answers are in its timeline); the
  // template, opened again, says what is left.
  await page.getByText("Oplysninger til EDPB-skabelonen").first().waitFor();
  const again = page.locator("section.template");
  await until("the template drawn again without the two answered", async () => {
    const details = again.locator("details");
    if (!(await details.evaluate((node) => node.open).catch(() => false))) {
      await again.getByText("Vis skabelonen udfyldt").click().catch(() => {});
    }
    const lines = await again.locator("#template-missing li").allTextContents().catch(() => []);
    return lines.length === before.length - 2;
  });
  const after = await again.locator("#template-missing li").allTextContents();
  assert.ok(!after.some((line) => line.startsWith("63. ") || line.startsWith("87. ")), after.join("\n"));
  await again.locator("#template-row-63").getByText("tilføjet af DPO'en").waitFor();
  // Datatilsynet step by step and the text to copy read the same template:
  // the DPO's answers are there, the predefined one by its Danish label.
  await page.getByRole("button", { name: /Vis Datatilsynet trin for trin/ }).click();
  await page.getByRole("heading", { name: "Datatilsynet trin for trin" }).waitFor();
  const guide = await page.locator(".desk-texts").textContent();
  assert.match(guide, /Systemer, software og tjenester involveret, og hvor de er placeret \(felt 63\)\s*Aula \(beskeder til forældre\), drevet i EU\./);
  assert.match(guide, /Følgernes alvor \(felt 87\)\s*Moderat/);
  assert.match(await page.locator("#text-notification").textContent(), /Følgernes alvor \(felt 87\): Moderat/);
  // In English too.
  const english = await signIn(await screen(), "dpo@demo.example", `/desk/?org=demo&case=${reference}&lang=en`);
  const en = english.locator("section.template");
  await en.getByRole("heading", { name: "The notification in the EDPB's template" }).waitFor();
  await en.getByText("Show the template filled in").click();
  await en.locator("#template-row-63").getByText("63. Description of the systems", { exact: false }).waitFor();
  // A leader reads it, and answers nothing.
  const leader = await signIn(await screen(), "leder@demo.example", `/desk/?org=demo&case=${reference}`);
  const theirs = leader.locator("section.template");
  await theirs.getByText("Vis skabelonen udfyldt").click();
  await theirs.locator("#template-missing").waitFor();
  assert.equal(await theirs.getByRole("button", { name: "Gem svarene" }).count(), 0);
});
