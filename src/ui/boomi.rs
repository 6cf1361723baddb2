//! Boomi both ways: Settings' "Import from Boomi" (pick the QUERY responses, read the
//! preview, confirm), and the "Boomi requests" panel that shows and downloads a release
//! as Platform API requests. The rules are in `domain::boomi`.

use leptos::prelude::*;
use web_sys::HtmlInputElement;

use crate::domain::boomi::{
    fetch_script, plan_import, release_requests, BoomiData, BoomiError, ReleaseIntent,
    FETCH_SCRIPT_NAME,
};
use crate::domain::model::BoomiThing;
use crate::domain::PackId;
use crate::ui::browser;
use crate::ui::session::Session;
use crate::ui::widgets::{use_command, Notice, Outcome, Refusal, UseCommand, Work};

/// The most skipped things the preview lists one by one.
const SKIPPED_SHOWN: usize = 20;

/// Reads the JSON files of a folder or a choice of files into `read` (a new choice replaces
/// what was read before, even when it holds nothing).
fn read_chosen_files(
    event: &leptos::ev::Event,
    form: UseCommand,
    read: RwSignal<Option<Result<BoomiData, BoomiError>>>,
) {
    let input: HtmlInputElement = event_target(event);
    let Some(list) = input.files() else {
        return;
    };
    let picked = list.length();
    // A folder may hold other files beside the responses.
    let files: Vec<web_sys::File> = (0..picked)
        .filter_map(|index| list.get(index))
        .filter(|file| file.name().to_ascii_lowercase().ends_with(".json"))
        .collect();
    input.set_value("");
    // A new choice replaces what was read before, even when it holds nothing.
    read.set(None);
    form.outcome().set(None);
    if files.is_empty() {
        if picked > 0 {
            form.refuse(
                "None of those files is a .json file: choose the saved Platform API responses.",
            );
        }
        return;
    }
    let done = format!(
        "Read {}: check what the import will do, then confirm.",
        crate::domain::event::plural(files.len(), "file", "files")
    );
    form.perform(Work::ReadBoomiFiles { files, into: read }, done);
}

/// Settings' import from Boomi.
#[component]
pub fn BoomiImportSection() -> impl IntoView {
    let session = Session::expect();
    let form = use_command();
    let read: RwSignal<Option<Result<BoomiData, BoomiError>>> = RwSignal::new(None);
    let busy = move || form.pending() || !session.is_loaded();
    let script_saved: Outcome = RwSignal::new(None);
    let download_script = move |_| {
        let saved = browser::download(FETCH_SCRIPT_NAME, "text/x-shellscript", &fetch_script())
            .map(|()| format!("Saved {FETCH_SCRIPT_NAME}. Run it as its first lines say, then choose the folder it wrote."));
        script_saved.set(Some(saved.map_err(Refusal::browser)));
    };

    let pick = move |event: leptos::ev::Event| read_chosen_files(&event, form, read);
    // The plan against the workspace as it is now: it follows changes from other tabs.
    let plan = Memo::new(move |_| {
        read.with(|read| match read {
            None => None,
            Some(Err(error)) => Some(Err(error.to_string())),
            Some(Ok(data)) => {
                let now = session.now();
                Some(
                    session
                        .workspace()
                        .with(|ws| plan_import(ws, data, now))
                        .map(|plan| (plan.preview, data.files.clone()))
                        .map_err(|error| error.to_string()),
                )
            }
        })
    });
    let confirm = move |_| {
        let Some(Ok(data)) = read.get_untracked() else {
            return;
        };
        let created = plan
            .get_untracked()
            .and_then(Result::ok)
            .map(|(preview, _)| preview.created.lines().join(", "))
            .unwrap_or_default();
        form.perform_then(
            Work::ImportFromBoomi(data),
            format!("Imported from Boomi: {created}."),
            move || read.set(None),
        );
    };

    let preview = move || {
        plan.get().map(|plan| match plan {
            Err(sentence) => view! {
                <div class="notice notice-error" role="alert" data-testid="boomi-refused">
                    <p>{sentence}</p>
                    <p>"Nothing was imported. Fix or leave out that file and choose the files again."</p>
                </div>
            }
            .into_any(),
            Ok((preview, files)) => {
                let nothing_new = preview.created.is_empty();
                let skipped_total = preview.skipped.len();
                let skipped: Vec<String> = preview.skipped.into_iter().take(SKIPPED_SHOWN).collect();
                let already = preview.already_there.lines();
                view! {
                    <div class="card-inset" data-testid="boomi-preview">
                        <h3>"What the import will do"</h3>
                        <details>
                            <summary>{format!("Read {}", crate::domain::event::plural(files.len(), "file", "files"))}</summary>
                            <ul>
                                {files.into_iter().map(|file| view! {
                                    <li>{format!("{}: {} {}", file.name, file.results, file.object_type.unwrap_or("(no results)"))}</li>
                                }).collect_view()}
                            </ul>
                        </details>
                        <h4>"To create"</h4>
                        {if nothing_new {
                            view! { <p>"Nothing new: everything in these files is already in this workspace."</p> }.into_any()
                        } else {
                            bullet_list(preview.created.lines(), "boomi-created")
                        }}
                        {(!preview.packs.is_empty()).then(|| view! {
                            <h4>"Integration packs, as they will stand"</h4>
                            {bullet_list(preview.packs, "boomi-packs")}
                        })}
                        {(!already.is_empty()).then(|| view! {
                            <h4>"Already in this workspace (matched by Boomi id, left as they are)"</h4>
                            {bullet_list(already, "boomi-already")}
                        })}
                        {(skipped_total > 0).then(|| view! {
                            <h4>"Skipped"</h4>
                            {bullet_list(skipped, "boomi-skipped")}
                            {(skipped_total > SKIPPED_SHOWN).then(|| view! { <p class="hint">{format!("and {} more", skipped_total - SKIPPED_SHOWN)}</p> })}
                        })}
                        <h4>"Assumed"</h4>
                        {bullet_list(preview.assumptions, "boomi-assumed")}
                        <div class="button-row">
                            <button type="button" class="button" disabled=move || nothing_new || busy() on:click=confirm>"Import from Boomi"</button>
                            <button type="button" class="button button-quiet" on:click=move |_| read.set(None)>"Discard"</button>
                        </div>
                    </div>
                }
                .into_any()
            }
        })
    };

    view! {
        <section class="card" aria-labelledby="boomi-heading">
            <h2 id="boomi-heading">"Import from Boomi"</h2>
            <p>
                "Start from your Boomi account. Download the fetch script and run it where "<code>"sh"</code>" and "<code>"curl"</code>
                " are (your account id and API token go in the environment, never in a file): it asks the Platform API for everything this import reads and saves each answer in a folder. Then choose that folder below."
            </p>
            <div class="button-row">
                <button type="button" class="button" on:click=download_script>"Download the fetch script"</button>
            </div>
            <Notice outcome=script_saved />
            <p class="hint">
                "Or save the answers by hand: the QUERY results of "
                <code>"PackagedComponent"</code>", "<code>"PublisherIntegrationPack"</code>", "<code>"Account"</code>", "
                <code>"AccountGroup"</code>", "<code>"AccountGroupAccount"</code>" and "<code>"AccountGroupIntegrationPack"</code>
                " (each queryMore page as a file of its own), "<code>"IntegrationPackInstance"</code>" queried per managed account with "
                <code>"overrideAccount"</code>" (that account's id in the file's name, e.g. "<code>"IntegrationPackInstance-acme-A1B2C3.json"</code>
                "), and release statuses by bulk GET of "<code>"ReleaseIntegrationPackStatus"</code>
                ". You see what will be created, skipped and assumed before anything is written; Packwright never calls Boomi and never sees your token."
            </p>
            <div class="button-row">
                <label class="button file-button">
                    "Choose Boomi files…"
                    <input type="file" multiple accept=".json,application/json" on:change=pick disabled=busy />
                </label>
                <label class="button button-quiet file-button">
                    "Choose a folder of them…"
                    <input type="file" prop:webkitdirectory=true on:change=pick disabled=busy />
                </label>
            </div>
            <Notice outcome=form.outcome() />
            {preview}
        </section>
    }
}

fn bullet_list(lines: Vec<String>, test_id: &'static str) -> AnyView {
    view! {
        <ul data-testid=test_id>{lines.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}</ul>
    }
    .into_any()
}

/// "Boomi requests": the release `intent` describes (when there is one yet) as Platform
/// API requests, shown and downloadable. Shown only for a pack imported from Boomi.
#[component]
pub fn BoomiRequestsPanel(
    /// The pack the requests are about.
    pack: PackId,
    /// The button's text.
    label: &'static str,
    /// The release to send; `None` while it is not decided (no date picked yet).
    #[prop(into)]
    intent: Signal<Option<ReleaseIntent>>,
) -> impl IntoView {
    let session = Session::expect();
    let open = RwSignal::new(false);
    let downloaded: Outcome = RwSignal::new(None);
    let from_boomi = move || {
        session
            .workspace()
            .with(|ws| ws.boomi_id(BoomiThing::Pack(pack)).is_some())
    };
    let requests = move || {
        let intent = intent.get()?;
        Some(
            session
                .workspace()
                .with(|ws| release_requests(ws, pack, &intent))
                .map_err(|error| error.to_string()),
        )
    };
    let panel_id = format!("boomi-requests-{pack}-{}", slug(label));
    let save = move |script: bool| {
        let Some(Ok(requests)) = requests() else {
            return;
        };
        let stem = format!("boomi-requests-{}", slug(&requests.pack_name));
        let result = if script {
            browser::download(
                &format!("{stem}.sh"),
                "text/x-shellscript",
                &requests.curl_script(),
            )
            .map(|()| format!("Saved {stem}.sh."))
        } else {
            browser::download(
                &format!("{stem}.json"),
                "application/json",
                &requests.to_json(),
            )
            .map(|()| format!("Saved {stem}.json."))
        };
        downloaded.set(Some(result.map_err(Refusal::browser)));
    };
    let body = move || {
        let requests = match requests() {
            None => {
                return view! { <p class="hint">"Pick the date first: the requests carry it."</p> }
                    .into_any()
            }
            Some(Err(sentence)) => {
                return view! { <p class="notice notice-error" role="alert">{sentence}</p> }
                    .into_any()
            }
            Some(Ok(requests)) => requests,
        };
        view! {
            <ol class="boomi-requests">
                {requests.requests.into_iter().map(|request| view! {
                    <li>
                        <p><strong>{format!("{} {}", request.method, request.path)}</strong>" — "{request.purpose}</p>
                        <pre class="code-block" tabindex="0">{serde_json::to_string_pretty(&request.body).unwrap_or_default()}</pre>
                    </li>
                }).collect_view()}
            </ol>
            <h4>"What Boomi cannot take, and the time zone"</h4>
            <ul>{requests.notes.into_iter().map(|note| view! { <li>{note}</li> }).collect_view()}</ul>
            <div class="button-row">
                <button type="button" class="button" on:click=move |_| save(false)>"Download requests (JSON)"</button>
                <button type="button" class="button" on:click=move |_| save(true)>"Download curl script"</button>
            </div>
            <Notice outcome=downloaded />
        }
        .into_any()
    };
    view! {
        <Show when=from_boomi>
            <div class="boomi-panel">
                <button
                    type="button"
                    class="button button-quiet"
                    aria-expanded=move || open.get().to_string()
                    aria-controls=panel_id.clone()
                    on:click=move |_| open.update(|open| *open = !*open)
                >
                    {label}
                </button>
                <div id=panel_id.clone() data-testid="boomi-requests" hidden=move || !open.get()>
                    <p class="hint">"The Platform API requests that make this release in Boomi, in order. The script reads your account id and API token from the environment; neither is ever written into it."</p>
                    {move || open.get().then(body)}
                </div>
            </div>
        </Show>
    }
}

/// A name as a file name part: `Order Management` → `order-management`.
fn slug(name: &str) -> String {
    let words: Vec<String> = name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    if words.is_empty() {
        "pack".to_owned()
    } else {
        words.join("-")
    }
}
