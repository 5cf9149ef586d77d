//! Writes the benchmark workloads. `cargo run -p secint-bench --bin workload -- --help` for the
//! forms; with no options it writes `workload-9001.sql` and `workload-90010.sql` to DIR
//! (default: bench/workload).

use std::path::{Path, PathBuf};

const USAGE: &str = "\
usage: workload [DIR]                          workload-9001.sql and workload-90010.sql in DIR
                                               (default: bench/workload)
       workload --lines N [--clean] -o FILE    one document of N lines (--clean: no mistakes)
       workload --bytes N -o FILE              one document of at most N bytes, whole lines
       workload --tree DIR --files N --lines-per-file L
                                               N files of about L lines each, whole statements,
                                               in DIR/dir_NN/file_NNNN.sql";

fn fail(message: &str) -> ! {
    eprintln!("workload: {message}\n{USAGE}");
    std::process::exit(2);
}

fn write(path: &Path, text: &str) {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        if let Err(e) = std::fs::create_dir_all(dir) {
            fail(&format!("cannot create {}: {e}", dir.display()));
        }
    }
    if let Err(e) = std::fs::write(path, text) {
        fail(&format!("cannot write {}: {e}", path.display()));
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        println!("{USAGE}");
        return;
    }
    let value = |name: &str| -> Option<String> {
        let at = args.iter().position(|a| a == name)?;
        Some(
            args.get(at + 1)
                .cloned()
                .unwrap_or_else(|| fail(&format!("{name} needs a value"))),
        )
    };
    let number = |name: &str| -> Option<usize> {
        value(name).map(|v| {
            v.parse()
                .unwrap_or_else(|_| fail(&format!("{name} takes a number, not `{v}`")))
        })
    };
    let output = value("-o").map(PathBuf::from);
    let clean = args.iter().any(|a| a == "--clean");

    if let Some(dir) = value("--tree") {
        let files = number("--files").unwrap_or_else(|| fail("--tree needs --files N"));
        let lines = number("--lines-per-file").unwrap_or(40);
        let dir = PathBuf::from(dir);
        let mut bytes = 0;
        for (path, text) in secint_bench::tree(files, lines) {
            bytes += text.len();
            write(&dir.join(path), &text);
        }
        println!("{}: {files} files, {bytes} bytes", dir.display());
    } else if let Some(lines) = number("--lines") {
        let path = output.unwrap_or_else(|| fail("--lines needs -o FILE"));
        let text = if clean {
            secint_bench::clean_workload(lines)
        } else {
            secint_bench::workload(lines)
        };
        write(&path, &text);
        println!("{}: {lines} lines, {} bytes", path.display(), text.len());
    } else if let Some(bytes) = number("--bytes") {
        let path = output.unwrap_or_else(|| fail("--bytes needs -o FILE"));
        let text = secint_bench::workload_of_size(bytes);
        write(&path, &text);
        println!(
            "{}: {} lines, {} bytes",
            path.display(),
            text.lines().count(),
            text.len()
        );
    } else {
        if let Some(unknown) = args.iter().find(|a| a.starts_with('-')) {
            fail(&format!("unknown option `{unknown}`"));
        }
        let dir = args
            .first()
            .map(PathBuf::from)
            .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("workload"));
        for lines in [secint_bench::LINES, secint_bench::LINES_10X] {
            let text = secint_bench::workload(lines);
            let path = dir.join(format!("workload-{lines}.sql"));
            write(&path, &text);
            println!("{}: {} lines, {} bytes", path.display(), lines, text.len());
        }
    }
}
