//! A case's files on its page: listed with their type, size and SHA-256
//! (the signed log's), each a download; leaders and the DPO add files
//! there (Datatilsynet's receipt marked as such). Made by a module of its
//! own (`desk/js/case/`, fetched with the case page) from the Worker's
//! JSON and put on the page beside the case's facts: as Leptos views, with
//! an upload of a file's bytes, in the case page's view, they cost the
//! desk's first visit more than its budget has. Who may add is the
//! domain's ([`brud_case::desk::may_add_files`]): the Worker says it with
//! the case (`may_add_files`, read by the module) and checks it again on
//! the upload.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/files.js")]
extern "C" {
    /// Shows the files of the case at `path` on its page, in `lang`
    /// (`da`/`en`); `added` runs after a file was added.
    #[wasm_bindgen(js_name = showFiles)]
    pub fn show_files(path: &str, lang: &str, added: &JsValue);
}
