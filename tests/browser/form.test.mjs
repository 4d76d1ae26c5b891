// The form end to end: the real form (public/, built by scripts/build-app)
// served by the real Worker in workerd (wrangler dev), driven in Debian's
// headless Chromium at a 390×844 phone viewport, with the local sink
// (brud-stack's sink) receiving the signed delivery. axe-core checks every step;
// a screenshot of each step is saved in artifacts/screens/.
//
// Run by scripts/test after the builds: node --test tests/browser/

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { root, screens, freePort, until, axe, launchChromium, startWorker, newClient } from "./harness.mjs";

let worker, base, browser, embedServer, embedOrigin, embedPort;

before(async () => {
  // A page on another origin, the demo school's intranet, that embeds the
  // form: on a free port, made an allowed origin of the demo school
  // through the Worker's LOCAL_EMBED_ORIGINS.
  embedPort = await freePort();
  embedOrigin = `http://127.0.0.1:${embedPort}`;
  // HELD_MAX 0: a report beyond its client's limit finds the school
  // holding all it may, so the Worker answers its real 429 (held reports
  // themselves are the desk's tests').
  worker = await startWorker({ LOCAL_EMBED_ORIGINS: `demo=${embedOrigin}`, HELD_MAX: "0" });
  base = worker.base;

  embedServer = createServer((req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><html lang="da"><title>Intranet</title><h1>Intranet</h1>
      <div data-brud-org="demo"></div><script src="${base}/embed.js"></script>`);
  });
  await new Promise((r) => embedServer.listen(embedPort, "127.0.0.1", r));

  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  embedServer?.close();
  worker?.stop();
});

const phone = () =>
  browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, bypassCSP: false });

async function shot(page, name) {
  await page.screenshot({ path: join(screens, `${name}.png`), fullPage: true });
}

/** `hoursAgo` hours before now as a datetime-local value in Copenhagen time. */
const copenhagenLocal = (hoursAgo) =>
  new Date(Date.now() - hoursAgo * 3_600_000)
    .toLocaleString("sv-SE", { timeZone: "Europe/Copenhagen" })
    .replace(" ", "T")
    .slice(0, 16);

/** Sends a report of its own straight to the Worker and waits until the
 *  sink has it. The delivery queue hands messages to the Worker in the
 *  order they were sent, and the Worker settles a batch in order, so every
 *  delivery queued before this one has reached the sink by then. */
async function flushDeliveries() {
  const marker = JSON.parse(execFileSync(join(root, "scripts/example-report"), ["demo"], { encoding: "utf8" }));
  const reply = await fetch(`${base}/api/reports`, {
    method: "POST", headers: { "content-type": "application/json", ...newClient() }, body: JSON.stringify(marker),
  });
  assert.equal(reply.status, 202, await reply.text());
  await until("the marker report is delivered", () => worker.sinkOutput().includes(`(${marker.id}) · demo · signature OK`));
}

/** The id of the demo school's draft on `page`, once the draft is saved:
 *  the form saves 400 ms after the last change, and a test that has just
 *  filled in the last step may be quicker than that. */
async function draftId(page) {
  const read = () => page.evaluate(() => JSON.parse(localStorage.getItem("brud.draft.v1.demo"))?.report.id);
  await until("the draft is saved", async () => (await read()) !== undefined);
  return read();
}

const continueButton = (page) => page.getByRole("button", { name: /^(Fortsæt|Continue)$/ });

/** Fills in every step of a complete report and stops at the check page.
 *  With `availability`, the data was also lost for a while: the two
 *  availability questions of step 4 are answered with `availability`'s
 *  `backup` ("yes"/"no") and `duration` (a label). With `attack`, it is
 *  ransomware that only locked the data (nobody is known to have seen it):
 *  `attack(page)` answers the question whether it was copied, on step 4. */
async function fillCompleteReport(page, { reloadInTheMiddle = false, availability = null, attack = null } = {}) {
  // Step 1
  if (attack) {
    await page.getByLabel("Hvad er der sket?").fill("Ransomware låste fællesdrevet med elevmapper.");
    await page.getByLabel("Ransomware (data låst af angriber)").check();
    await page.getByLabel("Ondsindet handling udefra (fx hackere eller tyveri)").check();
  } else {
    await page.getByLabel("Hvad er der sket?").fill("En Aula-besked om en elevs PPR-henvisning gik til forældrene til en anden elev.");
    await page.getByLabel("Aula-besked sendt til forkert modtager").check();
    await page.getByLabel("Menneskelig fejl").check();
    await page.getByLabel("Nogen uvedkommende kunne se dem").check();
  }
  if (availability) await page.getByLabel("De var væk eller utilgængelige").check();
  await page.getByLabel("Præcist tidspunkt").check();
  // Two hours and one hour ago, as Copenhagen wall-clock time: fixed dates
  // would pass the 72-hour deadline a few days after they were written.
  await page.getByLabel("Hvornår skete det?").fill(copenhagenLocal(2));
  await page.getByLabel("Hvornår blev skolen opmærksom på det?").fill(copenhagenLocal(1));
  await page.getByLabel("En ansat").check();
  await axe(page, "step 1");
  await shot(page, "1-what");
  await continueButton(page).click();
  // Step 2
  await page.locator("#timeline-ongoing-no").check();
  await page.getByRole("group", { name: "Er bruddet stoppet?" }).getByRole("radio", { name: "Ja" }).check();
  await page.getByLabel("Hvordan blev det stoppet eller begrænset?").fill("Modtageren har slettet beskeden.");
  await axe(page, "step 2");
  await shot(page, "2-stopped");
  if (reloadInTheMiddle) {
    await page.getByText(/Kladde gemt kl\./).waitFor();
    await page.reload();
    await page.getByRole("heading", { name: "Er bruddet stoppet?" }).waitFor();
    assert.equal(await page.getByLabel("Hvordan blev det stoppet eller begrænset?").inputValue(), "Modtageren har slettet beskeden.");
    assert.equal(await page.locator("#timeline-ongoing-no").isChecked(), true);
  }
  await continueButton(page).click();
  // Step 3
  await page.getByLabel("Elever", { exact: true }).check();
  await page.locator("#data-minors").check();
  await page.locator("#data-vulnerable-no").check();
  await page.locator("#data-subject_count-precision").check();
  await page.locator("#data-subject_count-value").fill("3");
  await page.locator("#data-record_count-precision-2").check();
  await page.getByLabel("Navn, adresse eller fødselsdato").check();
  await page.getByLabel("Helbred, diagnoser eller PPR").check();
  await axe(page, "step 3");
  await shot(page, "3-data");
  await continueButton(page).click();
  // Step 4
  const copying = page.getByRole("group", { name: /^Kan angriberen have kopieret oplysningerne/ });
  if (attack) {
    await page.locator("#circumstances-malicious").check();
  } else {
    await page.getByLabel("Kendte modtagere").check();
    await page.locator("#circumstances-recipient_bound_by_confidentiality-no").check();
    await page.locator("#circumstances-unintelligible-no").check();
    await page.locator("#circumstances-recovered").check();
    await page.locator("#circumstances-malicious-no").check();
    assert.equal(await copying.count(), 0, "only asked for an attack that may copy data");
  }
  const backup = page.getByRole("group", { name: /^Var der en backup/ });
  const duration = page.getByRole("group", { name: /^Hvor længe var oplysningerne væk/ });
  if (availability) {
    // Asked while the data may come back: not once it is lost for good.
    await backup.waitFor();
    await page.getByLabel("Tabt for altid (ingen backup)").check();
    await backup.waitFor({ state: "detached" });
    assert.equal(await duration.count(), 0, "no duration for data lost for good");
    await page.getByLabel("Midlertidigt utilgængeligt").check();
    await backup.getByRole("radio", { name: availability.backup === "yes" ? "Ja" : "Nej" }).check();
    await duration.getByLabel(availability.duration).check();
    assert.match(await backup.innerText(), /\(valgfrit\)/, "both may be skipped");
    await axe(page, "step 4, availability");
    await shot(page, "4-availability");
  } else {
    assert.equal(await backup.count() + await duration.count(), 0, "not asked when nothing was lost");
  }
  if (attack) {
    await attack(page, copying);
    await axe(page, "step 4, attack");
  }
  await axe(page, "step 4");
  await shot(page, "4-circumstances");
  await continueButton(page).click();
  // Step 5
  await page.getByLabel("Hvad skal der yderligere gøres for at rette op?").fill("Sletningen bekræftes skriftligt.");
  await page.getByLabel("Hvad skal forhindre, at det sker igen?").fill("Personalet tjekker modtagere før afsendelse.");
  await axe(page, "step 5");
  await shot(page, "5-next");
  await continueButton(page).click();
  // Step 6
  await page.getByLabel("Dit navn").fill("Anne Jensen");
  await page.getByLabel("Medarbejder").check();
  await page.getByLabel("Din e-mail").fill("anne@example.dk");
  await page.locator("#handling-leader_informed").check();
  await page.getByLabel("Hvilken leder?").fill("Palle Vang");
  await page.getByLabel("Hvem tager sig af sagen herfra?").fill("Palle Vang");
  await page.getByLabel("Dataansvarlig", { exact: true }).check();
  await axe(page, "step 6");
  await shot(page, "6-people");
  await continueButton(page).click();
  await page.getByRole("heading", { name: "Tjek dine svar" }).waitFor();
}

test("validation errors show a focused summary, inline messages and keep the answers", async () => {
  const context = await phone();
  const page = await context.newPage();
  await page.goto(`${base}/?org=demo`);
  await page.getByLabel("Hvad er der sket?").fill("Noget gik galt.");
  await continueButton(page).click();
  const summary = page.locator(".error-summary");
  await summary.waitFor({ state: "visible" });
  assert.equal(await summary.evaluate((el) => el === document.activeElement), true, "the summary takes focus");
  assert.match(await page.title(), /^Fejl: /);
  // The summary has the inline messages' wording, in the order of the page.
  const linked = await summary.getByRole("link").allInnerTexts();
  const inline = (await page.locator(".error-message").allInnerTexts()).map((t) => t.replace(/^Fejl:\s*/, "").trim());
  assert.ok(linked.length >= 5, `${linked}`);
  assert.deepEqual(linked.map((t) => t.trim()), inline);
  // Each link leads to its field.
  await summary.getByRole("link").first().click();
  assert.equal(await page.evaluate(() => document.activeElement?.id), "nature-incident");
  assert.equal(await page.getByLabel("Hvad er der sket?").inputValue(), "Noget gik galt.", "the answer stays");
  await axe(page, "errors");
  await shot(page, "0-errors");
  await context.close();
});

test("a whole report, reloaded in the middle, is sent and arrives signed", async () => {
  const context = await phone();
  const page = await context.newPage();
  const requested = [];
  page.on("request", (request) => requested.push(new URL(request.url()).pathname));
  await page.goto(`${base}/?org=demo`);
  await fillCompleteReport(page, { reloadInTheMiddle: true });
  const receiptModule = (path) => path.startsWith("/pkg/receipt/");
  assert.deepEqual(requested.filter(receiptModule), [], "the receipt's texts module is not part of filling in");
  // Answers from before the reload are all there.
  const check = await page.locator("main").innerText();
  for (const answer of ["En Aula-besked om en elevs PPR-henvisning", "Modtageren har slettet beskeden.", "Anne Jensen", "Sletningen bekræftes skriftligt."]) {
    assert.ok(check.includes(answer), `${answer} on the check page`);
  }
  await axe(page, "check answers");
  await shot(page, "7-check");
  const id = await draftId(page);
  await page.getByRole("button", { name: "Send indberetningen" }).click();
  await page.getByRole("heading", { name: "Indberetningen er sendt" }).waitFor();
  const reference = (await page.locator(".panel__reference").innerText()).trim();
  assert.match(reference, /^DEMO-20\d\d-\d{4}$/);
  assert.ok((await page.locator("main").innerText()).includes("Frist for anmeldelse til Datatilsynet"));
  // The texts to copy arrive from the receipt module, fetched only now.
  const mail = page.locator(".texts__body").first();
  await mail.waitFor();
  assert.match(await mail.innerText(), new RegExp(`${reference}[\\s\\S]*Hej`), "the mail names the reference");
  assert.ok(requested.some(receiptModule), "the receipt module was fetched for the receipt");
  // The demo school has Brud mail its breach mailbox: the receipt says it
  // is being sent, then, as the Worker tells the page, that it has gone.
  await page.getByText("Brud har sendt denne mail til sikkerhedsbrud@demo.example. Du behøver ikke sende den selv.").waitFor();
  assert.equal(await page.getByRole("link", { name: "Åbn i mail" }).isVisible(), false, "nothing left to send");
  await axe(page, "receipt");
  await shot(page, "8-receipt");
  // Each text can be copied and downloaded.
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: base });
  await page.getByRole("button", { name: "Kopiér" }).first().click();
  await page.getByText("Kopieret.").waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), await mail.innerText());
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Hent som fil" }).first().click()]);
  assert.equal(download.suggestedFilename(), `${reference}-mail.txt`);
  assert.equal(readFileSync(await download.path(), "utf8"), await mail.innerText());
  await page.getByRole("button", { name: "English" }).click();
  await page.getByText("Mail to the breach mailbox").waitFor();
  assert.match(await mail.innerText(), /Hello/, "the texts follow the language switch");
  await page.getByRole("button", { name: "Dansk" }).click();
  assert.equal(await page.evaluate(() => localStorage.getItem("brud.draft.v1.demo")), null, "the draft is removed");
  await until("the sink has the signed delivery", () => worker.sinkOutput().includes(`(${id}) · demo · signature OK`));
  assert.ok(worker.sinkOutput().includes(`delivery ${reference} (${id}) · demo · signature OK`), "the sink got the signed delivery");
  assert.ok(worker.sinkOutput().includes("En Aula-besked om en elevs PPR-henvisning"), "with the same content");
  await context.close();
});

test("data that was unavailable for days: the backup and the duration are asked, shown and sent", async () => {
  const context = await phone();
  const page = await context.newPage();
  await page.goto(`${base}/?org=demo`);
  await fillCompleteReport(page, { availability: { backup: "no", duration: "Nogle dage" } });
  const check = await page.locator("main").innerText();
  assert.ok(check.includes("Nogle dage"), "the duration is on the check page");
  const id = await draftId(page);
  const sent = page.waitForRequest((request) => request.url().endsWith("/api/reports") && request.method() === "POST");
  await page.getByRole("button", { name: "Send indberetningen" }).click();
  const body = (await sent).postDataJSON();
  assert.equal(body.circumstances.backup, false);
  assert.equal(body.circumstances.unavailable_for, "days");
  await page.getByRole("heading", { name: "Indberetningen er sendt" }).waitFor();
  await until("the sink has the delivery", () => worker.sinkOutput().includes(`(${id}) · demo · signature OK`));
  await context.close();
});

test("ransomware restored within hours is no risk only once copying is ruled out; the answer is shown and sent", async () => {
  const context = await phone();
  const page = await context.newPage();
  await page.goto(`${base}/?org=demo`);
  const risk = page.locator(".panel__risk");
  const riskIs = (label) => until(`the risk is ${label}`, async () => (await risk.getAttribute("data-risk")) === label);
  await fillCompleteReport(page, {
    availability: { backup: "yes", duration: "Nogle timer (tilbage inden for et døgn)" },
    attack: async (page, copying) => {
      // Children's health data locked for hours: unanswered, nobody has
      // said it was not copied, so the score's level stands.
      await riskIs("Høj risiko");
      assert.match(await copying.innerText(), /\(valgfrit\)/);
      await copying.getByLabel(/^Nej, det er udelukket/).check();
      await riskIs("Ingen risiko");
      await copying.getByLabel(/^Måske/).check();
      await riskIs("Høj risiko");
      await copying.getByLabel(/^Nej, det er udelukket/).check();
      await riskIs("Ingen risiko");
    },
  });
  const check = await page.locator("main").innerText();
  assert.match(check, /Kopieret\s+Nej, det er udelukket/, "the answer is on the check page");
  const sent = page.waitForRequest((request) => request.url().endsWith("/api/reports") && request.method() === "POST");
  await page.getByRole("button", { name: "Send indberetningen" }).click();
  const body = (await sent).postDataJSON();
  assert.equal(body.circumstances.exfiltration, "ruled_out");
  assert.equal(body.nature.confidentiality, false);
  await page.getByRole("heading", { name: "Indberetningen er sendt" }).waitFor();
  assert.ok((await page.locator("main").innerText()).includes("Ingen risiko"), "the Worker agrees");
  await context.close();
});

test("a lost laptop with only \"gone\" ticked is asked about encryption, is a risk until encrypted, and \"Why?\" gives the reasons", async () => {
  const context = await phone();
  const page = await context.newPage();
  await page.goto(`${base}/?org=demo`);
  const risk = page.locator(".panel__risk");
  const riskIs = (label) => until(`the risk is ${label}`, async () => (await risk.getAttribute("data-risk")) === label);
  // Step 1: the hurried reporter ticks only that the data is gone.
  await page.getByLabel("Hvad er der sket?").fill("Min skolecomputer med PPR-notater er væk. Filerne ligger i OneDrive.");
  await page.getByLabel("Mistet computer, telefon eller USB-nøgle").check();
  await page.getByLabel("Menneskelig fejl").check();
  await page.getByLabel("De var væk eller utilgængelige").check();
  await page.getByLabel("Præcist tidspunkt").check();
  await page.getByLabel("Hvornår skete det?").fill(copenhagenLocal(2));
  await page.getByLabel("Hvornår blev skolen opmærksom på det?").fill(copenhagenLocal(1));
  await page.getByLabel("En ansat").check();
  await continueButton(page).click();
  // Step 2
  await page.locator("#timeline-ongoing-no").check();
  await page.getByRole("group", { name: "Er bruddet stoppet?" }).getByRole("radio", { name: "Ja" }).check();
  await page.getByLabel("Hvordan blev det stoppet eller begrænset?").fill("Computeren er spærret.");
  await continueButton(page).click();
  // Step 3: twelve pupils' health notes.
  await page.getByLabel("Elever", { exact: true }).check();
  await page.locator("#data-minors").check();
  await page.locator("#data-subject_count-precision").check();
  await page.locator("#data-vulnerable-no").check();
  await page.locator("#data-subject_count-value").fill("12");
  await page.locator("#data-record_count-precision-2").check();
  await page.getByLabel("Helbred, diagnoser eller PPR").check();
  await continueButton(page).click();
  // Step 4: the encryption question, whatever was ticked.
  const encrypted = page.getByRole("group", { name: /^Var enheden eller filerne krypteret/ });
  await encrypted.waitFor();
  await riskIs("Høj risiko");
  await encrypted.getByLabel(/^Ja, krypteret/).check();
  await page.getByLabel("Midlertidigt utilgængeligt").check();
  await page.getByRole("group", { name: /^Hvor længe var oplysningerne væk/ }).getByLabel(/^Nogle timer/).check();
  await riskIs("Ingen risiko");
  await encrypted.getByLabel("Ved ikke").check();
  await riskIs("Høj risiko");
  await axe(page, "step 4, a lost device");
  // "Why?" fetches the rules' words from the receipt module.
  await page.locator(".panel__why summary").first().click();
  await until("the reasons are shown", async () =>
    (await page.locator(".panel__why").first().innerText()).includes("Mistet eller stjålet udstyr"));
  const why = await page.locator(".panel__why").first().innerText();
  assert.match(why, /Alvorlighed [0-9.]+ \(/, "the band's reason");
  await context.close();
});

test("the receipt shows the assessment the Worker stored, not one the form computed", async () => {
  // A form cached before an update of the rules can compute a different
  // risk from the Worker's. The Worker's answer is what was stored and
  // delivered, so the receipt and its texts must show that one: here the
  // Worker's answer is rewritten on its way to the page, so the two differ.
  const context = await phone();
  const page = await context.newPage();
  await page.route("**/api/reports", async (route) => {
    const response = await route.fetch();
    const receipt = await response.json();
    assert.notEqual(receipt.assessment.risk, "none", "the form's own rules would say there is a risk");
    receipt.assessment.risk = "none";
    receipt.assessment.computed_risk = "none";
    receipt.assessment.obligations.notify_authority = { required: false, deadline: null, overdue: false };
    receipt.assessment.obligations.steps = [{ id: "stored-step", da: "Ring til skolens DPO i dag.", en: "Call the school's DPO today." }];
    await route.fulfill({ response, json: receipt });
  });
  await page.goto(`${base}/?org=demo`);
  await fillCompleteReport(page);
  await page.getByRole("button", { name: "Send indberetningen" }).click();
  await page.getByRole("heading", { name: "Indberetningen er sendt" }).waitFor();
  const receiptText = await page.locator("main").innerText();
  assert.ok(receiptText.includes("Risiko: Ingen risiko"), receiptText);
  assert.ok(!receiptText.includes("Frist for anmeldelse til Datatilsynet"), "no deadline when the Worker set none");
  assert.ok(receiptText.includes("Ring til skolens DPO i dag."), "the Worker's steps");
  const register = page.locator("#text-register");
  await register.waitFor({ state: "attached" });
  assert.match(await register.textContent(), /Bruddet er registreret, men ikke anmeldt/, "the texts follow the stored assessment");
  await context.close();
});

test("when Brud cannot send the mail, the receipt says so and offers it ready to send", async () => {
  // The Worker's answer about the mail is rewritten on its way to the page:
  // the mail channel was given up.
  const context = await phone();
  const page = await context.newPage();
  let asked = 0;
  await page.route("**/api/reports/*/delivery", async (route) => {
    asked += 1;
    const response = await route.fetch();
    const answer = await response.json();
    for (const channel of answer.channels) if (channel.channel === "mail") channel.status = "dead";
    await route.fulfill({ response, json: answer });
  });
  await page.goto(`${base}/?org=demo`);
  await fillCompleteReport(page);
  await page.getByRole("button", { name: "Send indberetningen" }).click();
  await page.getByRole("heading", { name: "Indberetningen er sendt" }).waitFor();
  await page.getByText("Brud sender denne mail til sikkerhedsbrud@demo.example nu").waitFor();
  await page.getByText("Brud har ikke kunnet sende mailen endnu. Send den selv til sikkerhedsbrud@demo.example nu").waitFor();
  assert.ok(asked >= 1, "the page asked the Worker");
  assert.equal(await page.getByText("Brud sender denne mail").isVisible(), false, "no longer 'sending'");
  const mail = page.locator(".texts__body").first();
  const mailLink = new URL(await page.getByRole("link", { name: "Åbn i mail" }).getAttribute("href"));
  assert.equal(mailLink.protocol, "mailto:");
  assert.equal(mailLink.pathname, "sikkerhedsbrud@demo.example");
  const mailText = await mail.innerText();
  assert.ok(mailText.includes(mailLink.searchParams.get("subject")), "the subject filled in");
  assert.ok(mailText.includes(mailLink.searchParams.get("body").replace(/\r\n/g, "\n").trim()), "the whole body filled in");
  await axe(page, "receipt, mail not sent");
  await context.close();
});

test("where the school's system passes reports on, the receipt says the mail has gone", async () => {
  const context = await phone();
  const page = await context.newPage();
  await page.goto(`${base}/?org=demo-nord`);
  await fillCompleteReport(page);
  await page.getByRole("button", { name: "Send indberetningen" }).click();
  await page.getByRole("heading", { name: "Indberetningen er sendt" }).waitFor();
  await page.getByText("Skolens system har sendt denne mail til sikkerhedsbrud@demo-nord.example sammen med indberetningen.").waitFor();
  assert.equal(await page.getByRole("link", { name: "Åbn i mail" }).count(), 0, "nothing left to send");
  assert.equal(await page.getByText("Send denne mail").count(), 0);
  await context.close();
});

test("switching language keeps every answer", async () => {
  const context = await phone();
  const page = await context.newPage();
  await page.goto(`${base}/?org=demo`);
  await page.getByLabel("Hvad er der sket?").fill("Tekst der skal blive.");
  await page.getByLabel("Hacket konto").check();
  await page.getByRole("button", { name: "English" }).click();
  await page.getByRole("heading", { name: "Report a breach" }).waitFor();
  assert.equal(await page.getByLabel("What happened?").inputValue(), "Tekst der skal blive.");
  assert.equal(await page.getByLabel("Hacked account").isChecked(), true);
  assert.equal(await page.evaluate(() => document.documentElement.lang), "en");
  await axe(page, "english");
  await page.getByRole("button", { name: "Dansk" }).click();
  assert.equal(await page.getByLabel("Hvad er der sket?").inputValue(), "Tekst der skal blive.");
  await context.close();
});

test("deleting the draft empties every answer on the page and on the device", async () => {
  const context = await phone();
  const page = await context.newPage();
  await page.goto(`${base}/?org=demo`);
  await page.getByLabel("Hvad er der sket?").fill("En mail til den forkerte forælder.");
  await page.getByLabel("Hacket konto").check();
  await page.getByLabel("Nogen uvedkommende kunne se dem").check();
  const id = await draftId(page);
  await page.getByRole("button", { name: "Slet kladde" }).click();
  assert.equal(await page.getByLabel("Hvad er der sket?").inputValue(), "", "the text is gone from the field");
  assert.equal(await page.getByLabel("Hacket konto").isChecked(), false, "the choice is gone");
  assert.equal(await page.getByLabel("Nogen uvedkommende kunne se dem").isChecked(), false, "the box is unticked");
  assert.equal(await page.evaluate(() => localStorage.getItem("brud.draft.v1.demo")), null, "the draft is removed");
  // Typing again starts a new report, with a new id.
  await page.getByLabel("Hvad er der sket?").fill("Et nyt brud.");
  assert.notEqual(await draftId(page), id, "a new report, not the deleted one");
  await page.reload();
  assert.equal(await page.getByLabel("Hvad er der sket?").inputValue(), "Et nyt brud.");
  await context.close();
});

test("a report sent offline goes out once when the connection returns", async () => {
  const context = await phone();
  const page = await context.newPage();
  await page.goto(`${base}/?org=demo`);
  await fillCompleteReport(page);
  const id = await draftId(page);
  await context.setOffline(true);
  await page.getByRole("button", { name: "Send indberetningen" }).click();
  await page.getByText(/Du er offline/).waitFor();
  assert.notEqual(await page.evaluate(() => localStorage.getItem("brud.outbox.v1.demo")), null, "kept in the outbox");
  await shot(page, "9-offline");
  await context.setOffline(false);
  await page.getByRole("heading", { name: "Indberetningen er sendt" }).waitFor();
  await until("the sink has the signed delivery", () => worker.sinkOutput().includes(`(${id}) · demo · signature OK`));
  // A second send would come from the outbox; once it is empty, a report
  // sent after it through the same queue marks the point by which any
  // second delivery would have arrived (the queue hands messages on in order).
  await until("the outbox is empty", () =>
    page.evaluate(() => localStorage.getItem("brud.outbox.v1.demo") === null));
  await flushDeliveries();
  const deliveries = worker.sinkOutput().split(`(${id}) · demo · signature OK`).length - 1;
  assert.equal(deliveries, 1, "delivered exactly once");
  await context.close();
});

/** The demo school's example report with an id of its own, sent by `client`. */
async function sendExample(client) {
  const report = JSON.parse(execFileSync(join(root, "scripts/example-report"), ["demo"], { encoding: "utf8" }));
  return fetch(`${base}/api/reports`, {
    method: "POST", headers: { "content-type": "application/json", ...client }, body: JSON.stringify(report),
  });
}

/** What the form says when a report was not taken: what happened, that it
 *  is kept and sent by itself, and the demo school's breach mailbox and DPO
 *  for anything urgent. */
async function assertNotTakenMessage(page, what) {
  const status = page.getByRole("status").filter({ hasText: what });
  await status.waitFor();
  const text = await status.innerText();
  assert.match(text, /Indberetningen er ikke sendt endnu\. Den er gemt på denne enhed og sendes automatisk/);
  assert.match(text, /sikkerhedsbrud@demo\.example/, "the breach mailbox");
  assert.match(text, /Demo DPO, 12 34 56 78/, "the DPO's phone");
  assert.equal(await status.getByRole("link", { name: "sikkerhedsbrud@demo.example" }).getAttribute("href"),
    "mailto:sikkerhedsbrud@demo.example");
}

test("a report the Worker refuses with 429 says what to do, stays in the outbox and is sent by itself", async () => {
  const context = await phone();
  const page = await context.newPage();
  // The teacher's phone and a pupil's script share the school's address,
  // and the school holds all the reports it may (HELD_MAX 0 here).
  let client = newClient();
  const floodUntilRefused = async () => {
    for (let sent = 0; ; sent += 1) {
      const reply = await sendExample(client);
      if (reply.status === 429) return;
      assert.equal(reply.status, 202, await reply.text());
      assert.ok(sent < 50, "the client's limit was never reached");
    }
  };
  // The limiter counts in fixed minutes: the address is flooded again right
  // before the form's first send, so that send meets the limit even when a
  // minute turned while the page was filled in.
  let flooded = true;
  await page.route("**/api/reports", async (route) => {
    if (flooded) await floodUntilRefused();
    return route.continue({ headers: { ...route.request().headers(), ...client } });
  });
  await page.goto(`${base}/?org=demo`);
  await fillCompleteReport(page);
  const id = await draftId(page);
  await page.getByRole("button", { name: "Send indberetningen" }).click();
  await assertNotTakenMessage(page, "Brud tager ikke imod flere indberetninger lige nu.");
  assert.equal(await page.evaluate(() => JSON.parse(localStorage.getItem("brud.outbox.v1.demo"))?.id), id,
    "kept in the outbox");
  assert.equal(await page.getByRole("heading", { name: "Tjek dine svar" }).count(), 1, "the answers stay on the page");
  await axe(page, "a report not taken");
  await shot(page, "9-not-taken");
  // The phone moves to another network: the next send of its own (after
  // the Worker's Retry-After) is taken, with no one pressing anything.
  flooded = false;
  client = newClient();
  await page.getByRole("heading", { name: "Indberetningen er sendt" }).waitFor({ timeout: 30_000 });
  await until("the sink has the signed delivery", () => worker.sinkOutput().includes(`(${id}) · demo · signature OK`));
  assert.equal(await page.evaluate(() => localStorage.getItem("brud.outbox.v1.demo")), null, "the outbox is empty");
  await context.close();
});

test("a 503 says what to do and the report goes by itself once the Worker answers again", async () => {
  const context = await phone();
  const page = await context.newPage();
  let refusals = 0;
  await page.route("**/api/reports", (route) => {
    if (refusals >= 2) return route.continue({ headers: { ...route.request().headers(), ...newClient() } });
    refusals += 1;
    return route.fulfill({ status: 503, headers: { "retry-after": "1", "content-type": "text/html" },
      body: "<h1>503 Service Unavailable</h1>" });
  });
  await page.goto(`${base}/?org=demo`);
  await fillCompleteReport(page);
  const id = await draftId(page);
  await page.getByRole("button", { name: "Send indberetningen" }).click();
  await assertNotTakenMessage(page, "Brud har en fejl lige nu.");
  // Sent again by itself (5 s, then 10 s apart): the third time is taken.
  await page.getByRole("heading", { name: "Indberetningen er sendt" }).waitFor({ timeout: 30_000 });
  assert.equal(refusals, 2);
  await until("the sink has the signed delivery", () => worker.sinkOutput().includes(`(${id}) · demo · signature OK`));
  await context.close();
});

test("once opened, the form opens again without a network, draft and school included", async () => {
  const context = await phone();
  const page = await context.newPage();
  // The service worker's install downloads the form again: it is let in
  // only once the whole form is drawn, not while a slow phone draws it.
  await page.addInitScript(() => {
    const register = navigator.serviceWorker.register.bind(navigator.serviceWorker);
    navigator.serviceWorker.register = (...args) => {
      window.registeredWithPanel = document.querySelector(".panel") !== null;
      return register(...args);
    };
  });
  const address = `${base}/?org=aalborg-kulturskole`;
  await page.goto(address);
  await page.getByText("Aalborg Kulturskole: hvem du kan kontakte").waitFor();
  await page.waitForFunction(() => window.registeredWithPanel !== undefined);
  assert.equal(await page.evaluate(() => window.registeredWithPanel), true, "registered after the whole form was drawn");
  // The service worker is running and has kept the page, the form and the profile.
  await page.waitForFunction(async (address) => {
    const cache = await caches.open("brud-v1");
    const kept = await Promise.all([address, "/pkg/brud_bg.wasm", "/pkg/brud.js", "/brud.css"]
      .map((url) => cache.match(url)));
    return kept.every(Boolean);
  }, address, { polling: 250, timeout: 15000 });
  await page.getByLabel("Hvad er der sket?").fill("Skrevet, før forbindelsen forsvandt.");
  await page.getByText(/Kladde gemt kl\./).waitFor();
  await context.setOffline(true);
  // The network is really gone, for the service worker too.
  assert.equal(await page.evaluate(() => fetch("/api/health").then(() => "online", () => "offline")), "offline");
  await page.reload();
  await page.getByRole("heading", { name: "Indberet et brud" }).waitFor();
  assert.equal(await page.getByLabel("Hvad er der sket?").inputValue(), "Skrevet, før forbindelsen forsvandt.");
  await page.getByText("Aalborg Kulturskole: hvem du kan kontakte").waitFor();
  await shot(page, "10-offline-reopened");
  await context.setOffline(false);
  await context.close();
});

test("the form can be embedded by the school's intranet and by no one else", async () => {
  const context = await phone();
  const page = await context.newPage();
  await page.goto(`${embedOrigin}/`);
  const frame = page.frameLocator("iframe");
  await frame.getByRole("heading", { name: "Indberet et brud" }).waitFor();
  // The iframe grows to its content (the form is far taller than 700 px at
  // phone width). Measure once the layout has settled: the school's
  // contacts arrive from the API after the first render and add height.
  const iframe = page.locator("iframe");
  await frame.locator(".inset").waitFor();
  await page.waitForFunction(() => parseInt(document.querySelector("iframe").style.height, 10) > 1000);
  const heights = async () => ({
    content: await frame.locator("html").evaluate((html) => html.scrollHeight),
    frame: parseInt(await iframe.evaluate((el) => el.style.height), 10),
  });
  await until("the iframe is as tall as its content", async () => {
    const { content, frame } = await heights();
    return Math.abs(frame - content) <= 2;
  });
  const frameHeight = (await heights()).frame;
  // A height message from anyone but the form's own iframe is ignored.
  // Messages are dispatched in order: once a second one has arrived, every
  // listener has had the first.
  await page.evaluate(() => new Promise((resolve) => {
    window.addEventListener("message", (event) => event.data === "after" && resolve());
    window.postMessage({ type: "brud:height", height: 250 }, "*");
    window.postMessage("after", "*");
  }));
  assert.equal(parseInt(await iframe.evaluate((el) => el.style.height), 10), frameHeight);
  const csp = (await fetch(`${base}/?org=demo`)).headers.get("content-security-policy");
  const ancestors = csp.split(";").find((d) => d.trim().startsWith("frame-ancestors"));
  assert.ok(ancestors.split(" ").includes(embedOrigin), csp);
  const zahles = (await fetch(`${base}/?org=zahles`)).headers.get("content-security-policy");
  assert.ok(!zahles.includes(embedOrigin), zahles);
  await context.close();
});

test("usable at 320 CSS px: no horizontal scroll, targets at least 24×24 px", async () => {
  const context = await browser.newContext({ viewport: { width: 320, height: 640 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await page.goto(`${base}/?org=demo`);
  await page.getByRole("heading", { name: "Indberet et brud" }).waitFor();
  await continueButton(page).click(); // with errors showing too
  await page.locator(".error-summary").waitFor({ state: "visible" });
  const layout = await page.evaluate(() => {
    const small = [];
    for (const el of document.querySelectorAll("input, button, textarea, a")) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue; // hidden
      // Inline links in running text are exempt (WCAG 2.5.8 inline exception).
      if (el.tagName === "A" && el.closest("p, li")) continue;
      if (r.width < 24 || r.height < 24) small.push(`${el.tagName}#${el.id} ${r.width}x${r.height}`);
    }
    return { scroll: document.documentElement.scrollWidth, width: document.documentElement.clientWidth, small };
  });
  assert.ok(layout.scroll <= layout.width, `horizontal scroll: ${layout.scroll} > ${layout.width}`);
  assert.deepEqual(layout.small, []);
  await shot(page, "320px");
  await context.close();
});

test("the school's own contacts and procedure appear in the flow", async () => {
  const context = await phone();
  const page = await context.newPage();
  const profileRequests = [];
  page.on("request", (request) => request.url().includes("/api/orgs/") && profileRequests.push(request.url()));
  await page.goto(`${base}/?org=aalborg-kulturskole`);
  await page.getByText("Aalborg Kulturskole: hvem du kan kontakte").waitFor();
  // The contacts are in the first render: nothing moves while the page
  // loads (no layout shift; Lighthouse's CLS) and no request is needed.
  const shifted = await page.evaluate(() => new Promise((resolve) => {
    new PerformanceObserver((list) => resolve(list.getEntries().filter((e) => !e.hadRecentInput).reduce((sum, e) => sum + e.value, 0)))
      .observe({ type: "layout-shift", buffered: true });
    setTimeout(() => resolve(0), 1000);
  }));
  assert.ok(shifted < 0.01, `layout shift ${shifted}`);
  assert.deepEqual(profileRequests, [], "the profile came with the page");
  const main = await page.locator("main").innerText();
  assert.ok(main.includes("Palle Vang"), "the deputy head named in the procedure");
  assert.ok(main.includes("93 52 00 36"), "the help line from the procedure");
  await page.getByText("Skolens procedure").click();
  assert.ok((await page.locator(".panel").innerText()).includes("TopDesk"), "the leader's TopDesk step");
  await axe(page, "kulturskole start");
  await context.close();
});
