use packwright::domain::queries;
use packwright::store::demo::{large_workspace, with_testing_period};
#[test]
fn probe() {
    let now = "2026-11-25T10:00:00Z".parse().unwrap();
    let large = with_testing_period(large_workspace(100_000, 50, now).unwrap(), 10_000).unwrap();
    let ws = &large.workspace;
    let pack = ws.pack(large.big_pack).unwrap();
    for _ in 0..3 {
        let t = std::time::Instant::now();
        let s = queries::testing_summary(ws, pack, 2).unwrap();
        println!("summary {:?} {} {}", t.elapsed(), s.works, s.problems);
        let t = std::time::Instant::now();
        let _ = queries::pack_status(ws, pack);
        let _ = queries::release_would_change(ws, pack);
        println!("status {:?}", t.elapsed());
        let t = std::time::Instant::now();
        let rows = queries::install_rows(ws, pack);
        println!("rows {:?} {}", t.elapsed(), rows.len());
        let t = std::time::Instant::now();
        let h = queries::release_history(ws, pack);
        println!("history {:?} {}", t.elapsed(), h.len());
        let t = std::time::Instant::now();
        let _ = queries::pending_summary(ws, pack);
        let _ = queries::install_base(pack);
        println!("pending {:?}", t.elapsed());
    }
}
