//! The install-base chart: instances on each release over time, as a small SVG.

use leptos::prelude::*;

use crate::domain::queries::InstallBaseHistory;
use crate::domain::PublisherZone;

// Whole SVG units: fine enough at this size, and the app needs no float formatting.
const WIDTH: i64 = 640;
const HEIGHT: i64 = 180;
const LEFT: i64 = 40;
const BOTTOM: i64 = 24;
const COLOURS: [&str; 6] = [
    "#1f4e8c", "#e5883a", "#1d7a46", "#8e44ad", "#b42318", "#5a6576",
];

/// Points of one release's line: (x, y) in SVG units, as steps.
fn step_line(points: &[(i64, i64)]) -> String {
    let mut path = String::new();
    for (index, (x, y)) in points.iter().enumerate() {
        if index == 0 {
            path.push_str(&format!("M{x},{y}"));
        } else {
            path.push_str(&format!(" H{x} V{y}"));
        }
    }
    path
}

/// Instances per release over time, as an SVG line per release.
#[component]
pub fn InstallBaseChart(
    /// After each change: the instances on each release.
    history: Signal<InstallBaseHistory>,
    /// The zone the dates are shown in.
    zone: Signal<PublisherZone>,
) -> impl IntoView {
    move || {
        let history = history.get();
        if history.iter().all(|(_, counts)| counts.is_empty()) {
            return view! { <p class="hint">"No instances installed yet."</p> }.into_any();
        }
        let zone = zone.get();
        let first = history
            .first()
            .map(|(at, _)| at.timestamp())
            .unwrap_or_default();
        let last = history
            .last()
            .map(|(at, _)| at.timestamp())
            .unwrap_or_default();
        let span = (last - first).max(1);
        let most = history
            .iter()
            .map(|(_, counts)| counts.values().copied().max().unwrap_or(0))
            .max()
            .unwrap_or(1)
            .max(1);
        let x = |at: i64| LEFT + (at - first) * (WIDTH - LEFT - 10) / span;
        let y = |count: usize| {
            (HEIGHT - BOTTOM) - (count * (HEIGHT - BOTTOM - 10) as usize / most) as i64
        };
        let releases: std::collections::BTreeSet<u32> = history
            .iter()
            .flat_map(|(_, counts)| counts.keys().copied())
            .collect();
        let lines = releases
            .iter()
            .enumerate()
            .map(|(index, release)| {
                let points: Vec<(i64, i64)> = history
                    .iter()
                    .map(|(at, counts)| {
                        (
                            x(at.timestamp()),
                            y(counts.get(release).copied().unwrap_or(0)),
                        )
                    })
                    .collect();
                let colour = COLOURS[index % COLOURS.len()];
                (format!("Release {release}"), colour, step_line(&points))
            })
            .collect::<Vec<_>>();
        let from = zone.date_at(history[0].0).to_string();
        let to = format!("{} ({zone})", zone.date_at(history[history.len() - 1].0));
        let description =
            format!("Instances per release from {from} to {to}; at most {most} on one release.");
        view! {
            <figure class="chart">
                <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-label=description.clone() data-testid="install-base-chart">
                    <line x1=LEFT y1=HEIGHT - BOTTOM x2=WIDTH y2=HEIGHT - BOTTOM class="axis" />
                    <line x1=LEFT y1="0" x2=LEFT y2=HEIGHT - BOTTOM class="axis" />
                    <text x="4" y="14" class="chart-label">{most.to_string()}</text>
                    <text x="4" y=HEIGHT - BOTTOM class="chart-label">"0"</text>
                    <text x=LEFT y=HEIGHT - 6 class="chart-label">{from}</text>
                    <text x=WIDTH - 4 y=HEIGHT - 6 class="chart-label" text-anchor="end">{to}</text>
                    {lines.iter().map(|(_, colour, path)| view! { <path d=path.clone() stroke=*colour fill="none" stroke-width="2.5" /> }).collect_view()}
                </svg>
                <figcaption class="legend">
                    {lines
                        .into_iter()
                        .map(|(label, colour, _)| view! {
                            <span>
                                <svg width="12" height="12" aria-hidden="true"><rect width="12" height="12" rx="2" fill=colour /></svg>
                                {label}
                            </span>
                        })
                        .collect_view()}
                </figcaption>
            </figure>
        }
            .into_any()
    }
}
