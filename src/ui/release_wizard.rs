//! The release wizard: (1) versions, (2) checks and impact, (3) notes and regression
//! checklist, (4) schedule and confirm.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{NaiveDate, TimeDelta};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::domain::boomi::ReleaseIntent;
use crate::domain::command::ReleasePack;
use crate::domain::model::{ReleaseSchedule, NOTES_MAX};
use crate::domain::release_check::{ChecklistItem, ReleaseCheck, ReleaseStep, VersionChange};
use crate::domain::{check_release, queries, Command, ComponentId, PackId, PackageId};
use crate::ui::boomi::BoomiRequestsPanel;
use crate::ui::labels::{component_name, version_label};
use crate::ui::session::Session;
use crate::ui::widgets::{use_command, AppLink, RoutedEntity, RoutedKind, TextArea};

/// The release wizard of the pack the address names.
#[component]
pub fn ReleaseWizardPage() -> impl IntoView {
    view! { <RoutedEntity kind=RoutedKind::Pack found=|id| view! { <ReleaseWizard id=PackId(id) /> }.into_any() /> }
}

#[derive(Clone, Copy, PartialEq)]
enum When {
    Immediately,
    OnDate,
}

/// The four steps of a release (versions, checks, notes and tests, schedule), each refusing to be left while it has an error.
#[component]
fn ReleaseWizard(
    /// The pack released.
    id: PackId,
) -> impl IntoView {
    let session = Session::expect();
    let step = RwSignal::new(ReleaseStep::Versions);
    let versions = RwSignal::new(session.workspace().with_untracked(|ws| {
        ws.pack(id)
            .map(|pack| queries::default_candidate(ws, pack))
            .unwrap_or_default()
    }));
    let notes = RwSignal::new(String::new());
    let ticked = RwSignal::new(BTreeSet::<ChecklistItem>::new());
    let when = RwSignal::new(When::Immediately);
    let date = RwSignal::new(String::new());
    let form = use_command();

    let schedule = move || match when.get() {
        When::Immediately => Some(ReleaseSchedule::Immediately),
        When::OnDate => date
            .get()
            .parse::<NaiveDate>()
            .ok()
            .map(|release_on_date| ReleaseSchedule::ReleaseOnSpecifiedDate { release_on_date }),
    };
    let check = Memo::new(move |_| {
        let schedule = schedule().unwrap_or(ReleaseSchedule::Immediately);
        let now = session.now();
        versions.with(|versions| {
            session
                .workspace()
                .with(|ws| check_release(ws, id, versions, schedule, now).ok())
        })
    });
    let pack_name = move || session.read_pack(id, |_, pack| pack.name.clone());
    let boomi_intent = move || {
        schedule().map(|schedule| ReleaseIntent::Create {
            versions: versions.get(),
            schedule,
        })
    };
    let navigate = use_navigate();
    let confirm = move |_| {
        let Some(schedule) = schedule() else {
            return form.refuse("Pick the date of the release.");
        };
        let command = Command::ReleasePack(ReleasePack {
            pack: id,
            versions: versions.get_untracked(),
            notes: notes.get_untracked(),
            schedule,
        });
        let navigate = navigate.clone();
        form.run_then(command, "Released.", move || {
            navigate(&format!("/packs/{id}"), Default::default())
        });
    };
    let can_continue = move || match step.get() {
        ReleaseStep::Notes => ticked.with(|ticked| ticked.len() == ChecklistItem::ALL.len()),
        step => check.get().is_some_and(|check| check.can_leave(step)),
    };

    view! {
        <section class="page">
            <header class="page-header">
                <p class="breadcrumb"><AppLink to=format!("/packs/{id}")>{pack_name}</AppLink></p>
                <h1>"Release Integration Pack"</h1>
                <ol class="steps" aria-label="Steps">
                    {ReleaseStep::ALL.map(|shown| view! {
                        <li class:current=move || step.get() == shown aria-current=move || (step.get() == shown).then_some("step")>{format!("{}. {}", shown.number(), shown.title())}</li>
                    }).collect_view()}
                </ol>
            </header>
            <div class="card">
                {move || match step.get() {
                    ReleaseStep::Versions => view! { <VersionsStep id=id versions=versions /> }.into_any(),
                    ReleaseStep::Checks => view! { <ChecksStep check=check /> }.into_any(),
                    ReleaseStep::Notes => view! { <NotesStep notes=notes ticked=ticked /> }.into_any(),
                    ReleaseStep::Schedule => view! { <ScheduleStep when=when date=date check=check /> }.into_any(),
                }}
                <Show when=move || step.get() == ReleaseStep::Schedule>
                    <BoomiRequestsPanel pack=id label="Boomi requests" intent=Signal::derive(boomi_intent) />
                </Show>
                {move || form.outcome().get().and_then(Result::err).map(|refusal| view! { <p class="notice notice-error" role="alert">{refusal.to_string()}</p> })}
                {move || (step.get() <= ReleaseStep::Checks).then(|| check.get().map(|check| blocking_errors(&check))).flatten()}
                <div class="button-row wizard-buttons">
                    <Show when=move || step.get().previous().is_some()>
                        <button type="button" class="button button-quiet" on:click=move |_| step.update(|step| *step = step.previous().unwrap_or(*step))>"Back"</button>
                    </Show>
                    <Show
                        when=move || step.get().next().is_some()
                        fallback=move || {
                            let confirm = confirm.clone();
                            view! {
                                <button type="button" class="button" disabled=move || form.pending() || check.get().is_none_or(|check| !check.can_release()) on:click=confirm>
                                    "Release Integration Pack"
                                </button>
                            }
                        }
                    >
                        <button type="button" class="button" disabled=move || !can_continue() on:click=move |_| step.update(|step| *step = step.next().unwrap_or(*step))>"Next"</button>
                    </Show>
                    <AppLink to=format!("/packs/{id}") class="button button-quiet">"Cancel"</AppLink>
                </div>
            </div>
        </section>
    }
}

/// The refusals the first steps can fix (the schedule's wait for its step).
fn blocking_errors(check: &ReleaseCheck) -> impl IntoView {
    let errors: Vec<String> = check
        .errors_up_to(ReleaseStep::Checks)
        .map(ToString::to_string)
        .collect();
    (!errors.is_empty()).then(|| {
        view! {
            <div class="notice notice-error" role="alert" data-testid="blocking-errors">
                <strong>"This release cannot be made:"</strong>
                <ul>{errors.into_iter().map(|error| view! { <li>{error}</li> }).collect_view()}</ul>
            </div>
        }
    })
}

/// Step 1: the version of each member this release takes.
#[component]
fn VersionsStep(
    /// The pack released.
    id: PackId,
    /// The chosen package of each member, which the step changes.
    versions: RwSignal<BTreeMap<ComponentId, PackageId>>,
) -> impl IntoView {
    let session = Session::expect();
    let rows = move || {
        session.read_pack(id, |ws, pack| {
            let current = pack
                .current()
                .map(|release| release.versions.clone())
                .unwrap_or_default();
            pack.members
                .keys()
                .map(|component| {
                    let options: Vec<(PackageId, String)> =
                        queries::shareable_packages(ws, *component)
                            .into_iter()
                            .map(|package| (package.id, package.version.clone()))
                            .collect();
                    let released = current
                        .get(component)
                        .map(|package| (*package, version_label(ws, *package)));
                    (
                        *component,
                        component_name(ws, *component),
                        options,
                        released,
                    )
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <h2>"1. Choose the version of each component"</h2>
        <p class="hint">"The newest shareable version is preselected. Choosing an older one rolls that component back."</p>
        <table class="table" data-testid="wizard-versions">
            <thead><tr><th scope="col">"Component"</th><th scope="col">"Current release"</th><th scope="col">"This release"</th></tr></thead>
            <tbody>
                {move || rows().into_iter().map(|(component, name, options, released)| {
                    let select_id = format!("version-{component}");
                    let label = name.clone();
                    let chosen = move || versions.with(|versions| versions.get(&component).copied());
                    let released_package = released.as_ref().map(|(package, _)| *package);
                    let rollback = move || matches!((released_package, chosen()), (Some(from), Some(to)) if to < from);
                    view! {
                        <tr>
                            <td><label for=select_id.clone()>{label}</label></td>
                            <td>{released.as_ref().map(|(_, label)| label.clone()).unwrap_or_else(|| "— (new in this release)".to_owned())}</td>
                            <td>
                                <select id=select_id on:change=move |event| {
                                    if let Ok(package) = event_target_value(&event).parse::<u32>() {
                                        versions.update(|versions| { versions.insert(component, PackageId(package)); });
                                    }
                                }>
                                    {options.iter().map(|(package, label)| {
                                        let package = *package;
                                        view! { <option value=package.0.to_string() selected=move || chosen() == Some(package)>{label.clone()}</option> }
                                    }).collect_view()}
                                </select>
                                <Show when=rollback><span class="badge badge-warning">"Rollback"</span></Show>
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// Step 2: what blocks the release, what to look at first, and whom it reaches.
#[component]
fn ChecksStep(
    /// The checks of the release as chosen so far; none once the pack is gone.
    check: Memo<Option<ReleaseCheck>>,
) -> impl IntoView {
    let session = Session::expect();
    move || {
        let Some(check) = check.get() else {
            return view! { <p>"This pack no longer exists."</p> }.into_any();
        };
        let impact = check.impact.clone();
        let changes = session.workspace().with(|ws| {
            impact
                .components
                .iter()
                .map(|change| {
                    let text = match change.change {
                        VersionChange::Added { to } => {
                            format!("added at {}", version_label(ws, to))
                        }
                        VersionChange::Removed { from } => {
                            format!("removed (was {})", version_label(ws, from))
                        }
                        VersionChange::Upgraded { from, to } => {
                            format!("{} → {}", version_label(ws, from), version_label(ws, to))
                        }
                        VersionChange::RolledBack { from, to } => format!(
                            "rolled back {} → {}",
                            version_label(ws, from),
                            version_label(ws, to)
                        ),
                        VersionChange::Unchanged { at } => {
                            format!("unchanged at {}", version_label(ws, at))
                        }
                    };
                    (change.name.clone(), text)
                })
                .collect::<Vec<_>>()
        });
        view! {
            <h2>"2. Checks and impact"</h2>
            {(!check.warnings.is_empty()).then(|| view! {
                <div class="notice notice-warning" data-testid="warnings">
                    <strong>"Warnings (you may release anyway):"</strong>
                    <ul>{check.warnings.iter().map(|warning| view! { <li>{warning.sentence()}</li> }).collect_view()}</ul>
                </div>
            })}
            <h3>"Components"</h3>
            <ul data-testid="impact-components">{changes.into_iter().map(|(name, text)| view! { <li><strong>{name}</strong>": "{text}</li> }).collect_view()}</ul>
            {(!impact.extensibility.is_empty()).then(|| view! {
                <h3>"Extensibility settings"</h3>
                <ul>{impact.extensibility.iter().map(|change| {
                    let mut parts = Vec::new();
                    if !change.fields_added.is_empty() { parts.push(format!("now extensible: {}", change.fields_added.join(", "))); }
                    if !change.fields_removed.is_empty() { parts.push(format!("no longer extensible: {}", change.fields_removed.join(", "))); }
                    view! { <li><strong>{change.shared_component.clone()}</strong>": "{parts.join("; ")}</li> }
                }).collect_view()}</ul>
            })}
            {(!impact.configuration.is_empty()).then(|| view! {
                <h3>"Configuration"</h3>
                <ul data-testid="impact-configuration">{impact.configuration.iter().map(|field| {
                    let plural = crate::domain::event::plural;
                    let mut parts = Vec::new();
                    if field.gained > 0 {
                        parts.push(format!("newly extensible: {} will have it to fill in", plural(field.gained, "instance", "instances")));
                    }
                    if !field.lost.is_empty() {
                        parts.push(format!("no longer extensible: {} lose their value", plural(field.lost.len(), "instance", "instances")));
                    }
                    if field.gained == 0 && field.lost.is_empty() {
                        parts.push(format!("unchanged: {} kept", plural(field.kept, "value", "values")));
                    } else if field.kept > 0 {
                        parts.push(format!("{} kept", plural(field.kept, "value", "values")));
                    }
                    let lost = session.workspace().with_untracked(|ws| lost_instances(ws, &field.lost));
                    view! {
                        <li>
                            <strong>{format!("{} {} \u{2014} {}", field.kind.label(), field.component, field.field)}</strong>": "{parts.join("; ")}
                            {(!lost.is_empty()).then(|| view! { <span class="hint">{format!(" ({lost})")}</span> })}
                        </li>
                    }
                }).collect_view()}</ul>
            })}
            <h3>"Install base"</h3>
            <p data-testid="impact-install-base">
                {format!(
                    "{} will move to this release.",
                    if impact.instances_moving == 0 { "No instances".to_owned() } else {
                        format!("{} in {}", crate::domain::event::plural(impact.instances_moving, "instance", "instances"), crate::domain::event::plural(impact.accounts_moving, "account", "accounts"))
                    }
                )}
                {(!impact.instances_in_testing.is_empty()).then(|| format!(
                    " {} now in the testing period of the pending release.",
                    crate::domain::event::plural(impact.instances_in_testing.len(), "instance is", "instances are")
                ))}
            </p>
        }
            .into_any()
    }
}

/// Step 3: the release notes and the regression tests the publisher confirms were run.
#[component]
fn NotesStep(
    /// The release notes, as typed.
    notes: RwSignal<String>,
    /// The checklist items ticked.
    ticked: RwSignal<BTreeSet<ChecklistItem>>,
) -> impl IntoView {
    view! {
        <h2>"3. Release notes and regression tests"</h2>
        <TextArea id="release-notes" label="Release notes (managed accounts see them)" value=notes limit=NOTES_MAX />
        <fieldset class="field">
            <legend>"Before releasing"</legend>
            {ChecklistItem::ALL.into_iter().enumerate().map(|(index, item)| {
                let id = format!("checklist-{index}");
                let tick = move |event| {
                    let checked = event_target_checked(&event);
                    ticked.update(|ticked| {
                        if checked {
                            ticked.insert(item);
                        } else {
                            ticked.remove(&item);
                        }
                    });
                };
                view! {
                    <div class="field-check">
                        <input id=id.clone() type="checkbox" prop:checked=move || ticked.with(|ticked| ticked.contains(&item)) on:change=tick />
                        <label for=id>{item.label()}</label>
                    </div>
                }
            }).collect_view()}
        </fieldset>
    }
}

/// Step 4: when the release happens, immediately or on a date with its testing period, and
/// making it.
#[component]
fn ScheduleStep(
    /// Immediately or on a date.
    when: RwSignal<When>,
    /// The date as typed (YYYY-MM-DD), in the publisher's zone.
    date: RwSignal<String>,
    /// The checks of the release as chosen so far (the date's refusals among them).
    check: Memo<Option<ReleaseCheck>>,
) -> impl IntoView {
    let session = Session::expect();
    let window = move || {
        let zone = session.zone();
        let day = date.get().parse::<NaiveDate>().ok()?;
        let due = zone.first_instant_of(day);
        Some(format!(
            "The testing period starts as soon as you confirm. On {day} the release applies to every account that did not apply it early, between midnight and 1 AM {zone}: at {}.",
            zone.format_instant(due)
        ))
    };
    let tomorrow = move || (session.zone().date_at(session.now()) + TimeDelta::days(1)).to_string();
    view! {
        <h2>"4. When should it reach the install base?"</h2>
        <fieldset class="field">
            <legend>"Schedule"</legend>
            <label class="choice-line">
                <input id="release-when-now" type="radio" name="release-when" prop:checked=move || when.get() == When::Immediately on:change=move |_| when.set(When::Immediately) />
                <span><strong>"Release immediately"</strong>" — every installed instance runs it at once (a pending release is superseded)."</span>
            </label>
            <label class="choice-line">
                <input id="release-when-date" type="radio" name="release-when" prop:checked=move || when.get() == When::OnDate on:change=move |_| when.set(When::OnDate) />
                <span><strong>"Release on specified date"</strong>" — with a testing period until then."</span>
            </label>
        </fieldset>
        <Show when=move || when.get() == When::OnDate>
            <div class="field">
                <label for="release-date">{move || format!("Date ({})", session.zone())}</label>
                <input id="release-date" type="date" min=tomorrow prop:value=move || date.get() on:input=move |event| date.set(event_target_value(&event)) />
            </div>
            <p class="hint" data-testid="release-window">{window}</p>
        </Show>
        {move || {
            let errors: Vec<String> = check.get().map(|check| check.errors.iter().map(ToString::to_string).collect()).unwrap_or_default();
            (!errors.is_empty()).then(|| view! {
                <div class="notice notice-error" role="alert">
                    <ul>{errors.into_iter().map(|error| view! { <li>{error}</li> }).collect_view()}</ul>
                </div>
            })
        }}
    }
}

/// The instances that lose a value, as their accounts (and override names) read: the first
/// ten, then how many more.
fn lost_instances(ws: &crate::domain::Workspace, lost: &[crate::domain::InstanceId]) -> String {
    const NAMED: usize = 10;
    let mut names: Vec<String> = lost
        .iter()
        .take(NAMED)
        .filter_map(|id| ws.instance(*id).ok())
        .map(|instance| {
            let account = ws
                .account(instance.account)
                .map(|account| account.name.clone())
                .unwrap_or_default();
            match &instance.integration_pack_override_name {
                Some(name) => format!("{account}: {name}"),
                None => account,
            }
        })
        .collect();
    if lost.len() > NAMED {
        names.push(format!("and {} more", lost.len() - NAMED));
    }
    names.join(", ")
}
