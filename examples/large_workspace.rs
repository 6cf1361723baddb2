//! Writes a workspace file with 20,000 accounts, 50 packs and 100,000 instances, built
//! through the engine, for `make bench-load` to import:
//! `cargo run --release --example large_workspace -- target/large-workspace.json`.

use packwright::store::demo::large_workspace;
use packwright::store::WorkspaceFile;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "target/large-workspace.json".to_owned());
    let now = "2026-11-25T10:00:00Z".parse()?;
    let large = large_workspace(20_000, 50, now)?;
    let file = WorkspaceFile::new(large.workspace, large.events);
    std::fs::write(&path, file.to_json())?;
    println!("{path}: 20,000 accounts, 50 packs, 100,000 instances");
    Ok(())
}
