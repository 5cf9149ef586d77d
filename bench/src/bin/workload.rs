//! Writes the benchmark workloads: `cargo run -p secint-bench --bin workload [DIR]` writes
//! `workload-9001.sql` and `workload-90010.sql` (default DIR: bench/workload).

fn main() {
    let dir = std::env::args()
        .nth(1)
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("workload"));
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("workload: cannot create {}: {e}", dir.display());
        std::process::exit(2);
    }
    for lines in [secint_bench::LINES, secint_bench::LINES_10X] {
        let text = secint_bench::workload(lines);
        let path = dir.join(format!("workload-{lines}.sql"));
        if let Err(e) = std::fs::write(&path, &text) {
            eprintln!("workload: cannot write {}: {e}", path.display());
            std::process::exit(2);
        }
        println!("{}: {} lines, {} bytes", path.display(), lines, text.len());
    }
}
