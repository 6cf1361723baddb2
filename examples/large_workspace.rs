//! Writes a workspace file with 20,000 accounts (or as many as asked), 50 packs and 5
//! instances per account, built through the engine, for `make bench-load` to import:
//! `cargo run --release --example large_workspace -- target/large-workspace.json`
//! (a second argument sets the number of accounts: 5 instances each; a third puts the first
//! pack in a testing period with that many early appliers, each reporting on it).

use packwright::store::demo::{large_workspace, with_testing_period};
use packwright::store::WorkspaceFile;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "target/large-workspace.json".to_owned());
    let accounts: u32 = match std::env::args().nth(2) {
        Some(count) => count.parse()?,
        None => 20_000,
    };
    let now = "2026-11-25T10:00:00Z".parse()?;
    let reports: usize = match std::env::args().nth(3) {
        Some(count) => count.parse()?,
        None => 0,
    };
    let mut large = large_workspace(accounts, 50, now)?;
    if reports > 0 {
        large = with_testing_period(large, reports)?;
    }
    let file = WorkspaceFile::new(large.workspace, large.events);
    std::fs::write(&path, file.to_json())?;
    println!(
        "{path}: {accounts} accounts, 50 packs, {} instances, {reports} reports on a pending release",
        accounts * 5
    );
    Ok(())
}
