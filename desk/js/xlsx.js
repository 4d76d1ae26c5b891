// The register as an Excel workbook: the rows from register.json (the
// register's rows as the CSV has them), written into an .xlsx by the
// workbook module (/pkg/register-xlsx/, fetched only now) and handed to
// the browser as a download. A button with `data-xlsx` (the school's id)
// starts it; a failure is said next to the button, in the page's language.
let loading;

async function workbookModule() {
  loading ??= import("/pkg/register-xlsx/brud_register_xlsx.js").then(async (module) => {
    await module.default({ module_or_path: "/pkg/register-xlsx/brud_register_xlsx_bg.wasm" });
    return module;
  });
  try {
    return await loading;
  } catch (error) {
    loading = undefined;
    throw error;
  }
}

async function download(button) {
  const org = button.dataset.xlsx;
  const danish = document.documentElement.lang !== "en";
  let said = button.parentElement.querySelector(".xlsx-status");
  if (!said) {
    said = document.createElement("span");
    said.className = "xlsx-status";
    said.setAttribute("role", "status");
    button.after(said);
  }
  said.textContent = danish ? " Laver filen…" : " Making the file…";
  button.disabled = true;
  try {
    const answer = await fetch(`/api/desk/orgs/${encodeURIComponent(org)}/register.json`, {
      headers: { accept: "application/json" },
    });
    if (!answer.ok) throw new Error(`register.json: ${answer.status}`);
    const [rows, module] = await Promise.all([answer.text(), workbookModule()]);
    const blob = new Blob([module.registerXlsx(rows)], {
      type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    });
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = `fortegnelse-${org}-alle.xlsx`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
    said.textContent = "";
  } catch {
    said.textContent = danish
      ? " Filen kunne ikke laves. Prøv igen, eller hent CSV-filen."
      : " The file could not be made. Try again, or download the CSV file.";
  } finally {
    button.disabled = false;
  }
}

export function listenForWorkbooks() {
  document.addEventListener("click", (event) => {
    const button = event.target.closest?.("button[data-xlsx]");
    if (button) download(button);
  });
}
