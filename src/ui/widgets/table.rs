//! The tables of the console: a header row of column titles and the caller's rows.

use leptos::prelude::*;

/// One column's heading.
#[derive(Clone, Copy)]
pub struct Column {
    title: &'static str,
    class: &'static str,
    /// Said to assistive technology only (a column of buttons).
    hidden: bool,
}

impl Column {
    pub const fn text(title: &'static str) -> Column {
        Column {
            title,
            class: "",
            hidden: false,
        }
    }

    /// A column of numbers, aligned right.
    pub const fn number(title: &'static str) -> Column {
        Column {
            title,
            class: "number",
            hidden: false,
        }
    }

    /// A column of actions: its title is read out, not shown.
    pub const fn actions() -> Column {
        Column {
            title: "Actions",
            class: "",
            hidden: true,
        }
    }
}

/// A table with one header row; `children` are its body rows (`<tr>`s).
#[component]
pub fn Table(
    /// The columns, in order.
    columns: Vec<Column>,
    /// `data-testid` of the table.
    #[prop(optional)]
    testid: &'static str,
    /// Extra CSS classes ("card").
    #[prop(optional)]
    class: &'static str,
    children: Children,
) -> impl IntoView {
    view! {
        <table class=format!("table {class}") data-testid=(!testid.is_empty()).then_some(testid)>
            <thead>
                <tr>
                    {columns.into_iter().map(|column| {
                        let title = if column.hidden {
                            view! { <span class="visually-hidden">{column.title}</span> }.into_any()
                        } else {
                            column.title.into_any()
                        };
                        view! { <th scope="col" class=column.class>{title}</th> }
                    }).collect_view()}
                </tr>
            </thead>
            <tbody>{children()}</tbody>
        </table>
    }
}
