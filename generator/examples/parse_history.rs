//! Parses every version in a folder many times over: a steady workload for a profiler
//! (`valgrind --tool=callgrind target/release/examples/parse_history DIR`).

fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "tests/data/qmp-events-history".to_owned());
    let rounds: usize = std::env::args()
        .nth(2)
        .and_then(|n| n.parse().ok())
        .unwrap_or(20);
    let mut versions = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("read the folder") {
        let path = entry.expect("a folder entry").path();
        if path.extension().is_some_and(|ext| ext == "txt") {
            versions.push(std::fs::read(&path).expect("read a version"));
        }
    }
    let mut events = 0;
    for _ in 0..rounds {
        for version in &versions {
            events += qmpgen::text::parse::parse_bytes(version).spec.events.len();
        }
    }
    println!(
        "{} versions × {rounds} rounds: {events} events",
        versions.len()
    );
}
