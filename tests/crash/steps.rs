//! The publisher's changes, each done as a person does it (the header's links, labelled
//! fields, buttons by their text), chosen at random among what the workspace allows, and
//! what proves each one: the sentence the form says when it is saved, and the events it
//! leaves in the log.

use std::path::PathBuf;

use chrono::NaiveDate;
use fantoccini::{Client, Locator};
use serde_json::{json, Value};

use packwright::domain::model::{InstallationType, ReleaseSchedule};
use packwright::domain::queries;
use packwright::domain::release_check::check_release;
use packwright::domain::{Change, Event, Workspace};

use crate::Rng;

/// One change a publisher or a managed account makes, by name (ids differ between worlds).
#[derive(Clone, Debug)]
pub enum Step {
    CreateGroup(String),
    CreateAccount(String),
    CreateComponent(String),
    AddPackage {
        component: String,
        version: String,
    },
    AddAccountToGroup {
        group: u32,
        group_name: String,
        account: String,
    },
    AddPackToGroup {
        group: u32,
        group_name: String,
        pack_name: String,
    },
    Install {
        account: String,
        pack: u32,
        pack_name: String,
        instance_name: Option<String>,
    },
    ApplyEarly {
        account: String,
        pack_name: String,
        release: u32,
    },
    Release {
        pack_name: String,
        notes: String,
        date: Option<NaiveDate>,
    },
    /// A workspace file, told apart from every other by an account named `marker`.
    ImportFile {
        path: PathBuf,
        marker: String,
    },
    BoomiImport {
        files: Vec<PathBuf>,
    },
}

/// Functions every step's script uses: a person's ways of finding things on the page.
const PRELUDE: &str = r#"
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
const textOf = element => (element.textContent || '').trim();
async function until(what, found, patience = 15000) {
  const started = Date.now();
  for (;;) {
    const value = found();
    if (value) return value;
    if (Date.now() - started > patience) throw new Error('waited for ' + what + '; the page: ' + document.body.innerText.slice(0, 600));
    await sleep(10);
  }
}
const heading = () => { const h1 = document.querySelector('main h1'); return h1 ? textOf(h1) : ''; };
async function onPage(title) { await until('the page ' + title, () => heading() === title); }
async function link(name, within = document) {
  const found = await until('the link ' + name, () => [...within.querySelectorAll('a')].find(a => textOf(a) === name));
  found.click();
}
// An area of the header's navigation, reached fresh (its forms' old outcomes gone).
async function area(name) {
  if (heading() === name) {
    await link(name === 'Activity' ? 'Settings' : 'Activity', document.querySelector('header nav'));
    await onPage(name === 'Activity' ? 'Settings' : 'Activity');
  }
  await link(name, document.querySelector('header nav'));
  await onPage(name);
}
async function field(selector, within = document) {
  const found = await until(selector, () => within.querySelector(selector));
  const folded = found.closest('details');
  if (folded) folded.open = true;
  return found;
}
async function fill(selector, value, within = document) {
  const input = await field(selector, within);
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}
async function choose(selector, label, within = document) {
  const select = await field(selector, within);
  const option = await until('the option ' + label, () => [...select.options].find(o => textOf(o) === label));
  select.value = option.value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
}
async function button(name, within = document) {
  const found = await until('the button ' + name, () => [...within.querySelectorAll('button')].find(b => (textOf(b) === name || b.getAttribute('aria-label') === name) && !b.disabled));
  found.click();
}
async function card(selector, title) {
  return await until('the card ' + title, () => [...document.querySelectorAll(selector)].find(c => { const h2 = c.querySelector('h2'); return h2 && textOf(h2) === title; }));
}
// Long lists have a filter; short ones show everything.
async function narrow(selector, value) {
  if (document.querySelector(selector)) await fill(selector, value);
}
async function account(name) {
  await area('Managed Accounts');
  await narrow('#account-filter', name);
  await link(name, await field('[data-testid=account-list]'));
  await onPage(name);
}
"#;

/// The simulated time the world runs at: Boomi's fixtures schedule a release for
/// 2026-12-15, and every date the script picks lies after it, on any real day.
pub const WORLD_TIME: &str = "2026-11-26T12:00";

/// Sets the world's clock and loads the demo, as a person does in Settings.
pub async fn set_up_world(browser: &Client) {
    browser
        .execute_async(
            &format!(
                "const done = arguments[arguments.length - 1];
                 {}
                 (async () => {{
                   await area('Settings');
                   await fill('#clock-input', arguments[0]);
                   await button('Set simulated time');
                   await until('the clock', () => document.body.innerText.includes('Simulated time is now'));
                   await button('Load demo workspace');
                   await button('Replace with the demo');
                   await until('the demo', () => document.body.innerText.includes('Loaded the demo workspace.'));
                 }})().then(() => done(null), error => done(String(error.message || error)));",
                PRELUDE
            ),
            vec![json!(WORLD_TIME)],
        )
        .await
        .map(|outcome| assert!(outcome.is_null(), "setting up the world: {outcome}"))
        .unwrap();
}

/// The prelude, for scripts of the test's own.
pub fn prelude() -> &'static str {
    PRELUDE
}

impl Step {
    /// The kind of change, for the run's figures.
    pub fn kind(&self) -> &'static str {
        match self {
            Step::CreateGroup(_) => "create group",
            Step::CreateAccount(_) => "create account",
            Step::CreateComponent(_) => "create component",
            Step::AddPackage { .. } => "add package",
            Step::AddAccountToGroup { .. } => "account to group",
            Step::AddPackToGroup { .. } => "pack to group",
            Step::Install { .. } => "install",
            Step::ApplyEarly { .. } => "apply early",
            Step::Release { date: None, .. } => "release now",
            Step::Release { date: Some(_), .. } => "release on a date",
            Step::ImportFile { .. } => "import file",
            Step::BoomiImport { .. } => "Boomi import",
        }
    }

    /// Does the change up to its last click (it is then on its way to IndexedDB), without
    /// waiting for it to be saved.
    pub async fn start(&self, browser: &Client) -> Result<(), String> {
        let (script, args) = match self {
            Step::ImportFile { path, .. } => {
                self.script(browser, "await area('Settings');", vec![]).await?;
                return send_files(browser, "input[type=file]:not([multiple])", std::slice::from_ref(path)).await;
            }
            Step::BoomiImport { files } => {
                self.script(browser, "await area('Settings');", vec![]).await?;
                send_files(browser, "input[type=file][multiple]", files).await?;
                return self
                    .script(
                        browser,
                        "await until('the preview', () => document.body.innerText.includes('What the import will do'));
                         await button('Import from Boomi');",
                        vec![],
                    )
                    .await;
            }
            Step::CreateGroup(name) => (
                "await area('Account Groups'); await fill('#group-name', args[0]); await button('Create group');",
                vec![json!(name)],
            ),
            Step::CreateAccount(name) => (
                "await area('Managed Accounts'); await fill('#account-name', args[0]); await button('Add account');",
                vec![json!(name)],
            ),
            Step::CreateComponent(name) => (
                "await area('Packaged Components'); await fill('#component-name', args[0]); await button('Create component');",
                vec![json!(name)],
            ),
            Step::AddPackage { component, version } => (
                "await area('Packaged Components');
                 const found = await card('section.card', args[0]);
                 await button('Add package version', found);
                 await fill(\"[data-testid=add-package] input[placeholder='e.g. 1.2']\", args[1], found);
                 await button('Create package', found);",
                vec![json!(component), json!(version)],
            ),
            Step::AddAccountToGroup { group, group_name, account } => (
                "await area('Account Groups');
                 await narrow('#group-filter', args[1]);
                 const found = await card('[data-testid=group-card]', args[1]);
                 await fill('#add-account-' + args[0], args[2], found);
                 await button('Add ' + args[2], found);",
                vec![json!(group), json!(group_name), json!(account)],
            ),
            Step::AddPackToGroup { group, group_name, pack_name, .. } => (
                "await area('Account Groups');
                 await narrow('#group-filter', args[1]);
                 const found = await card('[data-testid=group-card]', args[1]);
                 await choose('#add-pack-' + args[0], args[2], found);
                 await button('Add', (await field('#add-pack-' + args[0], found)).form);",
                vec![json!(group), json!(group_name), json!(pack_name)],
            ),
            Step::Install { account, pack, pack_name, instance_name } => (
                "await account(args[0]);
                 const found = await card('[data-testid=available-pack]', args[2]);
                 if (args[3] !== null) await fill('#override-' + args[1], args[3], found);
                 await button('Install', found);",
                vec![json!(account), json!(pack), json!(pack_name), json!(instance_name)],
            ),
            Step::ApplyEarly { account, pack_name, .. } => (
                "await account(args[0]);
                 const found = await card('[data-testid=available-pack]', args[1]);
                 const apply = await until('an apply button', () => [...found.querySelectorAll('button')].find(b => textOf(b).startsWith('Apply Pending Updates')));
                 apply.click();",
                vec![json!(account), json!(pack_name)],
            ),
            Step::Release { pack_name, notes, date } => (
                "await area('Integration Packs');
                 await link(args[0], document.querySelector('main'));
                 await onPage(args[0]);
                 await link('Release Integration Pack');
                 await onPage('Release Integration Pack');
                 const step = async n => until('step ' + n, () => [...document.querySelectorAll('main h2')].some(h => textOf(h).startsWith(n + '.')));
                 await button('Next'); await step(2);
                 await button('Next'); await step(3);
                 await fill('#release-notes', args[1]);
                 for (const index of [0, 1, 2]) { const box = await field('#checklist-' + index); if (!box.checked) box.click(); }
                 await button('Next'); await step(4);
                 if (args[2] !== null) {
                   (await field('#release-when-date')).click();
                   await fill('#release-date', args[2]);
                   await until('the release window', () => document.querySelector('[data-testid=release-window]'));
                 }
                 await button('Release Integration Pack');",
                vec![json!(pack_name), json!(notes), json!(date.map(|date| date.to_string()))],
            ),
        };
        self.script(browser, script, args).await
    }

    async fn script(&self, browser: &Client, body: &str, args: Vec<Value>) -> Result<(), String> {
        let script = format!(
            "const done = arguments[arguments.length - 1];
             const args = [...arguments].slice(0, -1);
             {PRELUDE}
             (async () => {{ {body} }})().then(() => done(null), error => done(String(error && error.message || error)));"
        );
        match browser.execute_async(&script, args).await {
            Ok(Value::Null) => Ok(()),
            Ok(problem) => Err(format!("{self:?}: {problem}")),
            Err(error) => Err(format!("{self:?}: {error}")),
        }
    }

    /// A script that is true once the page says the change is saved.
    fn acknowledged_script(&self) -> (String, Vec<Value>) {
        let notice = |text: String| {
            (
                "return [...document.querySelectorAll('.notice')].some(n => n.textContent.includes(arguments[0]));".to_owned(),
                vec![json!(text)],
            )
        };
        match self {
            Step::CreateGroup(name) | Step::CreateAccount(name) | Step::CreateComponent(name) => {
                notice(format!("Created {name}."))
            }
            Step::AddPackage { version, .. } => notice(format!("Packaged version {version}.")),
            Step::AddAccountToGroup { .. } => notice("Added the account to the group.".into()),
            Step::AddPackToGroup { .. } => notice("Added the pack to the group.".into()),
            Step::Install { .. } => notice("Installed.".into()),
            Step::ApplyEarly { .. } => notice("Applied the pending update.".into()),
            // The wizard opens the pack's page once the release is saved.
            Step::Release { pack_name, .. } => (
                "const h1 = document.querySelector('main h1'); return !!h1 && h1.textContent.trim() === arguments[0];".into(),
                vec![json!(pack_name)],
            ),
            Step::ImportFile { path, .. } => notice(format!(
                "Imported {}.",
                path.file_name().unwrap().to_string_lossy()
            )),
            Step::BoomiImport { .. } => notice("Imported from Boomi:".into()),
        }
    }

    /// Whether the page says, right now, that the change is saved.
    pub async fn is_acknowledged(&self, browser: &Client) -> bool {
        let (script, args) = self.acknowledged_script();
        matches!(browser.execute(&script, args).await, Ok(Value::Bool(true)))
    }

    /// Waits until the page says the change is saved; the page's text if it never does.
    pub async fn wait_acknowledged(&self, browser: &Client) -> Result<(), String> {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        while !self.is_acknowledged(browser).await {
            if std::time::Instant::now() > deadline {
                let page = browser
                    .execute("return document.body.innerText;", vec![])
                    .await
                    .unwrap_or_default();
                return Err(format!("{self:?} was never acknowledged; the page: {page}"));
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        Ok(())
    }

    /// How many events of the log this change would have left there; an acknowledged
    /// change must find at least as many as were acknowledged.
    pub fn recorded_in(&self, events: &[Event]) -> usize {
        events.iter().filter(|event| self.made(event)).count()
    }

    fn made(&self, event: &Event) -> bool {
        match (self, &event.change) {
            (Step::CreateGroup(name), Change::GroupCreated { name: made, .. })
            | (Step::CreateAccount(name), Change::AccountCreated { name: made, .. })
            | (Step::CreateComponent(name), Change::ComponentCreated { name: made, .. }) => {
                name == made
            }
            (
                Step::AddPackage { component, version },
                Change::PackageCreated {
                    component_name,
                    package,
                },
            ) => component == component_name && version == &package.version,
            (
                Step::AddAccountToGroup {
                    group_name,
                    account,
                    ..
                },
                Change::AccountAddedToGroup {
                    group_name: made_group,
                    account_name,
                    ..
                },
            ) => group_name == made_group && account == account_name,
            (
                Step::AddPackToGroup {
                    group_name,
                    pack_name,
                    ..
                },
                Change::PackAddedToGroup {
                    group_name: made_group,
                    pack_name: made_pack,
                    ..
                },
            ) => group_name == made_group && pack_name == made_pack,
            (
                Step::Install {
                    account,
                    pack_name,
                    instance_name,
                    ..
                },
                Change::PackInstalled {
                    account_name,
                    pack_name: made_pack,
                    integration_pack_override_name,
                    ..
                },
            ) => {
                account == account_name
                    && pack_name == made_pack
                    && instance_name == integration_pack_override_name
            }
            (
                Step::ApplyEarly {
                    account,
                    pack_name,
                    release,
                    ..
                },
                Change::PendingUpdateAppliedEarly {
                    account_name,
                    pack_name: made_pack,
                    release: made_release,
                    ..
                },
            ) => account == account_name && pack_name == made_pack && release == made_release,
            (Step::Release { notes, .. }, Change::PackReleased { notes: made, .. })
            | (Step::Release { notes, .. }, Change::ReleaseScheduled { notes: made, .. }) => {
                notes == made
            }
            (Step::ImportFile { marker, .. }, Change::AccountCreated { name, .. }) => {
                marker == name
            }
            (Step::BoomiImport { .. }, Change::BoomiIdsRecorded { .. }) => true,
            _ => false,
        }
    }

    /// Whether this change replaces the whole workspace (and with it every change before).
    pub fn replaces_everything(&self) -> bool {
        matches!(self, Step::ImportFile { .. })
    }

    /// How long after the change begins (its first click) a blind kill may come: most
    /// changes are clicked and saved within a few tens of milliseconds, imports take
    /// longer.
    pub fn blind_window_ms(&self) -> u64 {
        match self {
            Step::ImportFile { .. } | Step::BoomiImport { .. } => 3_000,
            Step::Release { .. } => 400,
            _ => 150,
        }
    }

    /// How long after its last click this change may still be on its way to IndexedDB:
    /// the window a kill is aimed into.
    pub fn saving_window_ms(&self) -> u64 {
        match self {
            Step::ImportFile { .. } | Step::BoomiImport { .. } => 2_500,
            _ => 400,
        }
    }
}

async fn send_files(browser: &Client, selector: &str, files: &[PathBuf]) -> Result<(), String> {
    let paths: Vec<String> = files
        .iter()
        .map(|path| path.display().to_string())
        .collect();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        match browser.find(Locator::Css(selector)).await {
            // Chromedriver chooses several files at once when their paths are sent as lines.
            Ok(input) => {
                return input
                    .send_keys(&paths.join("\n"))
                    .await
                    .map_err(|error| format!("choosing {paths:?}: {error}"));
            }
            Err(_) if std::time::Instant::now() > deadline => {
                return Err(format!("no file input {selector}"));
            }
            Err(_) => tokio::time::sleep(std::time::Duration::from_millis(50)).await,
        }
    }
}

/// Names and numbers that make every change of a run its own.
pub struct Names {
    serial: u32,
}

impl Names {
    pub fn new() -> Names {
        Names { serial: 0 }
    }

    fn next(&mut self) -> u32 {
        self.serial += 1;
        self.serial
    }
}

/// The kinds of change the script makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    CreateGroup,
    CreateAccount,
    CreateComponent,
    AddPackage,
    AccountToGroup,
    PackToGroup,
    Install,
    ApplyEarly,
    ReleaseNow,
    ReleaseOnDate,
    BoomiImport,
    ImportFile,
}

impl Kind {
    pub const ALL: [Kind; 12] = [
        Kind::CreateGroup,
        Kind::CreateAccount,
        Kind::CreateComponent,
        Kind::AddPackage,
        Kind::AccountToGroup,
        Kind::PackToGroup,
        Kind::Install,
        Kind::ApplyEarly,
        Kind::ReleaseNow,
        Kind::ReleaseOnDate,
        Kind::BoomiImport,
        Kind::ImportFile,
    ];

    /// Every kind, with how often the script picks it (of 26).
    const WEIGHTS: [(Kind, u64); 12] = [
        (Kind::CreateGroup, 2),
        (Kind::CreateAccount, 2),
        (Kind::CreateComponent, 1),
        (Kind::AddPackage, 3),
        (Kind::AccountToGroup, 2),
        (Kind::PackToGroup, 1),
        (Kind::Install, 4),
        (Kind::ApplyEarly, 3),
        (Kind::ReleaseNow, 3),
        (Kind::ReleaseOnDate, 2),
        (Kind::BoomiImport, 2),
        (Kind::ImportFile, 1),
    ];

    fn pick(rng: &mut Rng) -> Kind {
        let total: u64 = Kind::WEIGHTS.iter().map(|(_, weight)| weight).sum();
        let mut roll = rng.below(total);
        for (kind, weight) in Kind::WEIGHTS {
            if roll < weight {
                return kind;
            }
            roll -= weight;
        }
        Kind::CreateAccount
    }
}

/// A change the workspace allows, chosen at random; `import` makes a workspace file when
/// an import is chosen.
pub fn choose(
    workspace: &Workspace,
    rng: &mut Rng,
    names: &mut Names,
    import: &mut dyn FnMut(u32) -> Step,
    boomi: &[PathBuf],
) -> Step {
    let serial = names.next();
    for _ in 0..20 {
        let kind = Kind::pick(rng);
        if let Some(step) = of_kind(kind, workspace, rng, serial, import, boomi) {
            return step;
        }
    }
    Step::CreateAccount(format!("Crash account {serial:05}"))
}

/// A change of `kind` that the workspace allows (its things picked at random), if there is
/// one; `serial` makes its names and notes its own.
pub fn of_kind(
    kind: Kind,
    workspace: &Workspace,
    rng: &mut Rng,
    serial: u32,
    import: &mut dyn FnMut(u32) -> Step,
    boomi: &[PathBuf],
) -> Option<Step> {
    let now = workspace.clock().now(chrono::DateTime::UNIX_EPOCH);
    let pick = |items: usize, rng: &mut Rng| rng.below(items as u64) as usize;
    match kind {
        Kind::CreateGroup => Some(Step::CreateGroup(format!("Crash group {serial:05}"))),
        Kind::CreateAccount => Some(Step::CreateAccount(format!("Crash account {serial:05}"))),
        Kind::CreateComponent => Some(Step::CreateComponent(format!(
            "Crash component {serial:05}"
        ))),
        // A new version of a component some released pack has: that pack can then be
        // released.
        Kind::AddPackage => {
            let members: Vec<_> = workspace
                .packs()
                .filter(|pack| pack.current_release.is_some())
                .flat_map(|pack| pack.members.keys().copied())
                .collect();
            (!members.is_empty()).then(|| {
                let component = workspace
                    .component(members[pick(members.len(), rng)])
                    .expect("a member");
                Step::AddPackage {
                    component: component.name.clone(),
                    version: format!("9.{serial}"),
                }
            })
        }
        Kind::AccountToGroup => {
            let groups: Vec<_> = workspace.groups().collect();
            let accounts: Vec<_> = workspace.accounts().collect();
            (!groups.is_empty() && !accounts.is_empty())
                .then(|| {
                    let group = groups[pick(groups.len(), rng)];
                    let account = accounts[pick(accounts.len(), rng)];
                    (!group.accounts.contains(&account.id)).then(|| Step::AddAccountToGroup {
                        group: group.id.0,
                        group_name: group.name.clone(),
                        account: account.name.clone(),
                    })
                })
                .flatten()
        }
        Kind::PackToGroup => {
            let groups: Vec<_> = workspace.groups().collect();
            let packs: Vec<_> = workspace.packs().collect();
            (!groups.is_empty() && !packs.is_empty())
                .then(|| {
                    let group = groups[pick(groups.len(), rng)];
                    let pack = packs[pick(packs.len(), rng)];
                    (!group.packs.contains(&pack.id)).then(|| Step::AddPackToGroup {
                        group: group.id.0,
                        group_name: group.name.clone(),
                        pack_name: pack.name.clone(),
                    })
                })
                .flatten()
        }
        Kind::Install => {
            let candidates: Vec<_> = workspace
                .groups()
                .flat_map(|group| {
                    group.packs.iter().flat_map(move |pack| {
                        group.accounts.iter().map(move |account| (*account, *pack))
                    })
                })
                .filter(|(account, pack)| {
                    let pack = workspace.pack(*pack).expect("a pack");
                    pack.current_release.is_some()
                        && (pack.installation_type == InstallationType::Multi
                            || !workspace.instances().any(|instance| {
                                instance.account == *account && instance.pack == pack.id
                            }))
                })
                .take(200)
                .collect();
            (!candidates.is_empty()).then(|| {
                let (account, pack) = candidates[pick(candidates.len(), rng)];
                let pack = workspace.pack(pack).expect("a pack");
                Step::Install {
                    account: workspace.account(account).expect("an account").name.clone(),
                    pack: pack.id.0,
                    pack_name: pack.name.clone(),
                    instance_name: (pack.installation_type == InstallationType::Multi)
                        .then(|| format!("Crash site {serial:05}")),
                }
            })
        }
        Kind::ApplyEarly => {
            let waiting: Vec<_> = workspace
                .packs()
                .filter(|pack| pack.pending_release.is_some())
                .flat_map(|pack| {
                    pack.instances
                        .iter()
                        .filter(|instance| !pack.early_instances.contains(instance))
                        .map(move |instance| (pack, *instance))
                })
                .collect();
            (!waiting.is_empty()).then(|| {
                let (pack, instance) = waiting[pick(waiting.len(), rng)];
                let account = workspace.instance(instance).expect("an instance").account;
                Step::ApplyEarly {
                    account: workspace.account(account).expect("an account").name.clone(),
                    pack_name: pack.name.clone(),
                    release: pack.pending_release.expect("pending"),
                }
            })
        }
        Kind::ReleaseNow | Kind::ReleaseOnDate => {
            let on_date = kind == Kind::ReleaseOnDate;
            let date = workspace
                .publisher()
                .time_zone
                .date_at(now)
                .checked_add_days(chrono::Days::new(10 + rng.below(20)))
                .expect("a date");
            let releasable: Vec<_> = workspace
                .packs()
                .filter(|pack| !on_date || pack.pending_release.is_none())
                .filter(|pack| {
                    let schedule = if on_date {
                        ReleaseSchedule::ReleaseOnSpecifiedDate {
                            release_on_date: date,
                        }
                    } else {
                        ReleaseSchedule::Immediately
                    };
                    queries::release_would_change(workspace, pack)
                        && check_release(
                            workspace,
                            pack.id,
                            &queries::default_candidate(workspace, pack),
                            schedule,
                            now,
                        )
                        .is_ok_and(|check| check.can_release())
                })
                .collect();
            (!releasable.is_empty()).then(|| Step::Release {
                pack_name: releasable[pick(releasable.len(), rng)].name.clone(),
                notes: format!("Crash release {serial:05}"),
                date: on_date.then_some(date),
            })
        }
        Kind::BoomiImport => {
            (!boomi.is_empty() && !boomi_imported(workspace)).then(|| Step::BoomiImport {
                files: boomi.to_vec(),
            })
        }
        Kind::ImportFile => Some(import(serial)),
    }
}

/// Whether the workspace already holds what Boomi's fixtures bring (a second import would
/// make nothing).
fn boomi_imported(workspace: &Workspace) -> bool {
    workspace
        .packs()
        .any(|pack| pack.name == "Order Management")
}
